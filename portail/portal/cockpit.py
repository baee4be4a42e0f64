"""The accountant's cockpit: every client company of a mandataire on one table, with where action is needed.

A fixed number of queries whatever the number of clients: each column is read for all of them at once by the
app that owns it, then joined here in Python (bench/bench_cockpit.py, test_cockpit.py's query count).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from portail.accounts.selectors import accessible_members
from portail.appointments.snapshots import open_request_counts, overdue_counts
from portail.audit.selectors import last_change_subquery
from portail.billing.selectors import MemberBalance, balances
from portail.declarations.models import FILLABLE, DeclarationStatus
from portail.declarations.selectors import open_campaign_statuses
from portail.members.models import RequestStatus, SituationChangeRequest

FILTERS = {
    "": "Toutes les entreprises",
    "a_saisir": "Déclaration à saisir",
    "solde_du": "Solde dû > 0",
    "retard": "Salariés en retard de visite",
    "demandes": "Demandes en cours",
}
SORTS = ("name", "number", "balance", "oldest_unpaid", "declaration", "overdue", "requests", "last_change")


@dataclass(frozen=True)
class CockpitRow:
    member_id: int
    number: str
    name: str
    balance: Decimal
    oldest_unpaid: date | None
    declaration: str  # the status label in the open campaign, "" without a declaration there
    declaration_to_fill: bool
    overdue: int
    requests: int
    last_change: datetime | None


def _situation_counts(member_ids) -> dict[int, int]:
    rows = (SituationChangeRequest.objects.filter(member__in=member_ids,
                                                  status__in=(RequestStatus.SENT, RequestStatus.IN_PROGRESS))
            .values("member_id").annotate(n=Count("pk")).order_by())
    return {row["member_id"]: row["n"] for row in rows}


def cockpit_rows(*, user, query: str = "") -> list[CockpitRow]:
    """One row per company the account acts for, matching `query` (name, number or SIRET)."""
    members = accessible_members(user=user).only("pk", "name", "number").annotate(last_change=last_change_subquery())
    query = query.strip()
    if query:
        members = members.filter(Q(name__icontains=query) | Q(number__startswith=query) | Q(siret__startswith=query))
    companies = list(members.order_by("name"))
    if not companies:
        return []
    # Each column is read for `ids`, the subquery of the account's own companies (the access rule itself): hence
    # no member scope here. The overdue count takes the listed ids instead: given the subquery, PostgreSQL scanned
    # the whole snapshot table and checked the rule row by row, a cost growing with every member of the service.
    ids = accessible_members(user=user).values("pk")
    with scopes_disabled():
        money = balances(member_ids=ids)
        statuses = open_campaign_statuses(member_ids=ids)
        overdue = overdue_counts(member_ids=[company.pk for company in companies])
        open_requests = open_request_counts(member_ids=ids)
        situations = _situation_counts(ids)
    rows = []
    for member in companies:
        pk = member.pk
        balance = money.get(pk, MemberBalance())
        status = statuses.get(pk)
        rows.append(CockpitRow(
            member_id=pk, number=member.number, name=member.name, balance=balance.balance,
            oldest_unpaid=balance.oldest_unpaid_due,
            declaration=DeclarationStatus(status).label if status else "",
            declaration_to_fill=status in FILLABLE,
            overdue=overdue.get(pk, 0), requests=open_requests.get(pk, 0) + situations.get(pk, 0),
            last_change=member.last_change,
        ))
    return rows


def cockpit_filter(rows: list[CockpitRow], *, what: str) -> list[CockpitRow]:
    keep = {
        "a_saisir": lambda r: r.declaration_to_fill,
        "solde_du": lambda r: r.balance > 0,
        "retard": lambda r: r.overdue > 0,
        "demandes": lambda r: r.requests > 0,
    }.get(what)
    return [row for row in rows if keep(row)] if keep else rows


def cockpit_sort(rows: list[CockpitRow], *, key: str) -> list[CockpitRow]:
    """`key` one of SORTS, "-key" descending; empty values (no unpaid invoice, no change) always last."""
    descending = key.startswith("-")
    field = key.removeprefix("-")
    if field not in SORTS:
        return rows
    present = [row for row in rows if getattr(row, field) not in (None, "")]
    missing = [row for row in rows if getattr(row, field) in (None, "")]
    return sorted(present, key=lambda row: getattr(row, field), reverse=descending) + missing
