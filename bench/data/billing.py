"""Scale data: two years of issued invoices per volume member, with their lines and payments.

Numbers continue the gapless series F from the django-sequences counter (in issue-date order), and the
counter is set to the last number used, so the next invoice issued by the application follows on.
Invoices are inserted already issued (PostgreSQL triggers refuse to change an issued invoice or to add
lines to it): lines go first, then their invoices, in one transaction — the foreign keys are checked at
commit (Django creates them DEFERRABLE INITIALLY DEFERRED). Ids are reserved up front so lines,
allocations and the declarations of the next app can point at invoices without reading them back.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, Q
from sequences.models import Sequence

from bench.data.bulk import copy_rows, reserve_ids
from portail.billing.models import (
    SYSTEM_SERIES,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
)
from portail.billing.selectors import billing_service, billing_settings_get
from portail.billing.services import format_number
from portail.billing.snapshot import InvoiceSnapshot, buyer_party, payment_details, seller_party
from portail.members.models import AddressKind, Member, MemberAddress
from portail.workforce.models import Employee

CENT = Decimal("0.01")
VAT = Decimal("20.00")
CATEGORY_LABELS = {"SI": "suivi individuel simple", "SIA": "suivi individuel adapté", "SIR": "suivi individuel renforcé"}
MEMBERSHIP_FEE = Decimal("13.00")
ADJUSTMENT_PRICE = Decimal("57.75")  # half a year of SI for an employee added during the year
INVOICE_COLUMNS = ["id", "member_id", "kind", "series", "number", "sequence_value", "status", "issue_date",
                   "due_date", "period_label", "period_year", "corrects_id", "total_ht", "total_vat", "total_ttc",
                   "legacy", "created_at", "snapshot"]
LINE_COLUMNS = ["invoice_id", "position", "description", "quantity", "unit_price_ht", "vat_rate", "total_ht",
                "total_vat", "total_ttc"]
PAYMENT_COLUMNS = ["id", "member_id", "method", "date", "amount", "reference", "created_at", "created_by_id"]
ALLOCATION_COLUMNS = ["payment_id", "invoice_id", "amount", "created_at"]
METHODS = [PaymentMethod.DIRECT_DEBIT] * 4 + [PaymentMethod.TRANSFER] * 4 + [PaymentMethod.CHEQUE] * 2


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def tariffs(year: int) -> dict[str, Decimal]:
    """The campaign tariffs of the demo data, shared with the declarations of the scale data."""
    from portail.portal.demo.declarations import TARIFFS

    si, sia, sir = TARIFFS.get(year, ("118.00", "118.00", "141.60"))
    return {"SI": Decimal(si), "SIA": Decimal(sia), "SIR": Decimal(sir)}


def headcounts(*, member_ids: set[int], reference_date: date) -> dict[int, dict[str, int]]:
    """Employees present on the reference date per member and declared category (one grouped query)."""
    rows = (
        Employee.objects.filter(hire_date__lte=reference_date)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=reference_date))
        .values_list("member_id", "declared_category").annotate(n=Count("id")).order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for member_id, category, n in rows:
        if member_id in member_ids:
            counts[member_id][category] = n
    return counts


def _at(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), tzinfo=UTC)


class _Builder:
    """Accumulates invoices as plain tuples; numbers are given once every invoice is known (date order)."""

    def __init__(self, ctx, terms_days: int):
        self.rng, self.terms = ctx.rng, timedelta(days=terms_days)
        self.invoices: list[list] = []  # INVOICE_COLUMNS without id/number/sequence_value yet
        self.lines: list[list] = []  # (invoice index, position, description, qty, unit, rate, ht, vat, ttc)

    def add(self, *, member_id, kind, issue_date, year, lines, corrects=None) -> int:
        index = len(self.invoices)
        total_ht = Decimal("0.00")
        for position, (description, quantity, unit) in enumerate(lines, start=1):
            ht = money(Decimal(quantity) * unit)
            vat = money(ht * VAT / 100)
            self.lines.append([index, position, description, Decimal(quantity), unit, VAT, ht, vat, ht + vat])
            total_ht += ht
        total_vat = money(total_ht * VAT / 100)  # VAT on the sum of nets per rate (EN 16931 BR-CO-17)
        due = issue_date if total_ht <= 0 else issue_date + self.terms
        self.invoices.append([member_id, kind, issue_date, due, f"Année {year}", year, corrects,
                              total_ht, total_vat, total_ht + total_vat])
        return index


# Share of members whose declaration of the year was validated, hence billed (the current campaign is still open).
VALIDATED_SHARE = {"past": 0.97, "current": 0.40}


def _member_invoices(builder, member_id, counts_by_year, today) -> dict[int, int]:
    """The invoices of one member; returns {year: index of its contribution invoice}.

    The contribution is the invoice the validation of the year's declaration issues (bench/data/declarations.py
    links them), so it exists for most members of past years and a share of the current one."""
    rng, contributions = builder.rng, {}
    for year, counts in counts_by_year.items():
        prices = tariffs(year)
        lines = [(f"Cotisation per capita {year} – {CATEGORY_LABELS[c]} ({c})", n, prices[c])
                 for c, n in sorted(counts.items()) if n]
        validated = rng.random() < VALIDATED_SHARE["current" if year == today.year else "past"]
        issued = min(date(year, 2, 15) + timedelta(days=rng.randrange(40)), today)
        if rng.random() < 0.05:  # joined during the period: membership fee first
            builder.add(member_id=member_id, kind=InvoiceKind.MEMBERSHIP, issue_date=date(year, 1, 5),
                        year=year, lines=[("Droit d'entrée (frais d'adhésion)", 1, MEMBERSHIP_FEE)])
        if lines and validated:
            contributions[year] = builder.add(member_id=member_id, kind=InvoiceKind.CONTRIBUTION,
                                              issue_date=issued, year=year, lines=lines)
        adjusted = date(year, 9, 15)
        if year in contributions and adjusted < today and rng.random() < 0.15:
            added = rng.randint(1, 3)
            builder.add(member_id=member_id, kind=InvoiceKind.ADJUSTMENT, issue_date=adjusted, year=year,
                        lines=[(f"Salariés ajoutés en cours d'année {year}", added, ADJUSTMENT_PRICE)])
        if year in contributions and counts.get("SI", 0) >= 2 and rng.random() < 0.02:
            builder.add(member_id=member_id, kind=InvoiceKind.CREDIT_NOTE, year=year,
                        issue_date=min(issued + timedelta(days=20), today), corrects=contributions[year],
                        lines=[(f"Avoir : salarié sorti avant le 01/01/{year} (SI)", 1, -prices["SI"])])
    return contributions


def _number(builder, first_id: int, start_value: int) -> list[int]:
    """Gapless numbers in issue-date order (then generation order); returns the ids by builder index."""
    order = sorted(range(len(builder.invoices)), key=lambda i: (builder.invoices[i][2], i))
    ids = [0] * len(order)
    for rank, index in enumerate(order):
        ids[index] = first_id + rank
    builder.values = {index: start_value + rank for rank, index in enumerate(order)}
    return ids


class _Freezer:
    """The snapshot each invoice would have taken at issue (issued invoices must have one): parties read once."""

    def __init__(self):
        self.service, self.terms = billing_service(), billing_settings_get()
        self.seller = seller_party(self.service)
        # Every member (no id list: SQLite caps the parameters of one query); the latest billing address wins.
        addresses = {a.member_id: a for a in MemberAddress.objects.filter(kind=AddressKind.BILLING).order_by("pk")}
        self.buyers = {m.pk: buyer_party(m, addresses.get(m.pk)) for m in Member.objects.all()}

    def snapshot(self, member_id: int, number: str, ttc: Decimal) -> dict:
        buyer = self.buyers[member_id]
        payment = payment_details(terms=self.terms, service=self.service, member_number=buyer.number,
                                  invoice_number=number, total_ttc=ttc)
        return InvoiceSnapshot(seller=self.seller, buyer=buyer, payment=payment).to_json()


def _invoice_rows(builder, ids, freezer):
    for index, (member_id, kind, issued, due, label, year, corrects, ht, vat, ttc) in enumerate(builder.invoices):
        value = builder.values[index]
        number = format_number(SYSTEM_SERIES, value)
        yield (ids[index], member_id, kind, SYSTEM_SERIES, number, value,
               InvoiceStatus.ISSUED, issued, due, label, year, None if corrects is None else ids[corrects],
               ht, vat, ttc, False, _at(issued), freezer.snapshot(member_id, number, ttc))


def _payments(builder, ids, first_payment_id, today):
    """Most invoices paid in full, a few in part, some not at all; credit notes netted by compensation."""
    rng, payments, allocations = builder.rng, [], []
    credit_of = {inv[6]: index for index, inv in enumerate(builder.invoices) if inv[6] is not None}
    for index, (member_id, _kind, issued, due, _label, _year, corrects, _ht, _vat, ttc) in enumerate(builder.invoices):
        if corrects is not None:
            continue
        due_amount = ttc
        credit = credit_of.get(index)
        if credit is not None:  # "Compensation avoir / facture": a zero payment moving the credit onto the invoice
            part = -builder.invoices[credit][9]
            pid = first_payment_id + len(payments)
            payments.append((pid, member_id, PaymentMethod.COMPENSATION, builder.invoices[credit][2], Decimal("0.00"),
                             f"Compensation {pid}", _at(builder.invoices[credit][2]), None))
            allocations += [(pid, ids[index], part, _at(builder.invoices[credit][2])),
                            (pid, ids[credit], -part, _at(builder.invoices[credit][2]))]
            due_amount -= part
        roll = rng.random()
        overdue = due < today - timedelta(days=30)
        if (overdue and roll < 0.08) or (not overdue and roll < 0.5) or due_amount <= 0:
            continue
        amount = money(due_amount / 2) if overdue and roll < 0.12 else due_amount
        paid_on = min(issued + timedelta(days=rng.randint(3, 45)), today)
        pid = first_payment_id + len(payments)
        method = METHODS[rng.randrange(len(METHODS))]
        payments.append((pid, member_id, method, paid_on, amount, f"REG-{pid:08d}", _at(paid_on), None))
        allocations.append((pid, ids[index], amount, _at(paid_on)))
    return payments, allocations


def generate(*, ctx, stdout) -> None:
    today = date.today()
    years = (today.year - 1, today.year)
    members = ctx.created["members"]
    member_ids = {pk for pk, _ in members}
    counts = {year: headcounts(member_ids=member_ids, reference_date=date(year, 1, 1)) for year in years}
    builder = _Builder(ctx, billing_settings_get().payment_terms_days)
    contributions = {}
    for member_id, _size in members:
        found = _member_invoices(builder, member_id, {y: counts[y].get(member_id, {}) for y in years}, today)
        for year, index in found.items():
            contributions[(member_id, year)] = index
    sequence = f"invoice-{SYSTEM_SERIES}"
    with transaction.atomic():
        if connection.vendor == "postgresql":  # lines go in before their invoices: check the keys at commit
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The counter row is locked for the whole load: an invoice issued meanwhile waits, then follows on.
        current = Sequence.objects.select_for_update().filter(name=sequence).values_list("last", flat=True).first()
        start_value = (current or 0) + 1
        ids = _number(builder, reserve_ids(Invoice, len(builder.invoices)), start_value)
        copy_rows(InvoiceLine, LINE_COLUMNS, ((ids[row[0]], *row[1:]) for row in builder.lines))
        copy_rows(Invoice, INVOICE_COLUMNS, _invoice_rows(builder, ids, _Freezer()))
        Sequence.objects.update_or_create(name=sequence, defaults={"last": start_value + len(ids) - 1})
        payments, allocations = _payments(builder, ids, reserve_ids(Payment, 0), today)
        reserve_ids(Payment, len(payments))
        copy_rows(Payment, PAYMENT_COLUMNS, payments)
        copy_rows(PaymentAllocation, ALLOCATION_COLUMNS, allocations)
    ctx.created["contribution_invoices"] = {
        # (invoice id, issue date, HT, VAT, TTC)
        key: (ids[index], builder.invoices[index][2], *builder.invoices[index][7:10])
        for key, index in contributions.items()
    }
    ctx.created["headcounts"] = counts
    print(f"  {len(ids)} factures ({len(builder.lines)} lignes), {len(payments)} règlements, "
          f"n° {format_number(SYSTEM_SERIES, start_value)} à {format_number(SYSTEM_SERIES, start_value + len(ids) - 1)}", file=stdout)
