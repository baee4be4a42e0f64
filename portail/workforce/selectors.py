"""Reads on employees; always for one member."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Field, Q, QuerySet
from django.db.models.expressions import BaseExpression
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portail.followup.determinants import BY_CODE
from portail.followup.visit_types import Absence, EmployeeFacts, PastVisit
from portail.reference.text import fold
from portail.workforce.models import Employee

if TYPE_CHECKING:
    from portail.accounts.models import User
    from portail.members.models import Member

PAGE_SIZE = 50
DEEP_OFFSET = 500  # see employee_list
SORTS = {
    "nom": ("birth_name", "first_name", "id"),
    "prenom": ("first_name", "birth_name", "id"),
    "naissance": ("birth_date", "birth_name", "id"),
    "embauche": ("hire_date", "birth_name", "id"),
    "categorie": ("declared_category", "birth_name", "id"),
    "contrat": ("contract", "birth_name", "id"),
}
LIST_FIELDS = (
    "id",
    "birth_name",
    "usage_name",
    "first_name",
    "birth_date",
    "job_title",
    "contract",
    "hire_date",
    "declared_category",
    "service_category",
    "exit_date",
    "exit_reason",
    "nir_masked",
)


@dataclass(frozen=True)
class EmployeeFilters:
    q: str = ""
    category: str = ""
    contract: str = ""
    status: str = "presents"  # presents | anciens | tous
    sort: str = "nom"


@dataclass(frozen=True)
class EmployeePage:
    rows: Sequence[Employee]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def employee_queryset(*, member: Member, filters: EmployeeFilters) -> QuerySet[Employee]:
    qs = Employee.objects.filter(member=member)
    if filters.status == "presents":
        qs = qs.present_on(timezone.localdate())
    elif filters.status == "anciens":
        qs = qs.gone_before(timezone.localdate())
    if filters.category:
        qs = qs.filter(declared_category=filters.category)
    if filters.contract:
        qs = qs.filter(contract=filters.contract)
    for word in fold(filters.q).upper().split()[:4]:
        qs = qs.filter(
            Q(birth_name_key__startswith=word) | Q(usage_name_key__startswith=word) | Q(first_name_key__startswith=word)
        )
    descending = filters.sort.startswith("-")
    columns = SORTS.get(filters.sort.lstrip("-"), SORTS["nom"])
    return qs.order_by(*[f"-{c}" if descending else c for c in columns])


# Columns that apps built on this one add to the list (appointments: `next_appointment`), as name → function
# returning a query expression; registered in their AppConfig.ready, so that workforce never imports them.
LIST_COLUMNS: dict[str, Callable[[], BaseExpression]] = {}


def employee_list(*, member: Member, filters: EmployeeFilters, page: int = 1, page_size: int = PAGE_SIZE) -> EmployeePage:
    """One query whatever the table size: limit + 1 tells whether a next page exists, no COUNT(*). Each row
    carries `next_appointment` (start of the next planned appointment, or None) for the table's column."""
    page = max(1, page)
    start = (page - 1) * page_size
    qs = employee_queryset(member=member, filters=filters)
    if start >= DEEP_OFFSET:
        # The database computes the select list of the rows OFFSET skips too: past the first pages, the page's
        # ids are chosen first, so that the next appointment is looked up for the rows shown only.
        page_ids = qs.values("pk")[start : start + page_size + 1]
        qs, start = employee_queryset(member=member, filters=filters).filter(pk__in=page_ids), 0
    columns = {name: column() for name, column in LIST_COLUMNS.items()}
    rows = list(qs.only(*LIST_FIELDS).annotate(**columns)[start : start + page_size + 1])
    return EmployeePage(rows=rows[:page_size], number=page, has_next=len(rows) > page_size)


API_HIDDEN_FIELDS = ("nir_encrypted", "nir_hash")


def employee_rows_after(*, member: Member, filters: EmployeeFilters, after_id: int = 0, updated_since: datetime | None = None,
                        limit: int = 100) -> list[Employee]:
    """A page of the open API: the rows after `after_id` by id (a cursor that stays right while rows are added or
    changed, whatever the table's size), `limit + 1` of them so that the caller knows whether more follow. The
    encrypted NIR is not even read."""
    qs = employee_queryset(member=member, filters=filters).filter(pk__gt=after_id).defer(*API_HIDDEN_FIELDS)
    if updated_since is not None:
        qs = qs.filter(updated__gte=updated_since)
    return list(qs.order_by("pk")[: limit + 1])


def employee_export_rows(*, member: Member, filters: EmployeeFilters) -> Iterator[Employee]:
    return employee_queryset(member=member, filters=filters).iterator(chunk_size=2000)


def employee_get(*, member: Member, pk: int) -> Employee:
    employee: Employee = get_object_or_404(Employee.objects.filter(member=member), pk=pk)
    return employee


def employee_history(*, employee: Employee) -> list[dict[str, object]]:
    """Each change as (when, who, [(field label, before, after)]), newest first."""
    records = list(employee.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = Employee._meta.get_field(change.field)
                assert isinstance(field, Field), "history only diffs concrete fields"
                changes.append((str(field.verbose_name), _display(field, change.old), _display(field, change.new)))
        entries.append(
            {
                "when": newer.history_date,
                "who": _who(newer.history_user),
                "type": newer.history_type,
                "reason": newer.history_change_reason or "",  # "DSN de janvier 2026" for a DSN import
                "changes": changes,
            }
        )
    return entries


def _who(user: User | None) -> str:
    if user is None:
        return "système"
    return user.audit_label


def _display(field: Field[Any, Any], value: object) -> str:
    if value in (None, "", []):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ", ".join(BY_CODE[c].label if c in BY_CODE else c for c in value)
    return str(value)


def employees_incomplete_count(*, member: Member) -> int:
    return (
        Employee.objects.filter(member=member)
        .present_on(timezone.localdate())
        .filter(Q(nir_hash="") | Q(pcs_code="") | Q(sex=""))
        .count()
    )


def employee_facts(employee: Employee) -> EmployeeFacts:
    """What the visit rules (portail.followup.visits) need; past visits come from appointments."""
    return facts_from_fields(birth_date=employee.birth_date, hire_date=employee.hire_date, contract=employee.contract,
                             determinants=employee.determinants, exit_date=employee.exit_date)


def facts_from_fields(*, birth_date: date, hire_date: date, contract: str, determinants: Sequence[str],
                      exit_date: date | None, past_visits: tuple[PastVisit, ...] = (),
                      absences: tuple[Absence, ...] = ()) -> EmployeeFacts:
    """`employee_facts` from the field values themselves (the nightly job reads 1.5 M rows as tuples, not models),
    with the employee's past visits and declared absences."""
    return EmployeeFacts(
        birth_date=birth_date,
        hire_date=hire_date,
        contract=contract,
        determinants=frozenset(c for c in determinants if c != "NONE"),
        exit_date=exit_date,
        past_visits=past_visits,
        absences=absences,
    )


def headcount_by_category(*, member_ids: QuerySet[Any, Any] | list[int], day: date) -> dict[int, dict[str, int]]:
    """Present employees per member and declared category, as the list counts them filtered by category, in one
    query (the consolidated view of grouped establishments)."""
    rows = (Employee.objects.filter(member__in=member_ids).present_on(day)
            .values("member_id", "declared_category").annotate(n=Count("pk")).order_by())
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["member_id"], {})[row["declared_category"]] = row["n"]
    return counts
