"""A company's named users, managed by its administrators (« Utilisateurs »), and the invitation link."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portail.accounts import selectors, services
from portail.accounts.forms import InvitationAcceptForm, InvitationJoinForm, InviteForm, RoleForm
from portail.accounts.second_factor import second_factor_start
from portail.core.links import public_url
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required, set_current_member


def accept_url(request):
    return lambda token: public_url(reverse("accounts:invitation_accept", args=[token]))


def _page(request, invite_form=None, status=200):
    context = {
        "memberships": selectors.company_memberships(member=request.member),
        "invitations": selectors.pending_invitations(member=request.member),
        "invite_form": invite_form or InviteForm(),
        "role_form": RoleForm(),
    }
    return render(request, "accounts/users.html", context, status=status)


@member_required
def users(request):
    return _page(request)


@member_required
@rate_limited("invitation")
@require_POST
def user_invite(request):
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_send(member=request.member, actor=request.user, request=request,
                                     accept_url=accept_url(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("accounts:users")
    return _page(request, invite_form=form, status=400)


@member_required
@require_POST
def user_role(request, pk: int):
    membership = selectors.membership_get(member=request.member, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.membership_role_set(membership=membership, role=form.cleaned_data["role"], actor=request.user,
                                     request=request)
        messages.success(request, f"Rôle de {membership.user.display_name} : {membership.get_role_display()}.")
    return redirect("accounts:users")


@member_required
@require_POST
def user_active(request, pk: int):
    membership = selectors.membership_get(member=request.member, pk=pk)
    active = request.POST.get("active") == "1"
    services.membership_active_set(membership=membership, active=active, actor=request.user, request=request)
    messages.success(request, f"Accès de {membership.user.display_name} {'rétabli' if active else 'désactivé'}.")
    return redirect("accounts:users")


@member_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = selectors.invitation_get(member=request.member, pk=pk)
    services.invitation_revoke(invitation=invitation, actor=request.user, request=request)
    messages.success(request, f"Invitation de {invitation.email} annulée.")
    return redirect("accounts:users")


@rate_limited("invitation")
def invitation_accept(request, token: str):
    """Public: the link of the e-mail. A new person chooses a password; a known one types theirs."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    known = selectors.account_exists(email=invitation.email)
    form_class = InvitationJoinForm if known else InvitationAcceptForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        names = {k: form.cleaned_data[k] for k in ("first_name", "last_name") if k in form.cleaned_data}
        try:
            user = services.invitation_accept(invitation=invitation, password=form.password, request=request,
                                              **names)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="portail.accounts.backends.PortalBackend")
            set_current_member(request, invitation.member)
            second_factor_start(request, user)
            messages.success(request, f"Bienvenue ! Vous agissez pour {invitation.member.name}.")
            return redirect("portal:home")
    context = {"invitation": invitation, "form": form, "known": known}
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)
