"""pain.008 batches: one collection per mandate grouping the member's due invoices, never more than the member's
balance due; lifecycle created → submitted → settled, and rejects (R-transactions) that reopen the invoices."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from sepaxml import SepaDD

from portail.audit.services import event_record
from portail.billing.accounting import reminder_recipients
from portail.billing.models import (
    ZERO,
    CreditApplication,
    DirectDebitBatch,
    DirectDebitBatchStatus,
    DirectDebitItem,
    DirectDebitItemStatus,
    DirectDebitLine,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
    SepaMandate,
)
from portail.billing.selectors import (
    InvoiceAllocated,
    _allocated_subquery,
    balance_due,
    billing_service,
    billing_settings_get,
    invoice_open_amount,
)
from portail.billing.services import credit_open_apply, payment_record
from portail.core.formatting import count_fr, money_fr
from portail.core.money import cents
from portail.members.freshness import member_change_record

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations

SCHEMA = "pain.008.001.02"

# R-transaction reason codes a French bank returns most (EPC guidance), with what the member is told.
REJECT_REASONS = {
    "AC01": "IBAN incorrect",
    "AC04": "compte clôturé",
    "AC06": "compte bloqué",
    "AG01": "prélèvement interdit sur ce compte",
    "AM04": "provision insuffisante",
    "MD01": "absence de mandat",
    "MD06": "contestation du débiteur",
    "MS02": "refus du débiteur",
    "MS03": "motif non communiqué par la banque",
    "SL01": "service spécifique de la banque du débiteur",
}


@dataclass(frozen=True)
class DebitCandidate:
    """One collection to make: the mandate and, oldest first, each invoice with the part collected."""

    mandate: SepaMandate
    parts: list[tuple[Invoice, Decimal]]

    @property
    def amount(self) -> Decimal:
        return sum((part for _, part in self.parts), ZERO)

    @property
    def member(self):
        return self.mandate.member


def earliest_collection_date(*, today: date | None = None) -> date:
    """Members are told of each debit at least N days before (pre-notification, default 14)."""
    return (today or date.today()) + timedelta(days=billing_settings_get().sepa_prenotification_days)


def _being_collected(*, member) -> Decimal:
    """What live collections not yet settled will take: still open on the invoices, not to be collected twice."""
    lines = DirectDebitLine.objects.filter(invoice__member=member, active=True,
                                           item__status=DirectDebitItemStatus.PENDING)
    return sum((line.amount for line in lines), ZERO)


def debit_candidates(*, collection_date: date) -> list[DebitCandidate]:
    mandates = {m.member_id: m for m in SepaMandate.objects.filter(revoked_at__isnull=True)
                .select_related("member").order_by("signed_at")}
    invoices: QuerySet[WithAnnotations[Invoice, InvoiceAllocated]] = (
        Invoice.objects.filter(status=InvoiceStatus.ISSUED, member_id__in=mandates, due_date__lte=collection_date,
                               total_ttc__gt=0)
        .exclude(direct_debits__active=True)
        .annotate(allocated=_allocated_subquery()).select_related("member")
        .order_by("member__number", "due_date", "issue_date", "number")
    )
    by_member: dict[int, list[WithAnnotations[Invoice, InvoiceAllocated]]] = {}
    for invoice in invoices:
        if invoice.total_ttc - invoice.allocated > 0:
            by_member.setdefault(invoice.member_id, []).append(invoice)
    candidates = []
    for member_id, open_invoices in by_member.items():
        mandate = mandates[member_id]
        # An open credit (credit note, overpayment) lowers what is due: never collect more than the balance.
        left = balance_due(member=mandate.member) - _being_collected(member=mandate.member)
        parts: list[tuple[Invoice, Decimal]] = []
        for invoice in open_invoices:
            # SQLite sums come back as 15-digit decimals: cents, as the pain.008 file and the records hold them.
            part = cents(min(left, invoice.total_ttc - invoice.allocated))
            if part <= 0:
                break
            parts.append((invoice, part))
            left -= part
        if parts:
            candidates.append(DebitCandidate(mandate=mandate, parts=parts))
    return candidates


def _apply_open_credits(*, collection_date: date, actor, request) -> None:
    """With automatic credit application, open credits are set off before anything is collected."""
    if billing_settings_get().credit_application != CreditApplication.AUTOMATIC:
        return
    for candidate in debit_candidates(collection_date=collection_date):
        credit_open_apply(member=candidate.member, actor=actor, request=request)


def _end_to_end_id(*, candidate: DebitCandidate, collection_date: date) -> str:
    return f"{candidate.member.number}-{collection_date:%Y%m%d}-{candidate.mandate.pk}"[:35]


def _sepa_payment(*, candidate: DebitCandidate, sequence: str, collection_date: date) -> dict:
    numbers = ", ".join(invoice.number or "" for invoice, _ in candidate.parts)
    payment = {
        "name": candidate.mandate.holder_name, "IBAN": candidate.mandate.iban,
        "amount": int(candidate.amount * 100), "type": sequence, "collection_date": collection_date,
        "mandate_id": candidate.mandate.reference, "mandate_date": candidate.mandate.signed_at.date(),
        "description": f"Adherent {candidate.member.number} factures {numbers}"[:140],
        "endtoend_id": _end_to_end_id(candidate=candidate, collection_date=collection_date),
    }
    if candidate.mandate.bic:
        payment["BIC"] = candidate.mandate.bic
    return payment


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
        raise ValidationError("Renseignez l'IBAN, le BIC et l'ICS du service (Paramètres) avant de créer un lot de "
                              "prélèvements.")
    _apply_open_credits(collection_date=collection_date, actor=actor, request=request)
    candidates = debit_candidates(collection_date=collection_date)
    if not candidates:
        raise ValidationError("Aucune facture à prélever à cette date.")
    sepa = SepaDD({"name": service.name[:70], "IBAN": terms.creditor_iban, "BIC": terms.creditor_bic, "batch": True,
                   "creditor_id": service.sepa_creditor_id, "currency": "EUR"}, schema=SCHEMA, clean=True)
    # FRST for the first debit under a mandate, RCUR afterwards (one collection per mandate and batch).
    sequences = {c.mandate.pk: "RCUR" if c.mandate.first_collection_done else "FRST" for c in candidates}
    for c in candidates:
        sepa.add_payment(_sepa_payment(candidate=c, sequence=sequences[c.mandate.pk], collection_date=collection_date))
    xml = sepa.export(validate=True, pretty_print=True).decode()
    batch = DirectDebitBatch.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, collection_date=collection_date,
        message_id=sepa.msg_id[:35], xml=xml, count=len(candidates), total=sum(c.amount for c in candidates),
    )
    for c in candidates:
        item = DirectDebitItem.objects.create(
            batch=batch, mandate=c.mandate, amount=c.amount, sequence_type=sequences[c.mandate.pk],
            end_to_end_id=_end_to_end_id(candidate=c, collection_date=collection_date))
        DirectDebitLine.objects.bulk_create([DirectDebitLine(item=item, invoice=invoice, amount=part)
                                             for invoice, part in c.parts])
    SepaMandate.objects.filter(pk__in=[pk for pk, seq in sequences.items() if seq == "FRST"]).update(
        first_collection_done=True)
    event_record(action="billing.direct_debit_batch_created", actor=actor, request=request, obj=batch,
                 summary=f"Lot de {count_fr(batch.count, 'prélèvement')} ({money_fr(batch.total)}) pour le "
                         f"{collection_date:%d/%m/%Y}")
    return batch


@transaction.atomic
def direct_debit_batch_submit(*, batch: DirectDebitBatch, actor=None, request=None) -> DirectDebitBatch:
    """The file went to the bank: nothing is paid yet (the money arrives at the collection date)."""
    batch = DirectDebitBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != DirectDebitBatchStatus.CREATED:
        raise ValidationError("Ce lot a déjà été remis à la banque.")
    batch.status = DirectDebitBatchStatus.SUBMITTED
    batch.save(update_fields=["status"])
    event_record(action="billing.direct_debit_batch_submitted", actor=actor, request=request, obj=batch,
                 summary=f"Lot {batch.message_id} remis à la banque ({money_fr(batch.total)})")
    return batch


@transaction.atomic
def direct_debit_batch_settle(*, batch: DirectDebitBatch, actor=None, request=None, today: date | None = None) -> int:
    """The bank credited the batch: one SEPA payment per collection not rejected, dated the collection date and
    allocated to its invoices. Returns the number of payments recorded."""
    batch = DirectDebitBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != DirectDebitBatchStatus.SUBMITTED:
        raise ValidationError("Seul un lot remis à la banque peut être réglé.")
    if (today or date.today()) < batch.collection_date:
        raise ValidationError(f"Le lot ne peut être réglé qu'à partir de sa date de prélèvement, le "
                              f"{batch.collection_date:%d/%m/%Y}.")
    items = batch.items.select_related("mandate__member").filter(status=DirectDebitItemStatus.PENDING)
    for item in items:
        payment = payment_record(
            member=item.mandate.member, method=PaymentMethod.DIRECT_DEBIT, payment_date=batch.collection_date,
            amount=item.amount, reference=f"SEPA {item.end_to_end_id}"[:100],
            allocations=_settle_parts(item=item), actor=actor, request=request,
        )
        item.payment, item.status = payment, DirectDebitItemStatus.SETTLED
        item.save(update_fields=["payment", "status"])
    batch.status = DirectDebitBatchStatus.SETTLED
    batch.save(update_fields=["status"])
    event_record(action="billing.direct_debit_batch_settled", actor=actor, request=request, obj=batch,
                 summary=f"Lot {batch.message_id} réglé : {count_fr(len(items), 'prélèvement encaissé')}")
    return len(items)


def _settle_parts(*, item: DirectDebitItem) -> list[tuple[Invoice, Decimal]]:
    """Each invoice gets its part, up to what is still open there (any excess stays a credit on the account)."""
    parts = []
    for line in item.lines.select_related("invoice").order_by("pk"):
        part = min(line.amount, invoice_open_amount(invoice=line.invoice))
        if part > 0:
            parts.append((line.invoice, part))
    return parts


def direct_debit_batch_mark(*, batch: DirectDebitBatch, status: str, actor=None, request=None,
                            today: date | None = None) -> int:
    """The staff button: "Remis à la banque" then "Réglé". Returns the number of payments recorded."""
    if status == DirectDebitBatchStatus.SUBMITTED:
        direct_debit_batch_submit(batch=batch, actor=actor, request=request)
        return 0
    if status == DirectDebitBatchStatus.SETTLED:
        return direct_debit_batch_settle(batch=batch, actor=actor, request=request, today=today)
    raise ValidationError("État de lot inconnu.")


@transaction.atomic
def direct_debit_item_reject(*, item: DirectDebitItem, reason: str, fee: Decimal = ZERO, on: date | None = None,
                             actor=None, request=None) -> DirectDebitItem:
    """An R-transaction (reject before settlement, return or refund after): the invoices are open again and
    collectable later, an encashed payment is reversed, the next debit is a FRST again, the member is told."""
    item = DirectDebitItem.objects.select_for_update().select_related("batch", "mandate__member").get(pk=item.pk)
    if reason not in REJECT_REASONS:
        raise ValidationError("Motif de rejet inconnu.")
    if item.status == DirectDebitItemStatus.REJECTED:
        raise ValidationError("Ce prélèvement est déjà rejeté.")
    if item.batch.status == DirectDebitBatchStatus.CREATED:
        raise ValidationError("Ce lot n'a pas encore été remis à la banque : aucun rejet possible.")
    if fee < 0:
        raise ValidationError("Les frais de rejet ne peuvent pas être négatifs.")
    if item.payment_id:
        _reverse_payment(item=item, on=on or date.today(), actor=actor, request=request)
    item.lines.update(active=False)
    item.status, item.reject_reason, item.reject_fee = DirectDebitItemStatus.REJECTED, reason, fee
    item.rejected_at = on or date.today()
    item.save(update_fields=["status", "reject_reason", "reject_fee", "rejected_at"])
    if item.sequence_type == "FRST":
        SepaMandate.objects.filter(pk=item.mandate_id).update(first_collection_done=False)
    member = item.mandate.member
    event_record(action="billing.direct_debit_rejected", actor=actor, member=member, obj=item, request=request,
                 summary=f"Prélèvement de {money_fr(item.amount)} rejeté ({reason} : {REJECT_REASONS[reason]})",
                 data={"reason": reason, "fee": str(fee)})
    transaction.on_commit(lambda: _tell_member(item=item))
    return item


def _reverse_payment(*, item: DirectDebitItem, on: date, actor, request) -> None:
    """A record, not an edit: a negative SEPA payment takes back what the encashed one settled."""
    member = item.mandate.member
    reversal = Payment.objects.create(
        member=member, method=PaymentMethod.DIRECT_DEBIT, date=on, amount=-item.amount,
        reference=f"Rejet SEPA {item.end_to_end_id}"[:100],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assert item.payment is not None  # called only for an item whose payment was recorded
    for allocation in item.payment.allocations.all():
        PaymentAllocation.objects.create(payment=reversal, invoice_id=allocation.invoice_id, amount=-allocation.amount)
    member_change_record(action="billing.payment_recorded", actor=actor, member=member, obj=reversal, request=request,
                         summary=f"Prélèvement rejeté : {money_fr(item.amount)} repris")


def _tell_member(*, item: DirectDebitItem) -> None:
    member, service = item.mandate.member, billing_service()
    recipients = reminder_recipients(member=member)
    if not recipients:
        return
    numbers = ", ".join(number or "" for number in item.lines.values_list("invoice__number", flat=True))
    body = (
        f"Madame, Monsieur,\n\nLe prélèvement de {money_fr(item.amount)} du {item.batch.collection_date:%d/%m/%Y} "
        f"(factures {numbers}) a été rejeté par votre banque : {REJECT_REASONS[item.reject_reason]}.\n"
        f"Ces factures restent dues : vous pouvez les régler par virement depuis votre espace adhérent, rubrique "
        f"« Vos factures », ou nous contacter.\n\n{service.name}"
    )
    EmailMessage(subject=f"Prélèvement rejeté – adhérent {member.number}", body=body, to=recipients,
                 reply_to=[service.hotline_email] if service.hotline_email else None).send(fail_silently=True)
