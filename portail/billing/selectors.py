"""Billing reads. Portal callers always pass the current member."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import Count, DecimalField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portail.audit.models import Event
from portail.billing.bank import BankDetails
from portail.billing.models import (
    ZERO,
    BillingSettings,
    DirectDebitItem,
    DirectDebitItemStatus,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    SepaMandate,
)
from portail.members.models import AddressKind, Member, MemberAddress, MemberStatus, Service
from portail.members.selectors import service_get

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)


def billing_settings_get() -> BillingSettings:
    settings_row, _ = BillingSettings.objects.get_or_create(pk=1)
    return settings_row


def billing_service() -> Service:
    """The issuing service; an unsaved default keeps PDFs renderable before the service is configured."""
    service = service_get()
    if service is None:
        defaults = settings.SERVICE_DEFAULTS
        service = Service(name=defaults["name"], hotline_email=defaults["hotline_email"])
    return service


def bank_details_get() -> BankDetails:
    """The account members pay into, as the billing settings hold it now (new invoices freeze a copy)."""
    terms = billing_settings_get()
    return BankDetails(holder=billing_service().name, iban=terms.creditor_iban, bic=terms.creditor_bic)


def member_billing_address(*, member: Member) -> MemberAddress | None:
    """The member's "Facturation" address; the latest one when it has several."""
    return MemberAddress.objects.filter(member=member, kind=AddressKind.BILLING).order_by("-pk").first()


def billing_start(*, period_year: int | None, issue_date: date) -> date:
    """The first day an invoice covers: the start of its period year when later than the issue date."""
    return max(issue_date, date(period_year, 1, 1)) if period_year else issue_date


def billable_members(members: QuerySet[Member], *, on: date) -> QuerySet[Member]:
    """Members that can still be billed for what starts on `on`: a member radiated before that day is left
    out (its earlier invoices stay visible and payable)."""
    radiated_before = Q(status=MemberStatus.RADIATED) & (Q(radiated_on__isnull=True) | Q(radiated_on__lt=on))
    return members.exclude(radiated_before)


def sepa_mandate_active(*, member: Member) -> SepaMandate | None:
    return SepaMandate.objects.filter(member=member, revoked_at__isnull=True).first()


def sepa_mandate_get(*, member: Member, pk: int) -> SepaMandate:
    return get_object_or_404(SepaMandate, member=member, pk=pk)


MANDATE_STATUSES = {"actif": Q(revoked_at__isnull=True), "revoque": Q(revoked_at__isnull=False)}


class MandateFacts(TypedDict):
    last_collection: date | None
    collections: int
    rejects: int


def sepa_mandates_search(*, query: str = "", status: str = "") -> "QuerySet[WithAnnotations[SepaMandate, MandateFacts]]":
    """Staff list of every member's mandates, newest first: by member number or name, RUM or account holder;
    `status` "actif" or "revoque". Each row carries its last collection date and its number of rejects."""
    mandates = SepaMandate.objects.select_related("member")
    if query := query.strip():
        mandates = mandates.filter(Q(member__number=query) | Q(member__name__icontains=query)
                                   | Q(reference__iexact=query.replace(" ", "")) | Q(holder_name__icontains=query))
    if status in MANDATE_STATUSES:
        mandates = mandates.filter(MANDATE_STATUSES[status])
    return mandates.annotate(
        last_collection=Max("debits__batch__collection_date"), collections=Count("debits"),
        rejects=Count("debits", filter=Q(debits__status=DirectDebitItemStatus.REJECTED)),
    ).order_by("-signed_at", "-pk")


def sepa_mandate_staff_get(*, pk: int) -> SepaMandate:
    """One mandate for the back office (any member's: staff screens run unscoped)."""
    return get_object_or_404(SepaMandate.objects.select_related("member", "signed_by", "revoked_by"), pk=pk)


def sepa_mandate_collections(*, mandate: SepaMandate) -> QuerySet[DirectDebitItem]:
    """The collections made under a mandate, newest first, with their batch and invoices."""
    return (DirectDebitItem.objects.filter(mandate=mandate).select_related("batch")
            .prefetch_related("lines__invoice").order_by("-batch__collection_date", "-pk"))


def sepa_mandate_events(*, mandate: SepaMandate) -> QuerySet[Event]:
    """The audit log of a mandate: signed or recorded, revoked (and by whom)."""
    return Event.objects.filter(object_type=SepaMandate._meta.label_lower, object_id=str(mandate.pk)).order_by("at")


def sepa_mandates_of_member(*, member: Member) -> QuerySet[SepaMandate]:
    return SepaMandate.objects.filter(member=member).order_by("-signed_at", "-pk")


def _sum_per_invoice(rows: QuerySet[Any], *, key: str, amount: str) -> Coalesce:
    """The sum of `amount` over the rows whose `key` points at the outer invoice; zero when there are none."""
    per_invoice = rows.filter(**{key: OuterRef("pk")}).values(key).annotate(total=Sum(amount)).values("total")
    return Coalesce(Subquery(per_invoice, output_field=MONEY), Value(ZERO), output_field=MONEY)


def _allocated_subquery() -> Coalesce:
    return _sum_per_invoice(PaymentAllocation.objects.all(), key="invoice", amount="amount")


def _credited_subquery() -> Coalesce:
    """What the issued credit notes correcting the invoice take off it, as a positive amount."""
    return _sum_per_invoice(Invoice.objects.filter(status=InvoiceStatus.ISSUED), key="corrects", amount="total_ttc")


def invoice_credited_amount(*, invoice: Invoice) -> Decimal:
    credited = invoice.credit_notes.filter(status=InvoiceStatus.ISSUED).aggregate(s=Sum("total_ttc"))["s"] or ZERO
    return -credited


def invoice_open_amount(*, invoice: Invoice) -> Decimal:
    allocated = PaymentAllocation.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"] or ZERO
    return invoice.total_ttc - allocated


class InvoiceAllocated(TypedDict):
    allocated: Decimal  # what payments settle of the invoice (negative on a credit note)


class InvoiceAmounts(InvoiceAllocated):
    credit_noted: Decimal


def invoices_issued(*, member: Member, year: int | None = None) -> "QuerySet[WithAnnotations[Invoice, InvoiceAmounts]]":
    """Issued invoices of the member, each with `allocated` and `credit_noted` (negative: what its credit notes
    take off)."""
    qs = Invoice.objects.filter(member=member, status=InvoiceStatus.ISSUED).annotate(
        allocated=_allocated_subquery(), credit_noted=_credited_subquery())
    if year:
        qs = qs.filter(issue_date__year=year)
    return qs.order_by("-issue_date", "-number")


def invoice_get(*, member: Member, pk: int) -> Invoice:
    """Another member's invoice answers 404, like a missing one."""
    return get_object_or_404(
        Invoice.objects.select_related("member", "corrects").prefetch_related("lines"),
        member=member, pk=pk, status=InvoiceStatus.ISSUED,
    )


def _issue_date(invoice: Invoice) -> date:
    assert invoice.issue_date is not None, invoice.pk  # set on issue, like the due date
    return invoice.issue_date


def _due_date(invoice: Invoice) -> date:
    """The due date of an issued invoice, which every issuing path sets."""
    assert invoice.due_date is not None, invoice.pk
    return invoice.due_date


@dataclass
class InvoiceGroups:
    unpaid: list[Invoice] = field(default_factory=list)
    paid: list[Invoice] = field(default_factory=list)


def invoices_grouped(*, member: Member, year: int | None = None, today: date | None = None) -> InvoiceGroups:
    return _grouped(invoices_issued(member=member, year=year), today=today or date.today())


def _grouped(invoices: Iterable[Any], *, today: date) -> InvoiceGroups:
    groups = InvoiceGroups()
    for invoice in invoices:
        invoice.open_amount = invoice.total_ttc - invoice.allocated
        invoice.overdue = invoice.open_amount > 0 and _due_date(invoice) < today
        (groups.unpaid if invoice.open_amount != 0 else groups.paid).append(invoice)
    return groups


@dataclass(frozen=True)
class StatementRow:
    number: str
    issue_date: date
    due_date: date | None
    kind_label: str
    debit: Decimal | None
    credit: Decimal | None
    period: str
    overdue: bool
    invoice_id: int | None = None
    reference: str = ""  # what to type in a transfer paying this item (the one printed on the invoice)


@dataclass(frozen=True)
class Statement:
    rows: list[StatementRow]
    total_debit: Decimal
    total_credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.total_debit - self.total_credit

    @property
    def balance_label(self) -> str:
        return "Solde créditeur" if self.balance < 0 else "Solde débiteur"

    @property
    def balance_abs(self) -> Decimal:
        return abs(self.balance)


def statement(*, member: Member, today: date | None = None) -> Statement:
    """The échéancier: every open item (unpaid invoice, unused credit note, unallocated payment) with
    its remaining amount in the debit or the credit column; balance = debits − credits."""
    return _statement(member=member, invoices=invoices_issued(member=member).order_by("issue_date", "number"),
                      today=today or date.today())


@dataclass(frozen=True)
class InvoiceBook:
    years: list[int]  # the years with an issued invoice, oldest first
    groups: InvoiceGroups  # the invoices of the year asked for (of every year if none)
    statement: Statement


def invoice_book(*, member: Member, year: int | None = None, today: date | None = None) -> InvoiceBook:
    """The member's invoices tab, from one read of its issued invoices: the year's groups, the échéancier of all
    years, and the years to choose from."""
    today = today or date.today()
    issued = list(invoices_issued(member=member))  # newest first
    return InvoiceBook(
        years=sorted({_issue_date(invoice).year for invoice in issued}),
        groups=_grouped([i for i in issued if year is None or _issue_date(i).year == year], today=today),
        statement=_statement(member=member, invoices=issued[::-1], today=today),
    )


def _statement(*, member: Member, invoices: Iterable[Any], today: date) -> Statement:
    """`statement` over `invoices`: the member's issued invoices annotated as `invoices_issued` does, oldest first."""
    rows = []
    for invoice in invoices:
        open_amount = invoice.total_ttc - invoice.allocated
        if open_amount == 0:
            continue
        # An issued invoice always has its number and dates (constraint billing_invoice_issued_has_number).
        assert invoice.number is not None and invoice.issue_date is not None
        rows.append(StatementRow(
            number=invoice.number, issue_date=invoice.issue_date, due_date=invoice.due_date,
            kind_label=invoice.get_kind_display(), debit=open_amount if open_amount > 0 else None,
            credit=-open_amount if open_amount < 0 else None, period=invoice.period_label,
            overdue=open_amount > 0 and _due_date(invoice) < today, invoice_id=invoice.pk,
            reference=invoice.payment_reference if open_amount > 0 else "",
        ))
    rows.extend(_unallocated_payments(member=member))
    rows.sort(key=lambda row: row.issue_date)
    return Statement(
        rows=rows,
        total_debit=sum((r.debit for r in rows if r.debit), ZERO),
        total_credit=sum((r.credit for r in rows if r.credit), ZERO),
    )


def _unallocated_payments(*, member: Member) -> list[StatementRow]:
    """Overpayments stay on the member's account as a credit."""
    rows = []
    payments = Payment.objects.filter(member=member, amount__gt=0).annotate(
        used=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=MONEY)
    )
    for payment in payments:
        left = payment.amount - payment.used
        if left > 0:
            rows.append(StatementRow(
                number=payment.reference or "—", issue_date=payment.date, due_date=None,
                kind_label=f"Règlement ({payment.get_method_display()})", debit=None, credit=left,
                period="", overdue=False,
            ))
    return rows


def balance_due(*, member: Member) -> Decimal:
    return statement(member=member).balance


def payments_for_period(*, start: date, end: date) -> QuerySet[Payment]:
    """Staff list: every payment of the period with `allocated` and `unallocated` amounts."""
    return (
        Payment.objects.filter(date__range=(start, end))
        .annotate(allocated=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=MONEY))
        .select_related("member").prefetch_related("allocations__invoice").order_by("-date", "-id")
    )


@dataclass(frozen=True)
class MemberBalance:
    balance: Decimal = ZERO
    oldest_unpaid_due: date | None = None  # the due date of the oldest invoice still (partly) unpaid


def balances(*, member_ids: QuerySet[Any, Any] | list[int]) -> dict[int, MemberBalance]:
    """The échéancier's balance (see `statement`) and its oldest unpaid invoice, for many members in two queries."""
    totals: dict[int, Decimal] = {}
    oldest: dict[int, date] = {}
    invoices = (Invoice.objects.filter(member__in=member_ids, status=InvoiceStatus.ISSUED)
                .annotate(allocated=_allocated_subquery()).values_list("member_id", "total_ttc", "allocated", "due_date"))
    for member_id, total, allocated, due_date in invoices:
        open_amount = total - allocated
        totals[member_id] = totals.get(member_id, ZERO) + open_amount
        # An issued invoice always has its due date (see _due_date).
        if open_amount > 0 and due_date is not None and (member_id not in oldest or due_date < oldest[member_id]):
            oldest[member_id] = due_date
    payments = (Payment.objects.filter(member__in=member_ids, amount__gt=0)
                .annotate(used=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=MONEY))
                .values_list("member_id", "amount", "used"))
    for member_id, amount, used in payments:
        if amount - used > 0:
            totals[member_id] = totals.get(member_id, ZERO) - (amount - used)
    return {pk: MemberBalance(totals.get(pk, ZERO), oldest.get(pk)) for pk in set(totals) | set(oldest)}
