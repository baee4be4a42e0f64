"""Account writes: password changes, mandates, current company."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone

from portail.accounts.models import Mandate, User
from portail.audit.services import event_record


@transaction.atomic
def password_change_done(*, request, user: User) -> None:
    """After Django's form set the new password: keep this session, end the others."""
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    update_session_auth_hash(request, user)
    event_record(action="account.password_changed", actor=user, member=getattr(request, "member", None), request=request)


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
