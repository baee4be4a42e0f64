"""Account writes: password changes, mandates, a company's named users and their invitations."""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.models import (
    AccountKind,
    ApiToken,
    EmailOptOut,
    Invitation,
    Mandate,
    Membership,
    PasswordHistory,
    User,
)
from portail.accounts.roles import API_CAPABILITIES, READ, WRITE, Capability, Role, can
from portail.accounts.selectors import API_TOKEN_START, token_hash
from portail.audit.services import event_record
from portail.members.models import NoticeKind
from portail.members.selectors import service_branding

if TYPE_CHECKING:
    from portail.members.models import Member


@transaction.atomic
def password_change_done(*, request: HttpRequest, user: User) -> None:
    """After Django's form set the new password: keep this session, end the others."""
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    update_session_auth_hash(request, user)
    event_record(action="account.password_changed", actor=user, member=getattr(request, "member", None), request=request)


@transaction.atomic
def password_history_record(*, user: User, keep: int) -> None:
    """Remember the password hash just set on `user`, and forget all but the `keep` latest."""
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def mandate_grant(*, mandataire: User, member: "Member", granted_by: User | None = None) -> Mandate:
    mandate, _ = Mandate.objects.get_or_create(
        mandataire=mandataire, member=member, revoked_at=None, defaults={"granted_by": granted_by}
    )
    event_record(action="mandate.granted", actor=granted_by, member=member, obj=mandate, summary=str(mandataire))
    return mandate


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, revoked_by: User | None = None) -> Mandate:
    mandate.revoked_at = timezone.now()
    mandate.revoked_by = revoked_by
    mandate.save(update_fields=["revoked_at", "revoked_by"])
    event_record(
        action="mandate.revoked", actor=revoked_by, member=mandate.member, obj=mandate, summary=str(mandate.mandataire))
    return mandate


# --- accounts created and managed by the service's staff ------------------------------------

# No look-alike characters: the temporary password is copied by hand from an e-mail.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """20 random characters in 4 groups (~115 bits), longer than any account minimum."""
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(4)]
    return "-".join(groups)


def _send_credentials(*, user: User, password: str, reason: str) -> None:
    service = service_branding()
    kind = "mandataire" if user.is_mandataire else "adhérent"
    send_mail(
        subject=f"[{service.name}] Vos identifiants du portail {kind}",
        message=(
            "Bonjour,\n\n"
            f"{reason}\n\n"
            f"Identifiant : {user.username}\n"
            f"Mot de passe provisoire : {password}\n\n"
            "À votre première connexion, le portail vous demandera de choisir votre propre mot de passe "
            "(au moins 12 caractères). Ce mot de passe provisoire cesse alors de fonctionner.\n"
            + ("Cochez « Je suis mandataire » sur la page de connexion.\n" if user.is_mandataire else "")
            + f"\nUne question ? {service.hotline_email}"
        ),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=False,
    )


@transaction.atomic
def portal_account_create(*, kind: str, username: str, email: str, actor: User, member: "Member | None" = None,
                          organisation: str = "", first_name: str = "", last_name: str = "",
                          request: HttpRequest | None = None) -> User:
    """A member or mandataire login with a temporary password e-mailed to `email`.

    The first login forces a password change (PasswordChangeRequiredMiddleware).
    """
    if kind not in (AccountKind.MEMBER, AccountKind.MANDATAIRE):
        raise ValidationError("Type de compte invalide.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"L'identifiant {username} est déjà utilisé.")
    password = temporary_password()
    user = User(kind=kind, username=username, email=email, member=member, organisation=organisation,
                first_name=first_name, last_name=last_name, must_change_password=True)
    user.set_password(password)
    user.save()
    event_record(action="account.created", actor=actor, member=member, obj=user, request=request,
                 summary=f"Compte {user.get_kind_display().lower()} {username} créé, identifiants envoyés")
    transaction.on_commit(lambda: _send_credentials(
        user=user, password=password, reason="Votre accès au portail a été créé par notre service."))
    return user


@transaction.atomic
def account_password_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> User:
    """New temporary password by e-mail. Changing the hash ends every open session of the account."""
    if not user.is_portal_user:
        raise ValidationError("Seuls les comptes adhérent et mandataire se réinitialisent ici.")
    if not user.email:
        raise ValidationError("Ce compte n'a pas d'adresse e-mail : impossible d'envoyer un mot de passe provisoire.")
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    event_record(action="account.password_reset", actor=actor, member=user.member, obj=user, request=request,
                 summary=f"Mot de passe de {user.username} réinitialisé par le service")
    transaction.on_commit(lambda: _send_credentials(
        user=user, password=password, reason="Votre mot de passe a été réinitialisé par notre service."))
    return user


@transaction.atomic
def account_active_set(*, user: User, active: bool, actor: User, request: HttpRequest | None = None) -> User:
    """Lock or unlock a portal account; a locked account's sessions stop at the next request."""
    if not user.is_portal_user:
        raise ValidationError("Seuls les comptes adhérent et mandataire se verrouillent ici.")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    event_record(action="account.unlocked" if active else "account.locked", actor=actor, member=user.member,
                 obj=user, request=request,
                 summary=f"Compte {user.username} {'déverrouillé' if active else 'verrouillé'}")
    return user


# --- a company's named users: invitations, roles, deactivation ------------------------------

INVITATION_DAYS = 7


def _send_invitation(*, invitation: Invitation, url: str) -> None:
    service = service_branding()
    inviter = invitation.invited_by.audit_label if invitation.invited_by else service.name
    send_mail(
        subject=f"[{service.name}] Invitation à l'espace adhérent de {invitation.member.name}",
        message=(
            "Bonjour,\n\n"
            f"{inviter} vous invite à rejoindre l'espace adhérent de {invitation.member.name} "
            f"(n° {invitation.member.number}) avec le rôle « {invitation.get_role_display()} ».\n\n"
            f"Pour accepter et choisir votre mot de passe, ouvrez ce lien (valable {INVITATION_DAYS} jours, "
            f"une seule fois) :\n{url}\n\n"
            "Vous vous connecterez ensuite avec votre adresse e-mail.\n"
            f"\nUne question ? {service.hotline_email}"
        ),
        from_email=None,
        recipient_list=[invitation.email],
        fail_silently=False,
    )


@transaction.atomic
def invitation_send(*, member: "Member", email: str, role: str, actor: User, accept_url: Callable[[str], str],
                    request: HttpRequest | None = None) -> Invitation:
    """Invite `email` to `member` with `role`; a pending invitation of the same person is replaced.

    `accept_url(token)` builds the link: only the token's hash is stored, so the link is in the e-mail only.
    """
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError("Rôle inconnu.")
    if Membership.objects.filter(member=member, user__username=email, is_active=True).exists():
        raise ValidationError(f"{email} est déjà utilisateur de cette entreprise.")
    now = timezone.now()
    Invitation.objects.filter(member=member, email=email, accepted_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        member=member, email=email, role=role, token_hash=token_hash(token),
        expires_at=now + timedelta(days=INVITATION_DAYS), invited_by=actor if actor.is_authenticated else None,
    )
    event_record(action="user.invited", actor=actor, member=member, obj=invitation, request=request,
                 summary=f"{email} invité(e) ({invitation.get_role_display()})")
    url = accept_url(token)
    transaction.on_commit(lambda: _send_invitation(invitation=invitation, url=url))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User, request: HttpRequest | None = None) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        event_record(action="user.invitation_revoked", actor=actor, member=invitation.member, obj=invitation,
                     request=request, summary=f"Invitation de {invitation.email} annulée")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, first_name: str = "", last_name: str = "",
                      request: HttpRequest | None = None) -> User:
    """Join the company: a new person gets an account with `password`, a known one proves theirs.

    The invitation row is locked and re-checked here, so a link used twice at once makes one membership.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("Cette invitation n'est plus valable.")
    user = User.objects.filter(username=invitation.email).first()
    if user is None:
        user = User(kind=AccountKind.USER, username=invitation.email, email=invitation.email,
                    first_name=first_name.strip(), last_name=last_name.strip())
        validate_password(password, user=user)
        user.set_password(password)
        user.save()
    elif user.kind != AccountKind.USER or not user.is_active or not user.check_password(password):
        raise ValidationError("Mot de passe incorrect pour le compte existant de cette adresse.")
    membership, _ = Membership.objects.update_or_create(
        user=user, member=invitation.member,
        defaults={"role": invitation.role, "is_active": True, "created_by": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    event_record(action="user.joined", actor=user, member=invitation.member, obj=membership, request=request,
                 summary=f"{user.audit_label} a rejoint l'entreprise ({membership.get_role_display()})")
    return user


@transaction.atomic
def membership_role_set(*, membership: Membership, role: str, actor: User, request: HttpRequest | None = None) -> Membership:
    if role not in Role.values:
        raise ValidationError("Rôle inconnu.")
    if membership.role != role:
        before = membership.get_role_display()
        membership.role = role
        membership.save(update_fields=["role"])
        event_record(action="user.role_changed", actor=actor, member=membership.member, obj=membership,
                     request=request,
                     summary=f"Rôle de {membership.user.audit_label} : {before} → {membership.get_role_display()}")
    return membership


@transaction.atomic
def membership_active_set(*, membership: Membership, active: bool, actor: User, request: HttpRequest | None = None) -> Membership:
    """Deactivate (or restore) a person's access to one company; their other companies are untouched.

    Their session loses the company at its next request: the current member is re-checked on each one.
    """
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        event_record(action="user.reactivated" if active else "user.deactivated", actor=actor,
                     member=membership.member, obj=membership, request=request,
                     summary=f"Accès de {membership.user.audit_label} {'rétabli' if active else 'désactivé'}")
    return membership


# --- second factor (TOTP) --------------------------------------------------------------------

def totp_device_pending(*, user: User) -> TOTPDevice:
    """The device being enrolled: created unconfirmed, so an abandoned enrolment is resumed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)


@transaction.atomic
def member_totp_confirm(*, user: User, device: TOTPDevice, token: str, request: HttpRequest | None = None) -> bool:
    """Confirm a named user's device with a first code."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    event_record(action="account.otp_enrolled", actor=user, obj=device, request=request,
                 summary="Double authentification (TOTP) activée")
    return True


def member_otp_failure_record(*, user: User, request: HttpRequest | None = None) -> None:
    event_record(action="account.otp_failed", actor=user, request=request, summary="Code de double authentification refusé")


# --- personal API tokens ---------------------------------------------------------------------

API_TOKEN_MAX_DAYS = 366
API_TOKEN_TOUCH_SECONDS = 60


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its full text, shown once: only its hash is kept."""

    token: ApiToken
    text: str


def api_token_scope_errors(*, role: str | None, scopes: Mapping[str, str]) -> list[str]:
    """French messages for a scope the role does not allow (a token never reaches further than its creator)."""
    errors = []
    for name, access in scopes.items():
        if name not in API_CAPABILITIES or access not in (READ, WRITE):
            errors.append(f"Portée inconnue : {name}.")
        elif not can(role, Capability(name), access):
            errors.append(f"Votre rôle ne permet pas la portée « {name} » en {'écriture' if access == WRITE else 'lecture'}.")
    return errors


def _expiry(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@transaction.atomic
def api_token_create(*, user: User, role: str | None, name: str, scopes: Mapping[str, str], expires_on: date,
                     request: HttpRequest | None = None) -> IssuedToken:
    """A token for `user`, limited to what `role` (their role in the company they act for) allows."""
    errors: dict[str, list[str]] = {}
    if scope_errors := api_token_scope_errors(role=role, scopes=scopes):
        errors["scopes"] = scope_errors
    elif not scopes:
        errors["scopes"] = ["Choisissez au moins une portée."]
    today = timezone.localdate()
    if not today < expires_on <= today + timedelta(days=API_TOKEN_MAX_DAYS):
        errors["expires_on"] = [f"Choisissez une date d'expiration dans les {API_TOKEN_MAX_DAYS} jours à venir."]
    if errors:
        raise ValidationError(errors)
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:80], prefix=prefix, secret_hash=token_hash(secret),
                                    scopes=dict(scopes), expires_at=_expiry(expires_on))
    event_record(action="api_token.create", actor=user, obj=token, request=request,
                 summary=f"Création du jeton d'API « {token.name} »", data={"prefix": prefix, "scopes": token.scopes})
    return IssuedToken(token=token, text=f"{API_TOKEN_START}{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, request: HttpRequest | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(action="api_token.revoke", actor=actor, obj=token, request=request,
                     summary=f"Révocation du jeton d'API « {token.name} »", data={"prefix": token.prefix})
    return token


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every usable token of `user` (a new password: the tokens of the old one stop)."""
    if user.pk is None:
        return 0
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_touch(*, token: ApiToken) -> None:
    """Note the last use, at most once a minute (a write per call would cost every call)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > API_TOKEN_TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
@transaction.atomic
def email_preferences_set(*, user: User, wanted: set[str], request: HttpRequest | None = None) -> None:
    """The kinds of notice `user` wants by e-mail; the others stay in the portal's notifications only."""
    refused = set(NoticeKind.values) - wanted
    EmailOptOut.objects.filter(user=user).exclude(kind__in=refused).delete()
    existing = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    EmailOptOut.objects.bulk_create([EmailOptOut(user=user, kind=kind) for kind in sorted(refused - existing)])
    event_record(action="account.email_preferences_changed", actor=user, member=getattr(request, "member", None),
                 request=request, summary=", ".join(sorted(wanted)) or "aucun e-mail")
