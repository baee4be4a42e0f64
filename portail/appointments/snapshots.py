"""Compliance counts for the home tile, computed per request with one GROUP BY.

Running the rules for every employee takes seconds at 20,000 employees; the tile only needs counts.
Each employee's next due visit (its deadline and whether it comes before assignment) is stored in
ComplianceSnapshot. The status is then decidable in SQL: compare the deadline with today and
look for a planned appointment or an open request, both read live. Before counting, the rows
whose inputs changed are recomputed, and only those:

- no row yet (a new hire, an import): computed at once, so a new hire counts immediately;
- `facts_changed` differs from Employee.facts_changed (a save that changed what the rules read:
  determinants, category corrected by staff, exit, dates — not a job title or a name; a write that
  bypasses save(), such as QuerySet.update(), must set it or delete the snapshots itself);
- the services that change the history (outcome recorded, reprise request with its absence,
  request refused) delete the employees' rows;
- `stable_until` reached: time alone may change the rules' answer from that day
  (`portail.followup.visits.stable_until`), typically a few employees a day.

A first tile for a member whose rows were never computed pays the full rules run once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils import timezone

from portail.appointments.compliance import (
    BOARD_FIELDS,
    STATUS_LABELS,
    _facts,
    absences_declared,
    declared_absences,
    past_visits,
    visits_held,
)
from portail.appointments.models import (
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    ComplianceSnapshot,
)
from portail.followup.visits import PLANNING_HORIZON_DAYS, stable_until, visits_due
from portail.workforce.models import FACTS_FIELDS, Employee, present_q
from portail.workforce.selectors import facts_from_fields

# Everything but the key: what a refresh rewrites on a row that exists.
REFRESHED_FIELDS = ("member", "facts_changed", "computed_on", "stable_until", "has_due", "due_by",
                    "before_assignment", "exit_date")


def _stale(member, today: date):
    # The join names the member on the snapshot side too, so that PostgreSQL reads this member's snapshots by
    # their member index instead of the whole table (bench/query_plans.py found the whole table read).
    return _stale_among({"member": member}, today)


def _stale_among(members: dict, today: date):
    """The employees of the members `members` selects (lookups on the member) whose row is missing or stale."""
    present = present_q(today)
    snapshot = "snapshot__"
    own_snapshot = FilteredRelation(
        "compliance_snapshot", condition=Q(**{f"compliance_snapshot__{key}": value for key, value in members.items()}))
    return Employee.objects.filter(**members).annotate(snapshot=own_snapshot).filter(
        Q(present, **{f"{snapshot}isnull": True})
        # Facts changed since (an exit too: the row must learn the exit date). Two comparisons, not a
        # negation, which would also match every exited employee without a row.
        | Q(**{f"{snapshot}facts_changed__lt": F("facts_changed")})
        | Q(**{f"{snapshot}facts_changed__gt": F("facts_changed")})
        | Q(present, **{f"{snapshot}stable_until__lte": today})
        | Q(**{f"{snapshot}computed_on__gt": today})  # computed "in the future": a clock set back
    )


def snapshot_rows(*, member, employees: list[Employee], today: date) -> list[ComplianceSnapshot]:
    """The rows of `employees` as the rules compute them today (see `_upsert`)."""
    return _rows(employees, today=today, history=past_visits(member=member, employees=employees),
                 absences=declared_absences(member=member, employees=employees))


def _rows(employees: list[Employee], *, today: date, history: dict, absences: dict) -> list[ComplianceSnapshot]:
    rows = []
    for employee in employees:
        facts = _facts(employee, history, absences)
        due = visits_due(facts=facts, today=today)
        first = due[0] if due else None
        rows.append(ComplianceSnapshot(
            employee_id=employee.pk,
            member_id=employee.member_id,
            facts_changed=employee.facts_changed,
            computed_on=today,
            stable_until=stable_until(facts=facts, today=today, due=due),
            has_due=first is not None,
            due_by=first.due_by if first else None,
            before_assignment=bool(first and first.before_assignment),
            exit_date=employee.exit_date,
        ))
    return rows


def _upsert(rows: list[ComplianceSnapshot]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (PostgreSQL and SQLite): two requests refreshing the same rows
    at once both succeed."""
    ComplianceSnapshot.objects.bulk_create(rows, batch_size=2000, update_conflicts=True, unique_fields=["employee"],
                                           update_fields=REFRESHED_FIELDS)


def snapshots_refresh(*, member, today: date | None = None) -> int:
    """Recompute the stale rows of a member; returns how many were recomputed."""
    today = today or timezone.localdate()
    # In id order: two concurrent upserts of overlapping rows lock them in the same order.
    employees = list(_stale(member, today).only(*BOARD_FIELDS, "facts_changed").order_by("pk"))
    if employees:
        _upsert(snapshot_rows(member=member, employees=employees, today=today))
    return len(employees)


# What the chunked refresh reads of an employee, as tuples: building 1.5 M model instances would cost more than the
# rules themselves.
_VALUES = ("id", "member_id", "service_category", "declared_category", "facts_changed", *FACTS_FIELDS)
_COLUMNS = ("employee_id", "member_id", "facts_changed", "computed_on", "stable_until", "has_due", "due_by",
            "before_assignment", "exit_date")


def snapshots_refresh_members(*, first_member_id: int, last_member_id: int, today: date) -> int:
    """`snapshots_refresh` for every member whose id lies in the range, with one query per kind of data instead of
    five per member (the nightly job's chunks); returns how many rows were recomputed."""
    members = {"member_id__gte": first_member_id, "member_id__lte": last_member_id}
    employees = list(_stale_among(members, today).order_by("pk").values_list(*_VALUES))
    if employees:
        history = visits_held(members=members, categories={e[0]: e[2] or e[3] for e in employees})
        absences = absences_declared(members=members, wanted={e[0] for e in employees})
        _upsert_values([_row_values(employee, today=today, history=history, absences=absences)
                        for employee in employees])
    return len(employees)


def _row_values(employee: tuple, *, today: date, history: dict, absences: dict) -> tuple:
    """A ComplianceSnapshot row in _COLUMNS order, as `_rows` computes it."""
    pk, member_id, _service, _declared, facts_changed, *fields = employee
    facts = facts_from_fields(**dict(zip(FACTS_FIELDS, fields, strict=True)), past_visits=history.get(pk, ()),
                              absences=absences.get(pk, ()))
    due = visits_due(facts=facts, today=today)
    first = due[0] if due else None
    return (pk, member_id, facts_changed, today, stable_until(facts=facts, today=today, due=due), first is not None,
            first.due_by if first else None, bool(first and first.before_assignment), facts.exit_date)


def _upsert_values(rows: list[tuple]) -> None:
    """`_upsert` of rows in _COLUMNS order. On PostgreSQL: COPY into a temporary table, then one INSERT … ON
    CONFLICT DO UPDATE from it, in employee order (the locks of two concurrent refreshes are taken in the same
    order); a third of the time of bulk_create, which builds and binds every value in Python."""
    if connection.vendor != "postgresql":
        _upsert([ComplianceSnapshot(**dict(zip(_COLUMNS, row, strict=True))) for row in rows])
        return
    table, columns = ComplianceSnapshot._meta.db_table, ", ".join(_COLUMNS)
    refreshed = ", ".join(f"{column} = EXCLUDED.{column}" for column in _COLUMNS[1:])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE snapshot_load (LIKE {table}) ON COMMIT DROP")
        with cursor.copy(f"COPY snapshot_load ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # Only this module's table and column names are formatted in; the values travel by COPY.
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM snapshot_load ORDER BY employee_id "  # noqa: S608  # nosec B608
                       f"ON CONFLICT (employee_id) DO UPDATE SET {refreshed}")
        cursor.execute("DROP TABLE snapshot_load")  # now, not at commit: the caller's transaction may go on


def snapshots_invalidate(*, employee_ids: Iterable[int]) -> None:
    """Called by the services that change an employee's visit history or declared absences."""
    ComplianceSnapshot.objects.filter(employee_id__in=list(employee_ids)).delete()


def _awaited(*, member, now: datetime) -> tuple[QuerySet[Any, Any], QuerySet[Any, Any]]:
    """The employees with a planned appointment to come, and those named in an open request."""
    lookup = "member__in" if isinstance(member, QuerySet | list) else "member"
    planned = Appointment.objects.filter(
        status=AppointmentStatus.PLANNED, start__gte=now, **{lookup: member}
    ).values("employee_id")
    requested = AppointmentRequest.employees.through.objects.filter(
        appointmentrequest__status__in=OPEN_REQUEST_STATUSES, **{f"appointmentrequest__{lookup}": member}
    ).values("employee_id")
    return planned, requested


def _late_q(*, member, today: date, now: datetime) -> Q:
    """The rows `_status_case` calls "en_retard", as a plain filter: cheaper to build than the whole CASE when only
    the late ones count (the home tile, the cockpit). A due date that is past makes the horizon rule moot."""
    planned, requested = _awaited(member=member, now=now)
    return (Q(has_due=True) & (Q(due_by__lt=today) | Q(before_assignment=True, due_by__lte=today))
            & ~Q(employee_id__in=planned) & ~Q(employee_id__in=requested))


def _status_case(*, member, today: date, now: datetime) -> Case:
    """`compliance.board_row_status` over `followup.visits.status`, in SQL; test_snapshots keeps them equal.

    `member` is one member, or member ids (a list or a query: the accountant's cockpit counts all its clients at once).
    Planned and requested are non-correlated `IN (SELECT …)` over the member's rows: PostgreSQL hashes
    each once instead of probing an index per employee."""
    planned, requested = _awaited(member=member, now=now)
    horizon = today + timedelta(days=PLANNING_HORIZON_DAYS)
    return Case(
        When(has_due=False, then=Value("a_jour")),
        When(due_by__gt=horizon, before_assignment=False, then=Value("a_jour")),
        When(employee_id__in=planned, then=Value("rdv_planifie")),
        When(employee_id__in=requested, then=Value("demande_en_cours")),
        When(due_by__isnull=True, then=Value("a_planifier")),
        When(Q(due_by__lt=today) | Q(before_assignment=True, due_by__lte=today), then=Value("en_retard")),
        default=Value("a_planifier"),
        output_field=CharField(),
    )


def compliance_counts(*, member, today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """The board's counts per status, without running the rules for unchanged employees."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    snapshots_refresh(member=member, today=today)
    rows = (
        ComplianceSnapshot.objects.filter(member=member)
        .filter(present_q(today))  # the snapshot's copy of the exit date, same rule
        .annotate(key=_status_case(member=member, today=today, now=now))
        .values("key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(STATUS_LABELS, 0)
    counts.update({row["key"]: row["n"] for row in rows})
    return counts


def late_count(*, member, today: date | None = None, now: datetime | None = None) -> int:
    """`compliance_counts(...)["en_retard"]` alone: the home tile's count."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    snapshots_refresh(member=member, today=today)
    return (ComplianceSnapshot.objects.filter(member=member)
            .filter(present_q(today), _late_q(member=member, today=today, now=now)).count())


def overdue_counts(*, member_ids: QuerySet[Any, Any] | list[int], today: date | None = None, now: datetime | None = None) -> dict[int, int]:
    """Employees late for a visit, per member, in one query over the stored due dates.

    Unlike `compliance_counts` the snapshots are not refreshed first (that runs the rules member by member):
    a member's rows are brought up to date whenever its own pages count them, and the dates compare to today here.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    rows = (
        ComplianceSnapshot.objects.filter(member__in=member_ids)
        .filter(present_q(today), _late_q(member=member_ids, today=today, now=now))
        .values("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["member_id"]: row["n"] for row in rows}


def open_request_counts(*, member_ids: QuerySet[Any, Any] | list[int]) -> dict[int, int]:
    """Appointment requests still waiting for the service, per member."""
    rows = (AppointmentRequest.objects.filter(member__in=member_ids, status__in=OPEN_REQUEST_STATUSES)
            .values("member_id").annotate(n=Count("pk")).order_by())
    return {row["member_id"]: row["n"] for row in rows}
