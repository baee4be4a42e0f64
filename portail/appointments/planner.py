"""Staff reads for planning (scopes disabled under /gestion/): the calendar grid, the filtered slot picker,
late cancellation requests, and the cross-member watch of the compliance board."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from portail.appointments.models import (
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    ComplianceSnapshot,
    Slot,
)
from portail.appointments.selectors import booked_slot_filter, staff_free_slots
from portail.audit.models import Event
from portail.members.models import TeamMember, TeamRole
from portail.workforce.models import Employee, present_q

STEP_MINUTES = 30
DAY_START, DAY_END = time(7, 30), time(19, 0)
PICKER_LIMIT = 40
LATE_CANCELLATION = "appointments.cancellation_late"


def health_professionals():
    """Who holds visits: doctors and nurses (IDEST)."""
    return TeamMember.objects.filter(role__in=(TeamRole.DOCTOR, TeamRole.NURSE)).order_by("last_name", "pk")


@dataclass
class CalendarCell:
    appointments: list = field(default_factory=list)
    free: int = 0


@dataclass
class CalendarGrid:
    columns: list[tuple[str, date, int | None]]  # (heading, day, professional id or None)
    rows: list[tuple[time, list[CalendarCell]]]
    count: int


def _column_key(moment: datetime, professional_id: int | None, by_professional: bool):
    local = timezone.localtime(moment)
    return (local.date(), professional_id if by_professional else None)


def calendar_grid(*, first: date, days: int, professional: TeamMember | None = None, centre=None) -> CalendarGrid:
    """A day (one column per professional) or a week (one column per day), in 30-minute rows: the appointments
    starting in each step, and how many free slots it holds."""
    start = timezone.make_aware(datetime.combine(first, time()))
    stop = start + timedelta(days=days)
    appointments = Appointment.objects.filter(start__gte=start, start__lt=stop).exclude(
        status=AppointmentStatus.CANCELLED).select_related("member", "employee", "professional", "centre")
    free = Slot.objects.filter(start__gte=start, start__lt=stop).exclude(booked_slot_filter())
    if professional is not None:
        appointments, free = appointments.filter(professional=professional), free.filter(professional=professional)
    if centre is not None:
        appointments, free = appointments.filter(centre=centre), free.filter(centre=centre)
    planned, open_slots = list(appointments.order_by("start", "pk")), list(free.only("start", "professional_id"))
    by_professional = days == 1 and professional is None
    columns = _columns(first=first, days=days, by_professional=by_professional, appointments=planned,
                       free=open_slots)
    index = {(day, pro): position for position, (_, day, pro) in enumerate(columns)}
    steps = _steps(first)
    grid = {step: [CalendarCell() for _ in columns] for step in steps}
    for appointment in planned:
        _cell(grid, steps, index, appointment.start, appointment.professional_id, by_professional).appointments.append(
            appointment)
    for slot in open_slots:
        _cell(grid, steps, index, slot.start, slot.professional_id, by_professional).free += 1
    return CalendarGrid(columns=columns, rows=[(step, grid[step]) for step in steps], count=len(planned))


def _steps(first: date) -> list[time]:
    moment, end, steps = datetime.combine(first, DAY_START), datetime.combine(first, DAY_END), []
    while moment < end:
        steps.append(moment.time())
        moment += timedelta(minutes=STEP_MINUTES)
    return steps


def _cell(grid, steps, index, moment, professional_id, by_professional) -> CalendarCell:
    local = timezone.localtime(moment)
    minutes = max(local.hour * 60 + local.minute, steps[0].hour * 60 + steps[0].minute)
    step = steps[min(len(steps) - 1, (minutes - (steps[0].hour * 60 + steps[0].minute)) // STEP_MINUTES)]
    return grid[step][index[_column_key(moment, professional_id, by_professional)]]


def _columns(*, first, days, by_professional, appointments, free) -> list[tuple[str, date, int | None]]:
    if not by_professional:
        return [(_day_label(first + timedelta(days=offset)), first + timedelta(days=offset), None)
                for offset in range(days)]
    ids = {a.professional_id for a in appointments} | {s.professional_id for s in free}
    people = TeamMember.objects.filter(pk__in=ids - {None}).order_by("last_name", "pk")
    columns: list[tuple[str, date, int | None]] = [
        (f"{person.first_name} {person.last_name}".strip(), first, person.pk) for person in people]
    if None in ids:
        columns.append(("Sans professionnel", first, None))
    return columns or [(_day_label(first), first, None)]


DAY_NAMES = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


def _day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day:%d/%m}"


def picker_slots(*, kind: str, minutes: int, professional=None, centre=None, day: date | None = None) -> list[Slot]:
    """Free slots fitting the visit, filtered by professional, centre and day (from that day on): a short list
    the planner narrows, instead of the 200 soonest slots of everyone."""
    start = timezone.now()
    if day is not None:
        start = max(start, timezone.make_aware(datetime.combine(day, time())))
    slots = staff_free_slots(kind=kind, start=start, minutes=minutes, limit=1000,
                             professional=professional, centre=centre)
    return slots[:PICKER_LIMIT]


def late_cancellations(*, days: int = 30) -> list[Event]:
    """Cancellation requests refused because they came too late: the visit may be missed, the planner knows."""
    since = timezone.now() - timedelta(days=days)
    return list(Event.objects.filter(action=LATE_CANCELLATION, at__gte=since).select_related("member")
                .order_by("-at")[:200])


def compliance_watch(*, today: date | None = None, days: int = 30, limit: int = 200) -> dict:
    """Across members: employees newly declared SIA/SIR (last `days`), and employees whose visit is due (from the
    compliance snapshots) with neither an open request nor a planned appointment."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days), time()))
    newly = (Employee.objects.filter(created__gte=since).filter(present_q(today))
             .filter(Q(declared_category__in=("SIA", "SIR")) | Q(service_category__in=("SIA", "SIR")))
             .select_related("member").order_by("-created")[:limit])
    open_request = AppointmentRequest.objects.filter(employees=OuterRef("employee_id"),
                                                     status__in=OPEN_REQUEST_STATUSES)
    planned = Appointment.objects.filter(employee_id=OuterRef("employee_id"), status=AppointmentStatus.PLANNED,
                                         start__gte=timezone.now())
    due = (ComplianceSnapshot.objects.filter(has_due=True, due_by__lte=today + timedelta(days=days))
           .filter(present_q(today))
           .exclude(Exists(open_request)).exclude(Exists(planned))
           .select_related("employee", "member").order_by("due_by")[:limit])
    return {"newly_declared": list(newly), "due_without_request": list(due), "days": days, "today": today}
