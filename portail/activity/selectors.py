"""Reads for workplace actions and the yearly activity summary. Portal callers always pass the member."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portail.activity.models import COMPANY_SHEET_KINDS, ActionKind, WorkplaceAction
from portail.activity.rules import CompanySheetStatus, company_sheet_status
from portail.members.models import Member, MemberStatus


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int
    participants: int


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class SummarySection:
    """A block contributed by another app (visits, headcount, requests…): aggregates only.

    Either `rows` (label → value) or a table: `columns` headings and `table` rows (first cell: row heading).
    """

    key: str
    title: str
    rows: list[SummaryRow]
    columns: tuple[str, ...] = ()
    table: list[tuple[str, ...]] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class ActivitySummary:
    member: Member
    year: int
    actions: list[WorkplaceAction]
    counts: list[KindCount]
    company_sheet: CompanySheetStatus
    sections: list[SummarySection] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    @property
    def participants_total(self) -> int:
        return sum(c.participants for c in self.counts)


# Other apps append a `(member, year) -> SummarySection | None` here (e.g. from their AppConfig.ready)
# to add their aggregates to tab 2.7 and its PDF without this app importing them.
SECTION_PROVIDERS: list[Callable[[Member, int], SummarySection | None]] = []


def _today() -> date:
    return timezone.localdate()


def workplace_actions_for_year(*, member: Member, year: int) -> QuerySet[WorkplaceAction]:
    return (
        WorkplaceAction.objects.filter(member=member, date__year=year)
        .prefetch_related("staff")
        .order_by("date", "pk")
    )


def workplace_action_get(*, member: Member, pk: int) -> WorkplaceAction:
    action: WorkplaceAction = get_object_or_404(WorkplaceAction.objects.filter(member=member), pk=pk)
    return action


def workplace_action_counts(*, member: Member, year: int, actions: list[WorkplaceAction] | None = None,
                            ) -> list[KindCount]:
    """One row per action type, in the official order, zeros included so years compare at a glance.
    Counted from `actions` (the year's actions) when the caller has them already: one query less."""
    rows: Iterable[dict[str, Any]]
    if actions is None:
        rows = (
            WorkplaceAction.objects.filter(member=member, date__year=year)
            .values("kind")
            .annotate(n=Count("pk"), people=Sum("participants"))
        )
    else:
        counts: Counter[str] = Counter()
        people: Counter[str] = Counter()
        for action in actions:
            counts[action.kind] += 1
            people[action.kind] += action.participants or 0
        rows = [{"kind": kind, "n": n, "people": people[kind]} for kind, n in counts.items()]
    by_kind = {row["kind"]: row for row in rows}
    return [
        KindCount(kind, label, by_kind.get(kind, {}).get("n", 0), by_kind.get(kind, {}).get("people") or 0)
        for kind, label in ActionKind.choices
    ]


def company_sheet_last_date(*, member: Member) -> date | None:
    last: date | None = (
        WorkplaceAction.objects.filter(member=member, kind__in=COMPANY_SHEET_KINDS)
        .aggregate(last=Max("date"))["last"]
    )
    return last


def member_company_sheet_status(*, member: Member, today: date | None = None) -> CompanySheetStatus:
    return company_sheet_status(
        joined_on=member.joined_on, last_on=company_sheet_last_date(member=member), today=today or _today()
    )


def activity_years(*, member: Member, today: date | None = None) -> list[int]:
    """Years the member can consult, newest first: from membership (or first action) to this year."""
    current = (today or _today()).year
    first_action = WorkplaceAction.objects.filter(member=member).order_by("date").values_list("date", flat=True)
    starts = [d.year for d in (member.joined_on, first_action.first()) if d is not None]
    start = min([*starts, current])
    return list(range(current, start - 1, -1))


def activity_summary(*, member: Member, year: int, today: date | None = None) -> ActivitySummary:
    sections = [s for s in (provider(member, year) for provider in SECTION_PROVIDERS) if s is not None]
    actions = list(workplace_actions_for_year(member=member, year=year))
    return ActivitySummary(
        member=member,
        year=year,
        actions=actions,
        counts=workplace_action_counts(member=member, year=year, actions=actions),
        company_sheet=member_company_sheet_status(member=member, today=today),
        sections=sections,
    )


# --- staff (run with scopes disabled under /gestion/) ---------------------------------------------


def staff_workplace_actions(*, number: str = "", year: int | None = None) -> QuerySet[WorkplaceAction]:
    actions = WorkplaceAction.objects.select_related("member").prefetch_related("staff")
    if number:
        actions = actions.filter(member__number=number)
    if year:
        actions = actions.filter(date__year=year)
    return actions.order_by("-date", "-pk")


def overdue_company_sheets(*, today: date | None = None) -> list[tuple[Member, CompanySheetStatus]]:
    """Active members whose fiche d'entreprise is late, the most overdue first."""
    today = today or _today()
    members = Member.objects.filter(status=MemberStatus.ACTIVE).annotate(
        last_sheet=Max("workplace_actions__date", filter=Q(workplace_actions__kind__in=COMPANY_SHEET_KINDS))
    )
    late = []
    for member in members:
        status = company_sheet_status(joined_on=member.joined_on, last_on=member.last_sheet, today=today)
        if status.is_overdue:
            late.append((member, status))
    return sorted(late, key=lambda pair: pair[1].due_on or date.min)
