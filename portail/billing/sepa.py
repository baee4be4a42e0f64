"""Online SEPA mandate: signature, staff notification, revocation."""

import secrets

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portail.accounts.notices import member_notify
from portail.audit.services import event_record
from portail.billing.models import SepaMandate
from portail.billing.pdf import mandate_pdf
from portail.members.freshness import member_data_changed
from portail.members.models import NoticeKind
from portail.members.selectors import service_get


def _new_reference(member) -> str:
    """RUM: up to 35 characters of A-Z 0-9; member number + date + random part, unique in the table."""
    while True:
        reference = f"RUM{member.number}{timezone.now():%Y%m%d}{secrets.token_hex(3).upper()}"
        if not SepaMandate.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def sepa_mandate_sign(*, member, holder_name: str, iban: str, bic: str, address: str, actor,
                      request=None) -> SepaMandate:
    """A new mandate replaces the active one (change of bank account)."""
    service = service_get()
    if service is None or not service.sepa_creditor_id:
        raise ValidationError("Le prélèvement SEPA n'est pas encore proposé par le service (ICS non renseigné).")
    now = timezone.now()
    for previous in SepaMandate.objects.select_for_update().filter(member=member, revoked_at__isnull=True):
        previous.revoked_at = now
        previous.save(update_fields=["revoked_at"])
    mandate = SepaMandate.objects.create(
        member=member, reference=_new_reference(member), holder_name=holder_name, iban=iban, bic=bic,
        holder_address=address, creditor_id=service.sepa_creditor_id, signed_at=now, signed_by=actor,
    )
    member_data_changed(member_ids=[member.pk])
    event_record(action="billing.sepa_mandate_signed", actor=actor, member=member, obj=mandate, request=request,
                 summary=f"Mandat SEPA {mandate.reference} signé en ligne ({mandate.iban_masked})")
    transaction.on_commit(lambda: _notify_staff(mandate, service, "Nouveau mandat SEPA signé"))
    member_notify(member=member, kind=NoticeKind.RECEIPT, subject=f"Mandat de prélèvement SEPA {mandate.reference} signé",
                  body=f"Compte {mandate.iban_masked}, titulaire {mandate.holder_name}. Il remplace tout mandat précédent.",
                  url=reverse("billing:sepa"))
    return mandate


@transaction.atomic
def sepa_mandate_revoke(*, mandate: SepaMandate, actor, request=None) -> SepaMandate:
    mandate = SepaMandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.revoked_at:
        raise ValidationError("Ce mandat est déjà révoqué.")
    mandate.revoked_at = timezone.now()
    mandate.save(update_fields=["revoked_at"])
    member_data_changed(member_ids=[mandate.member_id])
    event_record(action="billing.sepa_mandate_revoked", actor=actor, member=mandate.member, obj=mandate,
                 request=request, summary=f"Mandat SEPA {mandate.reference} révoqué")
    transaction.on_commit(lambda: _notify_staff(mandate, service_get(), "Mandat SEPA révoqué"))
    return mandate


def _notify_staff(mandate: SepaMandate, service, subject: str) -> None:
    recipient = service and (service.staff_notification_email or service.hotline_email)
    if not recipient:
        return
    member = mandate.member
    body = (
        f"{subject} par l'adhérent {member.number} – {member.name}.\n"
        f"RUM : {mandate.reference}\nTitulaire : {mandate.holder_name}\nIBAN : {mandate.iban_masked}\n"
    )
    message = EmailMessage(subject=f"{subject} – adhérent {member.number}", body=body, to=[recipient])
    message.attach(f"mandat-{mandate.reference}.pdf", mandate_pdf(mandate=mandate), "application/pdf")
    message.send(fail_silently=True)
