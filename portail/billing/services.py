"""Billing writes: drafts, issuing (gapless numbers), credit notes, legacy import, payments."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.urls import reverse
from sequences import get_next_value

from portail.accounts.notices import member_notify
from portail.audit.services import event_record
from portail.billing.archive import invoice_archive_after_commit, invoice_snapshot_take
from portail.billing.models import (
    LEGACY_SERIES,
    SYSTEM_SERIES,
    ZERO,
    BillingSettings,
    CreditApplication,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
)
from portail.billing.selectors import (
    billing_service,
    billing_settings_get,
    invoice_credited_amount,
    invoice_open_amount,
    invoices_issued,
)
from portail.core.formatting import money_fr
from portail.core.money import cents
from portail.members.freshness import member_change_record, member_data_changed
from portail.members.models import Member, NoticeKind, Service

if TYPE_CHECKING:
    from portail.accounts.models import User

DEFAULT_VAT = Decimal("20.00")


class InvoiceLocked(ValidationError):
    """Raised when code tries to change an issued invoice: correct it with a credit note instead."""


def _line_totals(*, quantity: Decimal, unit_price_ht: Decimal, vat_rate: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    ht = cents(Decimal(quantity) * Decimal(unit_price_ht))
    vat = cents(ht * Decimal(vat_rate) / 100)
    return ht, vat, ht + vat


def _recompute_totals(invoice: Invoice) -> None:
    """Invoice VAT is computed per rate on the sum of line nets (EN 16931 BR-CO-17), not summed per line."""
    by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for line in invoice.lines.all():
        by_rate[line.vat_rate] += line.total_ht
    invoice.total_ht = sum(by_rate.values(), ZERO)
    invoice.total_vat = sum((cents(ht * rate / 100) for rate, ht in by_rate.items()), ZERO)
    invoice.total_ttc = invoice.total_ht + invoice.total_vat


def _ensure_draft(invoice: Invoice) -> None:
    if invoice.status != InvoiceStatus.DRAFT:
        raise InvoiceLocked(
            f"La facture {invoice.number} est émise : elle ne peut plus être modifiée ni supprimée. "
            "Émettez un avoir pour la corriger."
        )


def _add_lines(invoice: Invoice, lines: Iterable[dict[str, Any]]) -> None:
    start = invoice.lines.count()
    for position, data in enumerate(lines, start=start + 1):
        quantity = Decimal(str(data.get("quantity", 1)))
        unit_price = Decimal(str(data["unit_price_ht"]))
        rate = Decimal(str(data.get("vat_rate", DEFAULT_VAT)))
        ht, vat, ttc = _line_totals(quantity=quantity, unit_price_ht=unit_price, vat_rate=rate)
        InvoiceLine.objects.create(invoice=invoice, position=position, description=data["description"],
                                   quantity=quantity, unit_price_ht=unit_price, vat_rate=rate, total_ht=ht,
                                   total_vat=vat, total_ttc=ttc)


@transaction.atomic
def invoice_create_draft(*, member: Member, kind: str, lines: Iterable[dict[str, Any]], period_label: str = "",
                         period_year: int | None = None, corrects: Invoice | None = None, series: str = SYSTEM_SERIES,
                         actor: "User | None" = None, request: HttpRequest | None = None) -> Invoice:
    invoice = Invoice.objects.create(member=member, kind=kind, series=series, period_label=period_label,
                                     period_year=period_year, corrects=corrects)
    _add_lines(invoice, lines)
    _recompute_totals(invoice)
    invoice.save(update_fields=["total_ht", "total_vat", "total_ttc"])
    member_change_record(
        action="billing.invoice_draft_created", actor=actor, member=member, obj=invoice, request=request,
        summary=f"Brouillon de {invoice.get_kind_display()} ({money_fr(invoice.total_ttc)} TTC)")
    return invoice


@transaction.atomic
def invoice_draft_update(*, invoice: Invoice, period_label: str | None = None, lines: Iterable[dict[str, Any]] | None = None,
                         actor: "User | None" = None, request: HttpRequest | None = None) -> Invoice:
    """Edit a draft. An issued invoice is refused here, in the admin and (on PostgreSQL) by a trigger."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _ensure_draft(invoice)
    if period_label is not None:
        invoice.period_label = period_label
    if lines is not None:
        invoice.lines.all().delete()
        _add_lines(invoice, lines)
    _recompute_totals(invoice)
    invoice.save()
    member_change_record(action="billing.invoice_draft_updated", actor=actor, member=invoice.member, obj=invoice,
                         request=request, summary="Brouillon de facture modifié")
    return invoice


@transaction.atomic
def invoice_draft_delete(*, invoice: Invoice, actor: "User | None" = None, request: HttpRequest | None = None) -> None:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _ensure_draft(invoice)
    event_record(action="billing.invoice_draft_deleted", actor=actor, member=invoice.member, request=request,
                 summary="Brouillon de facture supprimé")
    invoice.delete()
    member_data_changed(member_ids=[invoice.member_id])


def invoice_drafts_delete_after_radiation(*, member: Member, on: date, actor: "User | None" = None,
                                          request: HttpRequest | None = None) -> int:
    """Radiation consequence: drafts for years after the radiation are dropped (never issued ones: those stay
    visible and payable by the member). Returns how many were deleted."""
    drafts = Invoice.objects.filter(member=member, status=InvoiceStatus.DRAFT, period_year__gt=on.year)
    count = 0
    for draft in drafts:
        invoice_draft_delete(invoice=draft, actor=actor, request=request)
        count += 1
    return count


def _next_sequence_value(series: str) -> int:
    """The counter row of django-sequences is updated in the caller's transaction: concurrent issuers
    wait for each other and a rollback gives the number back, so the series has no gaps."""
    if getattr(settings, "BILLING_UNSAFE_NAIVE_NUMBERING", False):
        # Test-only control path (proves the concurrency test can fail): racy max()+1.
        current: int = Invoice.objects.filter(series=series).aggregate(m=Max("sequence_value"))["m"] or 0
        return current + 1
    value: int = get_next_value(f"invoice-{series}")
    return value


def format_number(series: str, value: int) -> str:
    return f"{series}{value:06d}"


@transaction.atomic
def invoice_issue(*, invoice: Invoice, issue_date: date | None = None, actor: "User | None" = None,
                  request: HttpRequest | None = None) -> Invoice:
    """Number and freeze the draft in one transaction: the issued invoice never has a number without the
    snapshot of what it shows. Its PDF is drawn from that snapshot and archived once the number is committed, so
    the series counter is never locked while a PDF is drawn (billing.archive)."""
    return _issue(invoice, issue_date=issue_date, actor=actor, request=request, terms=billing_settings_get(),
                  service=billing_service())


def _issue(invoice: Invoice, *, issue_date: date | None, actor: "User | None", request: HttpRequest | None,
           terms: BillingSettings, service: Service) -> Invoice:
    """invoice_issue with the billing settings and the service already read (once for a whole batch)."""
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("member").get(pk=invoice.pk)
    _ensure_draft(invoice)
    if not invoice.lines.exists():
        raise ValidationError("Une facture sans ligne ne peut pas être émise.")
    issue_date = issue_date or date.today()
    value = _next_sequence_value(invoice.series)
    invoice.sequence_value = value
    invoice.number = format_number(invoice.series, value)
    invoice.issue_date = issue_date
    invoice.due_date = issue_date + timedelta(days=0 if invoice.total_ttc <= 0 else terms.payment_terms_days)
    invoice.snapshot = invoice_snapshot_take(invoice=invoice, service=service, terms=terms)
    invoice.status = InvoiceStatus.ISSUED
    invoice.save()
    invoice_archive_after_commit(invoice=invoice)
    member_change_record(
        action="billing.invoice_issued", actor=actor, member=invoice.member, obj=invoice, request=request,
        summary=f"{invoice.get_kind_display()} n° {invoice.number} émise ({money_fr(invoice.total_ttc)} TTC)")
    member_notify(member=invoice.member, kind=NoticeKind.INVOICE,
                  subject=f"{invoice.get_kind_display()} n° {invoice.number} : {money_fr(invoice.total_ttc)} TTC",
                  body=f"Émise le {issue_date:%d/%m/%Y}, à régler au plus tard le {invoice.due_date:%d/%m/%Y}.",
                  url=reverse("billing:invoice_detail", args=[invoice.pk]))
    return invoice


@transaction.atomic
def credit_note_issue(*, invoice: Invoice, lines: Iterable[dict[str, Any]] | None = None, reason: str = "",
                      line_quantities: dict[int, Decimal] | None = None, amount_ht: Decimal | None = None,
                      issue_date: date | None = None, actor: "User | None" = None,
                      request: HttpRequest | None = None) -> Invoice:
    """An Avoir citing the invoice it corrects: total (no argument), by line (`line_quantities`: quantity credited
    per line id), by amount (`amount_ht`) or with explicit `lines`. It is set off against the invoice at once;
    what the invoice no longer owes (already paid) becomes an open credit, applied to the oldest debt when the
    service applies credits automatically."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_issued or invoice.total_ttc <= 0:
        raise ValidationError("Un avoir ne peut corriger qu'une facture émise d'un montant positif.")
    already = invoice_credited_amount(invoice=invoice)
    if already >= invoice.total_ttc:
        raise ValidationError(f"La facture n° {invoice.number} est déjà entièrement annulée par avoir.")
    if line_quantities is not None:
        lines = _credit_lines_by_quantity(invoice=invoice, quantities=line_quantities, reason=reason)
    elif amount_ht is not None:
        lines = _credit_lines_by_amount(invoice=invoice, amount_ht=amount_ht, reason=reason)
    elif lines is None:
        if already:
            raise ValidationError("Cette facture a déjà été partiellement corrigée : précisez les lignes de l'avoir.")
        lines = [
            {"description": f"Annulation : {line.description}", "quantity": line.quantity,
             "unit_price_ht": -line.unit_price_ht, "vat_rate": line.vat_rate}
            for line in invoice.lines.all()
        ]
    draft = invoice_create_draft(
        member=invoice.member, kind=InvoiceKind.CREDIT_NOTE, lines=lines, period_label=invoice.period_label,
        period_year=invoice.period_year, corrects=invoice, actor=actor, request=request,
    )
    if draft.total_ttc >= 0:
        raise ValidationError("Le montant d'un avoir doit être négatif.")
    if already - draft.total_ttc > invoice.total_ttc:
        raise ValidationError(f"L'avoir dépasse ce qui reste à annuler sur la facture corrigée "
                              f"({money_fr(invoice.total_ttc - already)} TTC).")
    credit_note = invoice_issue(invoice=draft, issue_date=issue_date, actor=actor, request=request)
    if invoice_open_amount(invoice=invoice) > 0:
        credit_note_net(credit_note=credit_note, invoice=invoice, actor=actor, request=request)
    if billing_settings_get().credit_application == CreditApplication.AUTOMATIC:
        credit_open_apply(member=invoice.member, actor=actor, request=request)
    return credit_note


def _credit_lines_by_quantity(*, invoice: Invoice, quantities: dict[int, Decimal], reason: str) -> list[dict[str, Any]]:
    by_pk = {line.pk: line for line in invoice.lines.all()}
    lines = []
    for pk, quantity in quantities.items():
        line = by_pk.get(pk)
        if line is None or quantity < 0 or quantity > line.quantity:
            raise ValidationError("La quantité à créditer doit être comprise entre 0 et la quantité facturée.")
        if quantity:
            lines.append({"description": f"Avoir : {line.description}{_reason_suffix(reason)}", "quantity": quantity,
                          "unit_price_ht": -line.unit_price_ht, "vat_rate": line.vat_rate})
    if not lines:
        raise ValidationError("Indiquez au moins une quantité à créditer.")
    return lines


def _credit_lines_by_amount(*, invoice: Invoice, amount_ht: Decimal, reason: str) -> list[dict[str, Any]]:
    rates = {line.vat_rate for line in invoice.lines.all()}
    if len(rates) != 1:
        raise ValidationError("Cette facture a plusieurs taux de TVA : créditez-la ligne par ligne.")
    if amount_ht <= 0:
        raise ValidationError("Le montant HT de l'avoir doit être positif.")
    return [{"description": f"Avoir partiel sur la facture n° {invoice.number}{_reason_suffix(reason)}",
             "quantity": 1, "unit_price_ht": -cents(amount_ht), "vat_rate": rates.pop()}]


def _reason_suffix(reason: str) -> str:
    return f" ({reason.strip()[:150]})" if reason.strip() else ""


def _split_ttc(amount_ttc: Decimal, rate: Decimal = DEFAULT_VAT) -> tuple[Decimal, Decimal]:
    ht = cents(amount_ttc * 100 / (100 + rate))
    return ht, amount_ttc - ht


@transaction.atomic
def legacy_invoice_import(*, member: Member, number: str, issue_date: date, kind: str, amount_ttc: Decimal,
                          period_label: str = "", due_date: date | None = None, paid: bool = False,
                          actor: "User | None" = None) -> Invoice:
    """History from the previous system: original number and dates kept, outside the gapless series.
    Idempotent on the number. A paid invoice is settled by a "reprise" payment of the same amount."""
    existing = Invoice.objects.filter(series=LEGACY_SERIES, number=number).first()
    if existing:
        return existing
    amount_ttc = cents(amount_ttc)
    ht, vat = _split_ttc(amount_ttc)
    invoice = Invoice.objects.create(
        member=member, kind=kind, series=LEGACY_SERIES, period_label=period_label, legacy=True,
        period_year=_year_of(period_label), total_ht=ht, total_vat=vat, total_ttc=amount_ttc,
    )
    InvoiceLine.objects.create(
        invoice=invoice, description=f"{invoice.get_kind_display()} – {period_label}".strip(" –"),
        quantity=Decimal("1"), unit_price_ht=ht, vat_rate=DEFAULT_VAT, total_ht=ht, total_vat=vat,
        total_ttc=amount_ttc,
    )
    # Lines first, then the draft → issued transition: the database refuses lines on an issued invoice.
    # Frozen now, from the data as it is at import; archived at its first download or by the nightly
    # `archive_invoices` (billing.archive).
    invoice.number = number
    invoice.issue_date = issue_date
    invoice.due_date = due_date or issue_date
    invoice.snapshot = invoice_snapshot_take(invoice=invoice)
    invoice.status = InvoiceStatus.ISSUED
    invoice.save()
    member_change_record(action="billing.legacy_invoice_imported", actor=actor, member=member, obj=invoice,
                         summary=f"Reprise de la facture n° {number} ({money_fr(amount_ttc)} TTC)")
    if paid:
        payment_record(member=member, method=PaymentMethod.LEGACY, payment_date=issue_date, amount=amount_ttc,
                       reference=f"Reprise {number}", allocations=[(invoice, amount_ttc)], actor=actor)
    return invoice


def _year_of(label: str) -> int | None:
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits[-4:]) if len(digits) >= 4 else None


@transaction.atomic
def payment_record(*, member: Member, method: str, payment_date: date, amount: Decimal, reference: str = "",
                   allocations: Iterable[tuple[Invoice, Decimal]] = (), actor: "User | None" = None,
                   request: HttpRequest | None = None) -> Payment:
    payment = Payment.objects.create(
        member=member, method=method, date=payment_date, amount=cents(amount), reference=reference,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    member_change_record(action="billing.payment_recorded", actor=actor, member=member, obj=payment, request=request,
                         summary=f"Règlement {payment.get_method_display()} de {money_fr(payment.amount)}")
    for invoice, part in allocations:
        payment_allocate(payment=payment, invoice=invoice, amount=part, actor=actor, request=request)
    return payment


@transaction.atomic
def payment_allocate(*, payment: Payment, invoice: Invoice, amount: Decimal, actor: "User | None" = None,
                     request: HttpRequest | None = None) -> PaymentAllocation:
    """Settle all or part of an invoice. On a credit note the allocated amount is negative."""
    amount = cents(amount)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if invoice.member_id != payment.member_id:
        raise ValidationError("Le règlement et la facture ne concernent pas le même adhérent.")
    if not invoice.is_issued:
        raise ValidationError("Seule une facture émise peut être réglée.")
    open_amount = invoice_open_amount(invoice=invoice)
    if amount == 0 or (amount > 0) != (open_amount > 0) or abs(amount) > abs(open_amount):
        raise ValidationError(f"Le montant affecté doit être compris entre 0 et {money_fr(open_amount)}.")
    if payment.method != PaymentMethod.COMPENSATION:
        used = payment.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
        if payment.amount >= 0 and used + amount > payment.amount:
            raise ValidationError("Le montant affecté dépasse le montant disponible du règlement.")
    allocation = PaymentAllocation.objects.create(payment=payment, invoice=invoice, amount=amount)
    member_change_record(action="billing.payment_allocated", actor=actor, member=invoice.member, obj=invoice,
                         request=request, summary=f"{money_fr(amount)} affectés à la facture n° {invoice.number}")
    return allocation


@transaction.atomic
def credit_note_net(*, credit_note: Invoice, invoice: Invoice, actor: "User | None" = None,
                    request: HttpRequest | None = None) -> Payment:
    """Net a credit note (negative open amount) against an invoice: both are settled by the smaller amount."""
    credit_open = invoice_open_amount(invoice=credit_note)
    invoice_open = invoice_open_amount(invoice=invoice)
    if credit_open >= 0 or invoice_open <= 0:
        raise ValidationError("Il faut un avoir non soldé et une facture non réglée pour les compenser.")
    part = min(-credit_open, invoice_open)
    payment = Payment.objects.create(
        member=invoice.member, method=PaymentMethod.COMPENSATION, date=date.today(), amount=ZERO,
        reference=f"Avoir {credit_note.number} / facture {invoice.number}",
    )
    member_data_changed(member_ids=[invoice.member_id])
    payment_allocate(payment=payment, invoice=invoice, amount=part, actor=actor, request=request)
    payment_allocate(payment=payment, invoice=credit_note, amount=-part, actor=actor, request=request)
    return payment


def _open_items(member: Member) -> tuple[list[Invoice], list[Invoice], list[Payment]]:
    """Open debts (oldest due first), open credit notes and payments with money left, of one member."""
    invoices = list(invoices_issued(member=member).order_by("due_date", "issue_date", "number"))
    for invoice in invoices:
        invoice.open_amount = invoice.total_ttc - invoice.allocated
    debts: list[Invoice] = [i for i in invoices if i.open_amount > 0]
    credits: list[Invoice] = [i for i in invoices if i.open_amount < 0]
    payments = [p for p in Payment.objects.filter(member=member, amount__gt=0).exclude(
        method=PaymentMethod.COMPENSATION).order_by("date", "pk")
        if p.amount - (p.allocations.aggregate(s=Sum("amount"))["s"] or ZERO) > 0]
    return debts, credits, payments


@transaction.atomic
def credit_open_apply(*, member: Member, actor: "User | None" = None, request: HttpRequest | None = None) -> Decimal:
    """Apply every open credit of the member (credit notes first, then money paid in excess) to its oldest debts.
    Called on each credit note when the service applies credits automatically, else by staff with the member's
    agreement. Returns the amount applied."""
    applied = ZERO
    debts, credits, payments = _open_items(member)
    for credit in credits:
        for debt in debts:
            if invoice_open_amount(invoice=debt) > 0 and invoice_open_amount(invoice=credit) < 0:
                payment = credit_note_net(credit_note=credit, invoice=debt, actor=actor, request=request)
                applied += payment.allocations.get(invoice=debt).amount
    for payment in payments:
        for debt in debts:
            left = payment.amount - (payment.allocations.aggregate(s=Sum("amount"))["s"] or ZERO)
            part = min(left, invoice_open_amount(invoice=debt))
            if part > 0:
                payment_allocate(payment=payment, invoice=debt, amount=part, actor=actor, request=request)
                applied += part
    if applied:
        event_record(action="billing.credit_applied", actor=actor, member=member, request=request,
                     summary=f"Crédit de {money_fr(applied)} imputé sur les dettes les plus anciennes")
    return applied


@transaction.atomic
def invoices_issue_batch(*, members: Iterable[Member], kind: str, lines: list[dict[str, Any]], period_label: str,
                         period_year: int | None = None, issue_date: date | None = None,
                         actor: "User | None" = None) -> list[Invoice]:
    """Issue the same invoice to many members (e.g. the membership fee of new members) in one transaction:
    all or nothing, and the numbers of the batch are consecutive. The drafts are written first, so that the
    series counter, locked from the first number to the commit, waits only for the numbering."""
    drafts = [invoice_create_draft(member=member, kind=kind, lines=lines, period_label=period_label,
                                   period_year=period_year, actor=actor) for member in members]
    terms, service = billing_settings_get(), billing_service()
    return [_issue(draft, issue_date=issue_date, actor=actor, request=None, terms=terms, service=service)
            for draft in drafts]
