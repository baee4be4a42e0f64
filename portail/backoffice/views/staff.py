"""Staff accounts and roles, for administrators."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portail.backoffice import forms, selectors, services
from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.views import refusal_told


@staff_required(role=StaffRole.ADMIN)
def staff_list(request):
    return render(request, "backoffice/staff/list.html", {"accounts": selectors.staff_accounts()})


@staff_required(role=StaffRole.ADMIN)
def staff_edit(request, pk: int):
    account = selectors.staff_account_get(pk=pk)
    profile = getattr(account, "staff_profile", None)
    initial = {"role": profile.role, "care_team": profile.care_team} if profile else {}
    form = forms.StaffProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_profile_set(user=account, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Rôle de {account.display_name} enregistré.")
            return redirect("backoffice:staff_list")
    return render(request, "backoffice/staff/edit.html", {"account": account, "form": form},
                  status=400 if form.errors else 200)


@staff_required(role=StaffRole.ADMIN)
@require_POST
def staff_otp_reset(request, pk: int):
    account = selectors.staff_account_get(pk=pk)
    with refusal_told(request, first=True):
        services.staff_second_factor_reset(user=account, actor=request.user, request=request)
        messages.success(request, f"Second facteur de {account.display_name} réinitialisé : "
                                  "il l'enregistrera à sa prochaine connexion.")
    return redirect("backoffice:staff_list")
