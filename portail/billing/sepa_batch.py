"""pain.008 batches: the due, unpaid invoices of members with an active mandate, each collected once."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from sepaxml import SepaDD

from portail.audit.services import event_record
from portail.billing.models import (
    DirectDebitBatch,
    DirectDebitBatchStatus,
    DirectDebitItem,
    Invoice,
    InvoiceStatus,
    PaymentMethod,
    SepaMandate,
)
from portail.billing.selectors import _allocated_subquery, billing_service, billing_settings_get, invoice_open_amount
from portail.billing.services import payment_record

SCHEMA = "pain.008.001.02"


@dataclass(frozen=True)
class DebitCandidate:
    invoice: Invoice
    mandate: SepaMandate
    amount: Decimal


def earliest_collection_date(*, today: date | None = None) -> date:
    """Members are told of each debit at least N days before (pre-notification, default 14)."""
    return (today or date.today()) + timedelta(days=billing_settings_get().sepa_prenotification_days)


def debit_candidates(*, collection_date: date) -> list[DebitCandidate]:
    mandates = {m.member_id: m for m in SepaMandate.objects.filter(revoked_at__isnull=True).order_by("signed_at")}
    invoices = (
        Invoice.objects.filter(status=InvoiceStatus.ISSUED, member_id__in=mandates, due_date__lte=collection_date,
                               direct_debit__isnull=True, total_ttc__gt=0)
        .annotate(allocated=_allocated_subquery()).select_related("member").order_by("member__number", "due_date")
    )
    return [DebitCandidate(invoice=i, mandate=mandates[i.member_id], amount=i.total_ttc - i.allocated)
            for i in invoices if i.total_ttc - i.allocated > 0]


@transaction.atomic
def direct_debit_batch_create(*, collection_date: date, actor=None, request=None,
                              today: date | None = None) -> DirectDebitBatch:
    if collection_date < earliest_collection_date(today=today):
        raise ValidationError(
            f"La date de prélèvement doit respecter le délai de pré-notification : au plus tôt le "
            f"{earliest_collection_date(today=today):%d/%m/%Y}."
        )
    terms, service = billing_settings_get(), billing_service()
    if not (terms.creditor_iban and terms.creditor_bic and service.sepa_creditor_id):
        raise ValidationError("Renseignez l'IBAN, le BIC et l'ICS du service avant de créer un lot de prélèvements.")
    candidates = debit_candidates(collection_date=collection_date)
    if not candidates:
        raise ValidationError("Aucune facture à prélever à cette date.")
    sepa = SepaDD({"name": service.name[:70], "IBAN": terms.creditor_iban, "BIC": terms.creditor_bic, "batch": True,
                   "creditor_id": service.sepa_creditor_id, "currency": "EUR"}, schema=SCHEMA, clean=True)
    first_time = set()
    for c in candidates:
        # FRST for the first debit under a mandate (all of its invoices in this batch), RCUR afterwards.
        sequence = "RCUR" if c.mandate.first_collection_done else "FRST"
        if sequence == "FRST":
            first_time.add(c.mandate.pk)
        payment = {
            "name": c.mandate.holder_name, "IBAN": c.mandate.iban,
            "amount": int(c.amount * 100), "type": sequence, "collection_date": collection_date,
            "mandate_id": c.mandate.reference, "mandate_date": c.mandate.signed_at.date(),
            "description": f"Facture {c.invoice.number} adherent {c.invoice.member.number}",
            "endtoend_id": f"{c.invoice.series}{c.invoice.number}"[:35],
        }
        if c.mandate.bic:
            payment["BIC"] = c.mandate.bic
        sepa.add_payment(payment)
    xml = sepa.export(validate=True, pretty_print=True).decode()
    batch = DirectDebitBatch.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, collection_date=collection_date,
        message_id=sepa.msg_id[:35], xml=xml, count=len(candidates), total=sum(c.amount for c in candidates),
    )
    for c in candidates:
        DirectDebitItem.objects.create(batch=batch, invoice=c.invoice, mandate=c.mandate, amount=c.amount,
                                       sequence_type="RCUR" if c.mandate.first_collection_done else "FRST")
    SepaMandate.objects.filter(pk__in=first_time).update(first_collection_done=True)
    event_record(action="billing.direct_debit_batch_created", actor=actor, request=request, obj=batch,
                 summary=f"Lot de {batch.count} prélèvements ({batch.total} €) pour le {collection_date:%d/%m/%Y}")
    return batch


@transaction.atomic
def direct_debit_batch_mark(*, batch: DirectDebitBatch, status: str, actor=None, request=None) -> int:
    """Mark a batch "Remis à la banque" or "Réglé"; the first time, record one SEPA payment per debit,
    allocated to its invoice (up to what is still open there; any excess stays a credit on the account).
    Idempotent: an item that already has its payment is left alone. Returns the number of payments recorded."""
    if status not in (DirectDebitBatchStatus.SUBMITTED, DirectDebitBatchStatus.SETTLED):
        raise ValidationError("État de lot inconnu.")
    batch = DirectDebitBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == DirectDebitBatchStatus.SETTLED and status == DirectDebitBatchStatus.SUBMITTED:
        raise ValidationError("Ce lot est déjà réglé.")
    recorded = 0
    for item in batch.items.select_related("invoice__member").filter(payment__isnull=True).order_by("pk"):
        open_amount = invoice_open_amount(invoice=item.invoice)
        part = min(open_amount, item.amount)
        payment = payment_record(
            member=item.invoice.member, method=PaymentMethod.DIRECT_DEBIT, payment_date=batch.collection_date,
            amount=item.amount, reference=f"SEPA {batch.message_id} {item.invoice.number}"[:100],
            allocations=[(item.invoice, part)] if part > 0 else [], actor=actor, request=request,
        )
        item.payment = payment
        item.save(update_fields=["payment"])
        recorded += 1
    batch.status = status
    batch.save(update_fields=["status"])
    event_record(action="billing.direct_debit_batch_marked", actor=actor, request=request, obj=batch,
                 summary=f"Lot {batch.message_id} : {batch.get_status_display()} ({recorded} règlement(s))")
    return recorded
