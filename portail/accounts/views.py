from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from portail.accounts import selectors, services
from portail.accounts.forms import EmailPreferencesForm, MemberSearchForm, PortalLoginForm, ResetByLoginForm
from portail.accounts.lockout import lockout_response
from portail.accounts.models import AccountKind
from portail.accounts.second_factor import second_factor_start
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required, set_current_member
from portail.members.models import NoticeKind


class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff already signed in (a link to the login from the public help) go back to their own side.
        user = self.request.user
        if user.is_authenticated and user.is_staff and user.kind == AccountKind.STAFF:
            return resolve_url("backoffice:inbox")
        return super().get_default_redirect_url()

    def post(self, request, *args, **kwargs):
        # A known lockout is refused before the form, the backends and the page render (issue 8).
        refused = lockout_response(request)
        if refused is not None:
            return refused
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        second_factor_start(self.request, user)
        if user.kind in (AccountKind.MANDATAIRE, AccountKind.USER):
            members = list(selectors.accessible_members(user=user)[:2])
            if len(members) == 1:
                set_current_member(self.request, members[0])
            elif user.kind == AccountKind.MANDATAIRE:
                return redirect("portal:cockpit")  # all the clients at a glance, each a click away
            else:
                return redirect("accounts:choose_member")
        return response


@method_decorator(rate_limited("password_reset"), name="post")
class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = ResetByLoginForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        form.user.must_change_password = False
        form.user.save(update_fields=["must_change_password"])
        return response


@login_required
def password_change(request):
    """"Gestion mot de passe", also the forced first-login change of the seed."""
    form = PasswordChangeForm(request.user, request.POST or None)
    forced = request.user.must_change_password
    if request.method == "POST" and form.is_valid():
        form.save()
        services.password_change_done(request=request, user=request.user)
        messages.success(request, "Votre mot de passe a été modifié.")
        return redirect("backoffice:inbox" if request.user.is_staff else "portal:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


@login_required
def choose_member(request):
    """Mandataires choose the company to act for; grouped members switch establishment."""
    if not request.user.is_portal_user:
        raise PermissionDenied
    form = MemberSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    members = selectors.search_accessible_members(user=request.user, query=query)
    template = "accounts/_member_choices.html" if request.htmx else "accounts/choose_member.html"
    return render(request, template, {"form": form, "members": members, "query": query})


@login_required
@require_POST
def switch_member(request):
    if not request.user.is_portal_user:
        raise PermissionDenied
    try:
        member_id = int(request.POST.get("member", ""))
    except ValueError as exc:
        raise Http404 from exc
    member = selectors.member_accessible(user=request.user, member_id=member_id)
    if member is None:
        raise Http404
    set_current_member(request, member)
    messages.success(request, f"Vous agissez maintenant pour {member.name} (n° {member.number}).")
    return redirect("portal:home")


@member_required
def notification_preferences(request):
    """Which kinds of notice this user also gets by e-mail."""
    refused = selectors.email_opt_outs(user=request.user)
    form = EmailPreferencesForm(request.POST if request.method == "POST" else None,
                                initial={"kinds": [kind for kind in NoticeKind.values if kind not in refused]})
    if request.method == "POST" and form.is_valid():
        services.email_preferences_set(user=request.user, wanted=set(form.cleaned_data["kinds"]), request=request)
        messages.success(request, "Vos préférences de notification sont enregistrées.")
        return redirect("accounts:notification_preferences")
    return render(request, "accounts/notification_preferences.html", {"form": form},
                  status=400 if form.is_bound else 200)
