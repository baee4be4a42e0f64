"""Workplace actions (AMT) in the back office: the list, recording one, its document, overdue company sheets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from portail.activity import selectors, services
from portail.activity.forms import WorkplaceActionForm
from portail.activity.models import WorkplaceAction
from portail.activity.views import action_document_response
from portail.backoffice.access import staff_required
from portail.backoffice.navigation import CARE
from portail.core.fields import add_service_errors


@require_GET
@staff_required(role=CARE)
def actions(request):
    number = request.GET.get("adherent", "").strip()[:20]
    actions = selectors.staff_workplace_actions(number=number)[:200]
    return render(request, "backoffice/activity/actions.html", {"actions": actions, "number": number})


@staff_required(role=CARE)
def action_create(request):
    form = WorkplaceActionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            action = services.workplace_action_record(
                member=data.pop("member_number"), staff=list(data.pop("staff")), actor=request.user,
                request=request, **data,
            )
        except ValidationError as error:
            add_service_errors(form=form, error=error)
        else:
            messages.success(request, f"L'action « {action.title} » a été enregistrée pour {action.member}.")
            return redirect("backoffice:activity_actions")
    return render(request, "backoffice/activity/action_form.html", {"form": form})


@require_GET
@staff_required(role=CARE)
def action_document(request, pk: int):
    return action_document_response(get_object_or_404(WorkplaceAction.objects.all(), pk=pk))


@require_GET
@staff_required(role=CARE)
def overdue_sheets(request):
    rows = selectors.overdue_company_sheets(today=timezone.localdate())
    return render(request, "backoffice/activity/overdue_sheets.html", {"rows": rows})
