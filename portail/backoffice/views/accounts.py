"""Back office: creating members, managing portal accounts, mandates and groups (issue 7 §3)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from portail.accounts import selectors as account_selectors
from portail.accounts import services as account_services
from portail.accounts.forms import InviteForm, RoleForm
from portail.accounts.models import AccountKind, Mandate
from portail.accounts.team_views import accept_url
from portail.backoffice import forms, selectors, services
from portail.backoffice.access import has_role, staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.views import refusal_told
from portail.core.confirmation import Confirmation, confirmation_page, confirmed
from portail.members import services as member_services

# Accounts and mandates: the front desk; administrators may do everything anyway.
ACCOUNTS = StaffRole.RECEPTION


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/gestion/"):
        return redirect(target)
    return redirect(default)


def _member(pk: int):
    return selectors.member_detail(pk=pk)["member"]


@staff_required(role=ACCOUNTS)
def member_create(request):
    form = forms.MemberCreateForm(request.POST or None, initial={"country": "France"})
    if request.method == "POST" and form.is_valid():
        member = services.member_onboard(data=form.member_data(), account_email=form.cleaned_data["account_email"],
                                         actor=request.user, request=request)
        messages.success(request, f"Adhérent n° {member.number} créé. Ses identifiants ont été envoyés à "
                                  f"{form.cleaned_data['account_email']}.")
        return redirect("backoffice:member_detail", pk=member.pk)
    return render(request, "backoffice/members/create.html", {"form": form}, status=400 if form.errors else 200)


def _confirmation(request, *, title: str, message: str, button: str):
    """An irreversible action is done only from its confirmation page (core.confirmation); "Non, revenir en
    arrière" goes back to the page the first button was on, when it is a back-office page."""
    target = request.POST.get("next") or request.GET.get("next", "")
    back = target if url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith(
        "/gestion/") else ""
    return confirmation_page(request, confirmation=Confirmation(
        title=title, consequence=message, confirm_label=button, cancel_url=back or reverse("backoffice:inbox"),
        hidden={"next": back} if back else {}, base="backoffice/base.html"))


@staff_required(role=ACCOUNTS)
@require_http_methods(["GET", "POST"])
def account_password_reset(request, pk: int):
    account = account_selectors.portal_account_get(pk=pk)
    if request.method == "GET" or not confirmed(request):
        return _confirmation(
            request, title=f"Réinitialiser le mot de passe de {account.username} ?",
            message=f"Un mot de passe provisoire sera envoyé à {account.email or 'l’adresse du compte'} et toutes "
                    "les sessions ouvertes de ce compte seront fermées. L'ancien mot de passe ne fonctionnera plus.",
            button="Oui, réinitialiser le mot de passe")
    with refusal_told(request, first=True):
        account_services.account_password_reset(user=account, actor=request.user, request=request)
        messages.success(request, f"Mot de passe provisoire envoyé à {account.email} ; "
                                  "les sessions ouvertes du compte sont fermées.")
    return _back(request, "backoffice:member_list")


@staff_required(role=ACCOUNTS)
@require_POST
def account_active(request, pk: int):
    account = account_selectors.portal_account_get(pk=pk)
    active = request.POST.get("active") == "1"
    account_services.account_active_set(user=account, active=active, actor=request.user, request=request)
    messages.success(request, f"Compte {account.username} {'déverrouillé' if active else 'verrouillé'}.")
    return _back(request, "backoffice:member_list")


@staff_required(role=ACCOUNTS)
@require_POST
def member_mandate_grant(request, pk: int):
    member = _member(pk)
    form = forms.MandateGrantForm(request.POST)
    if form.is_valid():
        mandataire = form.cleaned_data["mandataire"]
        account_services.mandate_grant(mandataire=mandataire, member=member, granted_by=request.user)
        messages.success(request, f"Mandat accordé à {mandataire.organisation or mandataire.username}.")
    else:
        messages.error(request, "Choisissez un mandataire.")
    return redirect("backoffice:member_detail", pk=member.pk)


@staff_required(role=ACCOUNTS)
@require_http_methods(["GET", "POST"])
def mandate_revoke(request, pk: int):
    mandate = account_selectors.active_mandates().filter(pk=pk).first()
    if mandate is None:
        messages.info(request, "Ce mandat est déjà révoqué.")
        return _back(request, "backoffice:mandataire_list")
    if request.method == "GET" or not confirmed(request):
        return _confirmation(
            request, title=f"Révoquer le mandat de {mandate.mandataire.username} pour {mandate.member.number} ?",
            message=f"{mandate.mandataire.display_name} n'aura plus accès aux données de {mandate.member.name} "
                    "dès sa prochaine page. Un mandat révoqué ne se rétablit pas : il faudra en accorder un nouveau.",
            button="Oui, révoquer le mandat")
    account_services.mandate_revoke(mandate=mandate, revoked_by=request.user)
    messages.success(request, f"Mandat de {mandate.mandataire.username} pour {mandate.member.number} révoqué : "
                              "l'accès est coupé immédiatement.")
    return _back(request, "backoffice:mandataire_list")


@staff_required(role=ACCOUNTS)
@require_POST
def member_group(request, pk: int):
    member = _member(pk)
    form = forms.GroupHeadForm(request.POST)
    if form.is_valid():
        with refusal_told(request, first=True):
            member_services.member_group_head_set(member=member, head=form.cleaned_data["head"],
                                                  actor=request.user, request=request)
            messages.success(request, "Regroupement enregistré.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors["head"]))
    return redirect("backoffice:member_detail", pk=member.pk)


@staff_required()
def mandataire_list(request):
    query = request.GET.get("q", "")[:100]
    return render(request, "backoffice/mandataires/list.html",
                  {"mandataires": account_selectors.mandataires(query=query), "q": query})


@staff_required(role=ACCOUNTS)
def mandataire_create(request):
    form = forms.MandataireCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.portal_account_create(kind=AccountKind.MANDATAIRE, actor=request.user,
                                                          request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Compte mandataire {user.username} créé ; identifiants envoyés à {user.email}.")
            return redirect("backoffice:mandataire_detail", pk=user.pk)
    return render(request, "backoffice/mandataires/create.html", {"form": form}, status=400 if form.errors else 200)


def _mandataire_page(request, account, form=None, status=200):
    mandates = Mandate.objects.filter(mandataire=account).select_related("member").order_by("-granted_at")
    context = {"account": account, "mandates": mandates, "form": form or forms.MandateGrantByNumberForm(),
               "can_manage": has_role(request.user, [ACCOUNTS])}
    return render(request, "backoffice/mandataires/detail.html", context, status=status)


def _mandataire(pk: int):
    account = account_selectors.portal_account_get(pk=pk)
    if account.kind != AccountKind.MANDATAIRE:
        raise Http404
    return account


@staff_required()
def mandataire_detail(request, pk: int):
    return _mandataire_page(request, _mandataire(pk))


@staff_required(role=ACCOUNTS)
@require_POST
def mandataire_grant(request, pk: int):
    account = _mandataire(pk)
    form = forms.MandateGrantByNumberForm(request.POST)
    if not form.is_valid():
        return _mandataire_page(request, account, form, status=400)
    member = form.cleaned_data["member"]
    account_services.mandate_grant(mandataire=account, member=member, granted_by=request.user)
    messages.success(request, f"Mandat accordé pour {member.number} – {member.name}.")
    return redirect("backoffice:mandataire_detail", pk=account.pk)


@staff_required(role=StaffRole.ADMIN)
@require_POST
def member_assignment(request, pk: int):
    member = _member(pk)
    form = forms.MemberAssignmentForm(request.POST)
    if form.is_valid():
        member_services.member_assignment_set(member=member, actor=request.user, request=request,
                                              **form.cleaned_data)
        messages.success(request, "Centre et équipe enregistrés.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("backoffice:member_detail", pk=member.pk)


@staff_required()
@require_POST
def view_as_start(request, pk: int):
    member = _member(pk)
    services.view_as_start(request=request, member=member)
    messages.info(request, f"Vous consultez l'espace de {member.name} en lecture seule.")
    return redirect("portal:home")


@staff_required()
@require_POST
def view_as_stop(request):
    member = services.view_as_stop(request=request)
    if member is None:
        return redirect("backoffice:member_list")
    messages.success(request, f"Consultation de l'espace de {member.name} terminée.")
    return redirect("backoffice:member_detail", pk=member.pk)


# --- a member's named users (the same actions as its administrator's « Utilisateurs » page) ------

@staff_required(role=ACCOUNTS)
@require_POST
def member_user_invite(request, pk: int):
    member = _member(pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une adresse e-mail et un rôle valides.")
        return redirect("backoffice:member_detail", pk=member.pk)
    with refusal_told(request, first=True):
        account_services.invitation_send(member=member, actor=request.user, request=request,
                                         accept_url=accept_url(request), **form.cleaned_data)
        messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
    return redirect("backoffice:member_detail", pk=member.pk)


@staff_required(role=ACCOUNTS)
@require_POST
def member_user_role(request, pk: int, membership_pk: int):
    membership = account_selectors.membership_get(member=_member(pk), pk=membership_pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        account_services.membership_role_set(membership=membership, role=form.cleaned_data["role"],
                                             actor=request.user, request=request)
        messages.success(request, f"Rôle de {membership.user.display_name} : {membership.get_role_display()}.")
    return redirect("backoffice:member_detail", pk=pk)


@staff_required(role=ACCOUNTS)
@require_POST
def member_user_active(request, pk: int, membership_pk: int):
    membership = account_selectors.membership_get(member=_member(pk), pk=membership_pk)
    active = request.POST.get("active") == "1"
    account_services.membership_active_set(membership=membership, active=active, actor=request.user, request=request)
    messages.success(request, f"Accès de {membership.user.display_name} {'rétabli' if active else 'désactivé'}.")
    return redirect("backoffice:member_detail", pk=pk)
