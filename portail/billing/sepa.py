"""SEPA mandates: online signature, a paper mandate recorded by staff, revocation (by the member or by staff),
staff notification."""

import re
import secrets
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portail.accounts.notices import member_notify
from portail.billing.models import MandateChannel, SepaMandate
from portail.billing.pdf import mandate_pdf
from portail.members.freshness import member_change_record
from portail.members.models import NoticeKind
from portail.members.selectors import service_get


def _new_reference(member) -> str:
    """RUM: up to 35 characters of A-Z 0-9; member number + date + random part, unique in the table."""
    while True:
        reference = f"RUM{member.number}{timezone.now():%Y%m%d}{secrets.token_hex(3).upper()}"
        if not SepaMandate.objects.filter(reference=reference).exists():
            return reference


RUM_PATTERN = re.compile(r"[A-Z0-9]{1,35}")


def reference_check(value: str) -> str:
    """A RUM typed by staff (pre-printed on a paper form): 1 to 35 characters A-Z 0-9, as the ones made online,
    and not used by another mandate."""
    compact = value.replace(" ", "").upper()
    if not RUM_PATTERN.fullmatch(compact):
        raise ValidationError({"reference": "La RUM compte 1 à 35 caractères, lettres et chiffres seulement."})
    if SepaMandate.objects.filter(reference=compact).exists():
        raise ValidationError({"reference": "Cette RUM est déjà celle d'un autre mandat."})
    return compact


def _creditor_id() -> str:
    service = service_get()
    if service is None or not service.sepa_creditor_id:
        raise ValidationError("Le prélèvement SEPA n'est pas encore proposé par le service (ICS non renseigné).")
    return service.sepa_creditor_id


def _replace_active(*, member, actor, at) -> None:
    """A new mandate replaces the active one (change of bank account)."""
    for previous in SepaMandate.objects.select_for_update().filter(member=member, revoked_at__isnull=True):
        previous.revoked_at = at
        previous.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        previous.revocation_reason = "Remplacé par un nouveau mandat"
        previous.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])


@transaction.atomic
def sepa_mandate_sign(*, member, holder_name: str, iban: str, bic: str, address: str, actor,
                      request=None) -> SepaMandate:
    """A new mandate replaces the active one (change of bank account)."""
    creditor_id = _creditor_id()
    service = service_get()
    now = timezone.now()
    _replace_active(member=member, actor=actor, at=now)
    mandate = SepaMandate.objects.create(
        member=member, reference=_new_reference(member), holder_name=holder_name, iban=iban, bic=bic,
        holder_address=address, creditor_id=creditor_id, signed_at=now, signed_by=actor,
    )
    member_change_record(action="billing.sepa_mandate_signed", actor=actor, member=member, obj=mandate, request=request,
                         summary=f"Mandat SEPA {mandate.reference} signé en ligne ({mandate.iban_masked})")
    transaction.on_commit(lambda: _notify_staff(mandate, service, "Nouveau mandat SEPA signé"))
    member_notify(member=member, kind=NoticeKind.RECEIPT, subject=f"Mandat de prélèvement SEPA {mandate.reference} signé",
                  body=f"Compte {mandate.iban_masked}, titulaire {mandate.holder_name}. Il remplace tout mandat précédent.",
                  url=reverse("billing:sepa"))
    return mandate


@transaction.atomic
def sepa_mandate_record_paper(*, member, holder_name: str, iban: str, bic: str, address: str, signed_on: date,
                              reference: str = "", actor, request=None) -> SepaMandate:
    """A mandate the member signed on paper, typed in by staff: the RUM printed on the form (checked) or a new
    one; it replaces the active mandate like an online signature, and the member is told."""
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "La date de signature ne peut pas être dans le futur."})
    creditor_id = _creditor_id()
    reference = reference_check(reference) if reference else _new_reference(member)
    _replace_active(member=member, actor=actor, at=timezone.now())
    mandate = SepaMandate.objects.create(
        member=member, reference=reference, holder_name=holder_name, iban=iban, bic=bic, holder_address=address,
        creditor_id=creditor_id, signed_at=timezone.make_aware(datetime.combine(signed_on, time(12))),
        signed_by=actor, channel=MandateChannel.PAPER,
    )
    member_change_record(action="billing.sepa_mandate_recorded", actor=actor, member=member, obj=mandate,
                         request=request,
                         summary=f"Mandat SEPA papier {mandate.reference} enregistré ({mandate.iban_masked}), signé le "
                                 f"{signed_on:%d/%m/%Y}")
    member_notify(member=member, kind=NoticeKind.RECEIPT, subject="Votre mandat de prélèvement SEPA est enregistré",
                  body=f"Le service a enregistré votre mandat de prélèvement SEPA signé le {signed_on:%d/%m/%Y} "
                       f"(RUM {mandate.reference}, compte {mandate.iban_masked}). Les prochaines factures seront "
                       f"prélevées sur ce compte, après un préavis.")
    return mandate


@transaction.atomic
def sepa_mandate_revoke(*, mandate: SepaMandate, actor, request=None, reason: str = "",
                        by_staff: bool = False) -> SepaMandate:
    """Revoked by the member online, or by staff (the member's letter, a closed account): staff must give the
    reason, and the member is told."""
    mandate = SepaMandate.objects.select_for_update().select_related("member").get(pk=mandate.pk)
    if mandate.revoked_at:
        raise ValidationError("Ce mandat est déjà révoqué.")
    if by_staff and not reason.strip():
        raise ValidationError("Indiquez le motif de la révocation.")
    mandate.revoked_at = timezone.now()
    mandate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    mandate.revocation_reason = reason.strip()[:200]
    mandate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    summary = f"Mandat SEPA {mandate.reference} révoqué" + (f" par le service : {reason.strip()}" if by_staff else "")
    member_change_record(action="billing.sepa_mandate_revoked", actor=actor, member=mandate.member, obj=mandate,
                         request=request, summary=summary)
    if by_staff:
        member_notify(member=mandate.member, subject="Votre mandat de prélèvement SEPA est révoqué",
                      body=f"Le service a révoqué votre mandat de prélèvement SEPA {mandate.reference} "
                           f"(compte {mandate.iban_masked}). Motif : {mandate.revocation_reason}. Vos factures ne "
                           f"seront plus prélevées ; vous pouvez signer un nouveau mandat depuis votre espace "
                           f"adhérent, rubrique « Mes informations SEPA ».")
    else:
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
