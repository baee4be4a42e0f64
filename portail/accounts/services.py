"""Account writes: password changes, mandates, current company."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone

from portail.accounts.models import AccountKind, Mandate, PasswordHistory, User
from portail.audit.services import event_record
from portail.members.selectors import service_branding


@transaction.atomic
def password_change_done(*, request, user: User) -> None:
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
def mandate_grant(*, mandataire: User, member, granted_by: User | None = None) -> Mandate:
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
        action="mandate.revoked", actor=revoked_by, member=mandate.member, obj=mandate, summary=str(mandate.mandataire)
    )
    return mandate


# --- accounts created and managed by the service's staff ------------------------------------

# No look-alike characters: the temporary password is copied by hand from an e-mail.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """20 random characters in 4 groups (~115 bits), longer than any account minimum."""
    import secrets

    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(4)]
    return "-".join(groups)


def _send_credentials(*, user: User, password: str, reason: str) -> None:
    from django.core.mail import send_mail

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
def portal_account_create(
    *, kind: str, username: str, email: str, actor: User, member=None, organisation: str = "",
    first_name: str = "", last_name: str = "", request=None,
) -> User:
    """A member or mandataire login with a temporary password e-mailed to `email`.

    The first login forces a password change (PasswordChangeRequiredMiddleware).
    """
    from django.core.exceptions import ValidationError

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
def account_password_reset(*, user: User, actor: User, request=None) -> User:
    """New temporary password by e-mail. Changing the hash ends every open session of the account."""
    from django.core.exceptions import ValidationError

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
def account_active_set(*, user: User, active: bool, actor: User, request=None) -> User:
    """Lock or unlock a portal account; a locked account's sessions stop at the next request."""
    from django.core.exceptions import ValidationError

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
