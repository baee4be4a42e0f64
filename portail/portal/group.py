"""The consolidated view of grouped establishments (« Liste des regroupées »): the head establishment sees each
establishment's headcount by category, balance due, declaration and overdue visits, with totals.

Each figure is the one the establishment's own page shows (same selectors: workforce list by category,
échéancier balance, visits board): test_group.py checks the totals against the sum of those pages.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django_scopes import scope

from portail.appointments.snapshots import compliance_counts
from portail.billing.selectors import MemberBalance, balances
from portail.declarations.models import FILLABLE, DeclarationStatus
from portail.declarations.selectors import open_campaign_statuses
from portail.members.models import Member
from portail.workforce.models import CATEGORY_CHOICES
from portail.workforce.selectors import headcount_by_category

CATEGORIES = [value for value, _label in CATEGORY_CHOICES]


@dataclass
class GroupRow:
    number: str
    name: str
    is_head: bool
    headcount: dict[str, int] = field(default_factory=dict)
    balance: Decimal = Decimal("0.00")
    declaration: str = ""
    declaration_to_fill: int = 0  # 1 for an establishment whose declaration is still to fill; the total counts them
    overdue: int = 0

    @property
    def total_headcount(self) -> int:
        return sum(self.headcount.values())

    @property
    def counts(self) -> list[int]:
        return [self.headcount.get(category, 0) for category in CATEGORIES]


def group_establishments(*, head: Member) -> list[Member]:
    """The head and the establishments grouped under it; a single establishment is no group."""
    members = list(Member.objects.filter(Q(pk=head.pk) | Q(group_head=head)).only("pk", "name", "number",
                                                                                   "group_head"))
    return members if len(members) > 1 else []


def group_rows(*, establishments: list[Member]) -> tuple[list[GroupRow], GroupRow]:
    """One row per establishment (head first) and the totals row."""
    ids = [member.pk for member in establishments]
    today = timezone.localdate()
    with scope(member=ids):
        headcounts = headcount_by_category(member_ids=ids, day=today)
        money = balances(member_ids=ids)
        statuses = open_campaign_statuses(member_ids=ids)
    rows = []
    for member in sorted(establishments, key=lambda m: (m.group_head_id is not None, m.name)):
        with scope(member=member):
            overdue = compliance_counts(member=member, today=today)["en_retard"]
        status = statuses.get(member.pk)
        rows.append(GroupRow(
            number=member.number, name=member.name, is_head=member.group_head_id is None,
            headcount=headcounts.get(member.pk, {}), balance=money.get(member.pk, MemberBalance()).balance,
            declaration=DeclarationStatus(status).label if status else "",
            declaration_to_fill=int(status in FILLABLE), overdue=overdue,
        ))
    totals = GroupRow(number="", name="Total", is_head=False,
                      headcount={c: sum(r.headcount.get(c, 0) for r in rows) for c in CATEGORIES},
                      balance=sum((r.balance for r in rows), Decimal("0.00")),
                      declaration_to_fill=sum(r.declaration_to_fill for r in rows),
                      overdue=sum(r.overdue for r in rows))
    return rows, totals
