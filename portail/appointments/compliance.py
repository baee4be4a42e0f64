"""Compliance board (issue 6 §3): for each employee, the next visit due, its deadline, the rule and a status.

Facts come from the workforce app; the visit history comes from this app's appointments with status
"réalisé". The rules themselves live in the pure `portail.followup.visits` engine. Four queries
whatever the headcount; no medical data (REFERENCE §8.1).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min
from django.utils import timezone

from portail.appointments.models import Appointment, AppointmentRequest, AppointmentStatus, RequestStatus, VisitKind
from portail.appointments.selectors import open_request_employee_ids
from portail.followup.visit_types import Absence, DueVisit, PastVisit
from portail.followup.visit_types import VisitKind as RuleKind
from portail.followup.visits import status as rule_status
from portail.followup.visits import visits_due
from portail.members.models import TeamRole
from portail.workforce.models import Employee
from portail.workforce.selectors import employee_facts

STATUS_LABELS = {
    "a_jour": "À jour",
    "a_planifier": "À planifier",
    "en_retard": "En retard",
    "demande_en_cours": "Demande en cours",
    "rdv_planifie": "Rendez-vous planifié",
}
STATUS_TONES = {
    "a_jour": "ok",
    "a_planifier": "warning",
    "en_retard": "alert",
    "demande_en_cours": "warning",
    "rdv_planifie": "ok",
}


# Up to this many employees, their history is fetched by id; past it, by member (no huge IN lists).
FEW = 500

BOARD_FIELDS = (
    "id",
    "member_id",
    "birth_name",
    "first_name",
    "birth_date",
    "hire_date",
    "contract",
    "determinants",
    "declared_category",
    "service_category",
    "exit_date",
)


@dataclass
class BoardRow:
    employee: Employee
    due: DueVisit | None
    status: str
    next_appointment: datetime | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def tone(self) -> str:
        return STATUS_TONES[self.status]


@dataclass
class Board:
    rows: list[BoardRow]
    counts: dict[str, int]

    def count_items(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts.get(key, 0)) for key, label in STATUS_LABELS.items()]


def rule_kind(*, kind: str, category: str) -> str | None:
    """The engine's visit kind an appointment held counts as; None when it restarts no clock."""
    sir = category == "SIR"
    kinds: dict[str, str] = {
        VisitKind.HIRING: RuleKind.EMA_INIT if sir else RuleKind.VIP_INIT,
        VisitKind.PERIODIC: RuleKind.EMA_PERIOD if sir else RuleKind.VIP_PERIOD,
        VisitKind.RETURN: RuleKind.REPRISE,
        VisitKind.MID_CAREER: RuleKind.MI_CARRIERE,
        VisitKind.END_OF_CAREER: RuleKind.POST_EXPO,
    }
    return kinds.get(kind)


def past_visits(*, member, employees: list[Employee]) -> dict[int, tuple[PastVisit, ...]]:
    return visits_held(members={"member": member}, categories={e.pk: e.category for e in employees})


def visits_held(*, members: dict, categories: dict[int, str]) -> dict[int, tuple[PastVisit, ...]]:
    """The visits the employees had, by employee id; `categories`: each wanted employee's category by id (it maps
    a visit kind to the rules' kind); `members`: the lookups that select their member (one member, or a range of
    ids)."""
    # A whole member is filtered by member, not by ids: 20,000 ids would overflow SQL parameter limits.
    history: dict[int, list[PastVisit]] = defaultdict(list)
    held = Appointment.objects.filter(status=AppointmentStatus.DONE, **members)
    if len(categories) <= FEW:
        held = held.filter(employee_id__in=list(categories))
    for employee_id, kind, start, role in held.values_list("employee_id", "visit_kind", "start", "professional__role"):
        if employee_id not in categories:
            continue
        mapped = rule_kind(kind=kind, category=categories[employee_id])
        if mapped is not None:
            history[employee_id].append(
                PastVisit(kind=mapped, on=timezone.localtime(start).date(), by_doctor=role == TeamRole.DOCTOR)
            )
    return {key: tuple(value) for key, value in history.items()}


def declared_absences(*, member, employees: list[Employee]) -> dict[int, tuple[Absence, ...]]:
    return absences_declared(members={"member": member}, wanted={e.pk for e in employees})


def absences_declared(*, members: dict, wanted: set[int]) -> dict[int, tuple[Absence, ...]]:
    """Absences the employer declared when asking for a visite de reprise: they start the 8-day clock. `members`:
    the lookups that select the requests' member (one member, or a range of ids)."""
    rows = AppointmentRequest.employees.through.objects.filter(
        appointmentrequest__visit_kind=VisitKind.RETURN,
        appointmentrequest__absence_start__isnull=False,
        **{f"appointmentrequest__{lookup}": value for lookup, value in members.items()},
    ).exclude(appointmentrequest__status=RequestStatus.REFUSED)
    if len(wanted) <= FEW:
        rows = rows.filter(employee_id__in=list(wanted))
    values = rows.values_list(
        "employee_id",
        "appointmentrequest__absence_type",
        "appointmentrequest__absence_start",
        "appointmentrequest__absence_end",
    )
    absences: dict[int, list[Absence]] = defaultdict(list)
    for employee_id, kind, start, end in values:
        if employee_id not in wanted or start is None:  # start: never None, filtered above
            continue
        absences[employee_id].append(Absence(kind=kind, start=start, end=end))
    return {key: tuple(value) for key, value in absences.items()}


def _facts(employee: Employee, history: dict, absences: dict):
    return dataclasses.replace(
        employee_facts(employee),
        past_visits=history.get(employee.pk, ()),
        absences=absences.get(employee.pk, ()),
    )


def _planned(member) -> dict[int, datetime]:
    rows = (
        Appointment.objects.filter(member=member, status=AppointmentStatus.PLANNED, start__gte=timezone.now())
        .values("employee_id")
        .annotate(first=Min("start"))
    )
    return {row["employee_id"]: row["first"] for row in rows}


def board_row_status(*, due: DueVisit | None, today: date, planned: bool, requested: bool) -> str:
    base = rule_status(due=due, today=today)
    if base == "a_jour":
        return "a_jour"
    if planned:
        return "rdv_planifie"
    if requested:
        return "demande_en_cours"
    return base


def compliance_board(*, member, today: date | None = None, status: str = "", category: str = "") -> Board:
    today = today or timezone.localdate()
    qs = Employee.objects.filter(member=member).present_on(today).order_by("birth_name", "first_name", "pk")
    if category:
        qs = qs.filter(declared_category=category)
    # Only what the rules and the table need: 20,000 full rows would double the time.
    employees = list(qs.only(*BOARD_FIELDS))
    history = past_visits(member=member, employees=employees)
    absences = declared_absences(member=member, employees=employees)
    planned = _planned(member)
    requested = open_request_employee_ids(member=member)
    rows, counts = [], dict.fromkeys(STATUS_LABELS, 0)
    for employee in employees:
        due_list = visits_due(facts=_facts(employee, history, absences), today=today)
        due = due_list[0] if due_list else None
        key = board_row_status(due=due, today=today, planned=employee.pk in planned, requested=employee.pk in requested)
        counts[key] += 1
        if not status or status == key:
            rows.append(BoardRow(employee=employee, due=due, status=key, next_appointment=planned.get(employee.pk)))
    return Board(rows=rows, counts=counts)


def due_for_employee(*, employee: Employee, today: date | None = None) -> DueVisit | None:
    today = today or timezone.localdate()
    member = employee.member
    history = past_visits(member=member, employees=[employee])
    absences = declared_absences(member=member, employees=[employee])
    due = visits_due(facts=_facts(employee, history, absences), today=today)
    return due[0] if due else None


BOARD_HEADERS = [
    "Nom",
    "Prénom",
    "Catégorie",
    "Prochaine visite",
    "Échéance",
    "Statut",
    "Règle",
    "Article",
    "Prochain rendez-vous",
]


def board_export_rows(*, board: Board) -> list[list]:
    """The board as table rows under BOARD_HEADERS, for `portail.core.exports` (which neutralises formulas)."""
    rows = []
    for row in board.rows:
        due = row.due
        deadline: object = ""
        if due is not None:
            deadline = "avant affectation" if due.before_assignment and due.due_by is None else (due.due_by or "")
        rows.append(
            [
                row.employee.birth_name,
                row.employee.first_name,
                row.employee.category,
                due.label if due else "",
                deadline,
                row.status_label,
                due.explanation if due else "",
                due.legal_basis if due else "",
                row.next_appointment,
            ]
        )
    return rows


PERIODIC_RULE_KINDS = frozenset(
    {
        RuleKind.VIP_PERIOD,
        RuleKind.EMA_PERIOD,
        RuleKind.SIR_INTERMEDIATE,
        RuleKind.RI_A_ANNUAL,
        RuleKind.U18_REG_ANNUAL,
    }
)


def periodic_due_between(*, member, first: date, last: date, today: date | None = None) -> list[BoardRow]:
    """Employees whose next visit is periodic and falls due in [first, last], not yet planned nor requested."""
    board = compliance_board(member=member, today=today)
    return [
        row
        for row in board.rows
        if row.due is not None
        and row.due.kind in PERIODIC_RULE_KINDS
        and row.due.due_by is not None
        and first <= row.due.due_by <= last
        and row.status not in ("rdv_planifie", "demande_en_cours")
    ]
