"""Scale data: last year's campaign (closed, declarations confirmed and validated) and the current one (open:
some validated, some confirmed awaiting the service, drafts "En cours", the rest "À saisir").

A declaration is validated exactly when bench/data/billing.py issued its contribution invoice (linked here, with
the same counts and amounts); a confirmed declaration carries the snapshot of its nominative list, taken
from the employees present on the campaign's reference date, as declaration_submit would.
Numbers continue each year's django-sequences counter, which is then set to the last number used.
"""

import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from sequences.models import Sequence

from bench.data.billing import headcounts, money, tariffs
from bench.data.bulk import copy_rows, deferred_indexes, reserve_ids
from portail.accounts.models import AccountKind, User
from portail.declarations.models import (
    CATEGORIES,
    Campaign,
    CampaignStatus,
    Declaration,
    DeclarationLine,
    DeclarationStatus,
)
from portail.declarations.selectors import determinants_label
from portail.workforce.models import ContractType, Employee

COLUMNS = ["id", "member_id", "campaign_id", "version", "reopens_id", "reopen_reason", "status", "number",
           "headcount_change_confirmed", "saved_at", "submitted_at", "submitted_by_id", "validated", "validated_at",
           "validated_by_id", "count_si", "count_sia", "count_sir", "amount_ht", "amount_vat", "amount_ttc",
           "already_invoiced_ttc", "invoice_id", "billed_at", "created_at"]
LINE_COLUMNS = ["declaration_id", "employee_id", "birth_name", "usage_name", "first_name", "job_title", "contract",
                "hire_date", "contract_end", "exit_date", "category", "determinants", "determinants_label"]
EMPLOYEE_FIELDS = ["id", "member_id", "birth_name", "usage_name", "first_name", "job_title", "contract", "hire_date",
                   "contract_end", "exit_date", "declared_category", "service_category", "determinants"]
CONTRACT_LABELS = dict(ContractType.choices)
ZERO = Decimal("0.00")
CHUNK = 20_000


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _campaign(year: int, today: date) -> Campaign:
    prices = tariffs(year)
    current = year == today.year
    campaign, _ = Campaign.objects.get_or_create(year=year, defaults={
        "reference_date": date(year, 1, 1), "opens_on": date(year, 1, 5),
        "closes_on": max(date(year, 1, 31), today + timedelta(days=30)) if current else date(year, 1, 31),
        "tariff_si": prices["SI"], "tariff_sia": prices["SIA"], "tariff_sir": prices["SIR"],
        "status": CampaignStatus.OPEN if current else CampaignStatus.CLOSED,
        "closed_at": None if current else _at(date(year, 2, 1), 9),
    })
    return campaign


def _amounts(campaign, counts) -> tuple[Decimal, Decimal, Decimal]:
    ht = sum((money(counts.get(c, 0) * campaign.tariff(c)) for c in CATEGORIES), ZERO)
    vat = money(ht * campaign.vat_rate / 100)
    return ht, vat, ht + vat


def _declaration(rng, campaign, member_id, counts, invoice, submitter, today) -> list:
    """One row (COLUMNS without id and number); status from the invoice and a draw for the rest."""
    year, opens = campaign.year, campaign.opens_on
    row = {"status": DeclarationStatus.TO_FILL, "saved_at": None, "submitted_at": None, "validated": False,
           "validated_at": None, "counts": {}, "amounts": (ZERO, ZERO, ZERO), "invoice_id": None, "billed_at": None}
    roll = rng.random()
    if invoice is not None:
        invoice_id, issued, *amounts = invoice
        row.update(status=DeclarationStatus.CONFIRMED, validated=True, validated_at=_at(issued, 9),
                   submitted_at=_at(max(opens, issued - timedelta(days=rng.randint(1, 20)))), counts=counts,
                   amounts=tuple(amounts), invoice_id=invoice_id, billed_at=_at(issued, 9))
    elif not campaign.is_open and not counts:  # nobody on the reference date: confirmed at zero, nothing billed
        row.update(status=DeclarationStatus.CONFIRMED, validated=True, validated_at=_at(date(year, 2, 15), 9),
                   submitted_at=_at(date(year, 1, 20)), billed_at=_at(date(year, 2, 15), 9))
    elif not campaign.is_open:
        row.update(status=DeclarationStatus.CLOSED)
    elif roll < 0.42:  # confirmed, waiting for the service
        row.update(status=DeclarationStatus.CONFIRMED, counts=counts, amounts=_amounts(campaign, counts),
                   submitted_at=_at(min(opens + timedelta(days=rng.randrange(60)), today)))
    elif roll < 0.75:
        row.update(status=DeclarationStatus.IN_PROGRESS, saved_at=_at(min(opens + timedelta(days=rng.randrange(90)), today)))
    confirmed = row["status"] == DeclarationStatus.CONFIRMED
    return [member_id, campaign.pk, 1, None, "", row["status"], None, False, row["saved_at"], row["submitted_at"],
            submitter if confirmed else None, row["validated"], row["validated_at"], None,
            *(row["counts"].get(c, 0) for c in CATEGORIES), *row["amounts"], ZERO, row["invoice_id"],
            row["billed_at"], _at(opens, 6)]


def _number(rows, first_id: int) -> dict[int, list[tuple[int, date]]]:
    """Ids, then numbers per year in submission order; returns member → [(declaration id, reference date)]
    of the confirmed ones, whose lists must be snapshotted."""
    for offset, row in enumerate(rows):
        row.insert(0, first_id + offset)
    confirmed: dict[int, list[tuple[int, date]]] = {}
    by_year: dict[int, list] = {}
    for row in rows:
        if row[6] == DeclarationStatus.CONFIRMED:
            by_year.setdefault(row[-1].year, []).append(row)
    for year, year_rows in by_year.items():
        name = f"declaration-{year}"
        last = Sequence.objects.select_for_update().filter(name=name).values_list("last", flat=True).first() or 0
        year_rows.sort(key=lambda r: (r[10], r[0]))
        for rank, row in enumerate(year_rows, start=last + 1):
            row[7] = f"D{year}-{rank:06d}"
            confirmed.setdefault(row[1], []).append((row[0], date(year, 1, 1)))
        Sequence.objects.update_or_create(name=name, defaults={"last": last + len(year_rows)})
    return confirmed


def _lines(confirmed):
    """The nominative lists, streamed from the employees in id order (keyset pages of CHUNK rows)."""
    labels: dict[tuple, str] = {}
    last_id = 0
    while True:
        page = list(Employee.objects.filter(pk__gt=last_id).order_by("pk").values_list(*EMPLOYEE_FIELDS)[:CHUNK])
        if not page:
            return
        last_id = page[-1][0]
        rows = []
        for (pk, member_id, birth, usage, first, job, contract, hire, end, exit_date, declared, service,
             codes) in page:
            for declaration_id, reference in confirmed.get(member_id, ()):
                if hire <= reference and (exit_date is None or exit_date >= reference):
                    key = tuple(codes or ())
                    if key not in labels:
                        labels[key] = determinants_label(list(key))
                    rows.append((declaration_id, pk, birth, usage, first, job, CONTRACT_LABELS.get(contract, contract),
                                 hire, end, exit_date, service or declared, list(key), labels[key]))
        yield rows


def _lines_in_sql(declaration_ids: list[int]) -> int:
    """PostgreSQL: the same snapshot as _lines, as one INSERT … SELECT — millions of rows never pass through
    Python. The two labels (contract, determinants) come from small VALUES lists built here from the same
    Python functions, so both paths write identical rows."""
    if not declaration_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT determinants::text FROM workforce_employee")
        combos = [json.loads(text) for (text,) in cursor.fetchall()]
        labels = [(json.dumps(codes), determinants_label(codes)) for codes in combos]
        contracts = list(CONTRACT_LABELS.items())
        cursor.execute(
            # Only placeholders are interpolated (their count); every value is a query parameter.
            "INSERT INTO declarations_declarationline "  # noqa: S608  # nosec B608 - see the comment above
            f"""(declaration_id, employee_id, birth_name, usage_name, first_name, job_title, contract, hire_date,
                    contract_end, exit_date, category, determinants, determinants_label)
                SELECT d.id, e.id, e.birth_name, e.usage_name, e.first_name, e.job_title,
                       COALESCE(c.label, e.contract), e.hire_date, e.contract_end, e.exit_date,
                       COALESCE(e.service_category, e.declared_category), e.determinants, COALESCE(l.label, '')
                FROM declarations_declaration d
                JOIN declarations_campaign k ON k.id = d.campaign_id
                JOIN workforce_employee e ON e.member_id = d.member_id AND e.hire_date <= k.reference_date
                     AND (e.exit_date IS NULL OR e.exit_date >= k.reference_date)
                LEFT JOIN (VALUES {", ".join(["(%s, %s)"] * len(contracts))}) AS c(code, label) ON c.code = e.contract
                LEFT JOIN (VALUES {", ".join(["(%s::jsonb, %s)"] * len(labels))}) AS l(codes, label)
                     ON l.codes = e.determinants
                WHERE d.id = ANY(%s)""",  # noqa: S608
            [*[v for pair in contracts for v in pair], *[v for pair in labels for v in pair], declaration_ids],
        )
        return cursor.rowcount


def generate(*, ctx, stdout) -> None:
    today, rng = date.today(), ctx.rng
    members = ctx.created["members"]
    member_ids = {pk for pk, _ in members}
    invoices = ctx.created.get("contribution_invoices", {})
    known = ctx.created.get("headcounts", {})
    submitters = dict(User.objects.filter(kind=AccountKind.MEMBER, member_id__in=member_ids)
                      .order_by("pk").values_list("member_id", "pk"))
    rows = []
    for year in (today.year - 1, today.year):
        campaign = _campaign(year, today)
        counts = known.get(year) or headcounts(member_ids=member_ids, reference_date=campaign.reference_date)
        rows += [_declaration(rng, campaign, member_id, counts.get(member_id, {}), invoices.get((member_id, year)),
                              submitters.get(member_id), today) for member_id, _ in members]
    with transaction.atomic():
        confirmed = _number(rows, reserve_ids(Declaration, len(rows)))
        copy_rows(Declaration, COLUMNS, rows)
    total = 0
    with deferred_indexes(DeclarationLine):
        if connection.vendor == "postgresql":
            total = _lines_in_sql([pk for pairs in confirmed.values() for pk, _ in pairs])
        else:
            for chunk in _lines(confirmed):
                total += copy_rows(DeclarationLine, LINE_COLUMNS, chunk)
    by_status = {}
    for row in rows:
        by_status[row[6]] = by_status.get(row[6], 0) + 1
    print(f"  {len(rows)} déclarations ({', '.join(f'{k} {v}' for k, v in sorted(by_status.items()))}), "
          f"{total} lignes de liste nominative", file=stdout)
