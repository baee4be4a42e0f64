"""Demo appointments for member 100001, dated from today: the visit history of every employee, so that the visits
board shows what a well-followed company looks like — most employees up to date, a few visits due soon, two
late, three with a request in progress, two with an appointment booked — and tab 2.6's lists: one upcoming
appointment whose cancellation limit has passed (the page says "Délai dépassé" and how to reach the service),
one weeks ahead, past ones with their outcomes and an attestation, open requests. `workforce.demo.ROLES` names
who plays which part."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from portail.appointments.availability import exception_save, pattern_save
from portail.appointments.compliance import _facts, declared_absences, past_visits
from portail.appointments.models import (
    AbsenceType,
    Appointment,
    AppointmentRequest,
    AppointmentSettings,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityPattern,
    ExceptionKind,
    ExceptionReason,
    RequestStatus,
    SharedDocument,
    Slot,
    VisitKind,
)
from portail.appointments.rules import centre_region
from portail.appointments.selectors import booked_slot_filter
from portail.core.business_days import is_business_day
from portail.followup.dates import add_years
from portail.followup.visit_types import VisitKind as RuleKind
from portail.followup.visits import PLANNING_HORIZON_DAYS, visits_due
from portail.members.freshness import shared_settings_changed
from portail.members.models import Centre, Member, TeamMember, TeamRole
from portail.portal.demo.workforce import ROLES
from portail.workforce.models import Employee


@dataclasses.dataclass(frozen=True)
class Staff:
    centre: Centre
    doctor: TeamMember
    nurse: TeamMember
    region: str | None
    today: date


def _business_day(start: date, region: str | None, step: int = 1) -> date:
    day = start
    while not is_business_day(day=day, region=region):
        day += timedelta(days=step)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _attestation_pdf(employee: Employee, day: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string("portal/demo/attestation.html", {"employee": employee, "day": day})
    return HTML(string=html).write_pdf()


def _slot(centre, professional, start: datetime, minutes: int = 30) -> Slot:
    return Slot.objects.create(
        centre=centre, professional=professional, start=start, end=start + timedelta(minutes=minutes)
    )


def _visit(staff: Staff, employee, day: date, kind: str, status: str = AppointmentStatus.DONE,
           hour: int = 10) -> Appointment:
    """A visit on the business day on or before `day` (never before the hire date), by the doctor for SIR."""
    day = max(_business_day(day, staff.region, step=-1), employee.hire_date)
    person = staff.doctor if employee.category == "SIR" or kind == VisitKind.MID_CAREER else staff.nurse
    return Appointment.objects.create(
        member=employee.member, employee=employee, centre=staff.centre, professional=person, start=_at(day, hour),
        end=_at(day, hour, 30), visit_kind=kind, status=status,
    )


def _years(employee) -> int:
    """How often the periodic visit comes back for this employee (the rules' regimes, REFERENCE §2)."""
    codes = set(employee.determinants)
    if codes & {"RI_A", "U18_REG"}:
        return 1
    if employee.category == "SIR":
        return 2  # the intermediate visit, half-way through the 4-year exam
    return 3 if codes & {"NIGHT", "U18", "INVALID", "DISABLED"} else 5


def _history(staff: Staff, employee, rng: random.Random, *, last: date | None = None) -> None:
    """The hiring visit, then the latest periodic one: on `last`, or a random day recent enough to be up to
    date (the next one falls due beyond the planning horizon)."""
    today = staff.today
    first = employee.hire_date + timedelta(days=10)
    if first <= today - timedelta(days=20):
        _visit(staff, employee, first, VisitKind.HIRING)
    if last is None:
        span = _years(employee) * 365 - PLANNING_HORIZON_DAYS - 60
        last = today - timedelta(days=rng.randrange(30, max(31, span)))
    if last > first + timedelta(days=60):
        _visit(staff, employee, last, VisitKind.PERIODIC, hour=11)


def _mid_career(staff: Staff, employee) -> None:
    """Held in the window the law allows (L4624-2-2), when the rules would otherwise ask for it now."""
    member = employee.member
    facts = _facts(employee, past_visits(member=member, employees=[employee]),
                   declared_absences(member=member, employees=[employee]))
    horizon = staff.today + timedelta(days=PLANNING_HORIZON_DAYS)
    due = [v for v in visits_due(facts=facts, today=staff.today) if v.kind is RuleKind.MI_CARRIERE]
    if due and due[0].due_by is not None and due[0].due_by <= horizon:
        year = employee.birth_date.year + 45
        day = min(staff.today - timedelta(days=15), max(date(year - 1, 6, 15), employee.hire_date + timedelta(days=30)))
        _visit(staff, employee, day, VisitKind.MID_CAREER, hour=15)


# The roles whose history _stories tells, and the newly hired (no visit yet); every other employee is up to date.
TOLD = ("attestation", "due_soon", "excused", "requested", "tomorrow", "no_show", "cancelled", "new_hire_booked",
        "new_hire", "new_hire_sir")


def _by_role(employees: list) -> dict[str, list]:
    return {role: [e for e in employees if (e.birth_name, e.first_name) in names] for role, names in ROLES.items()}


def _stories(staff: Staff, roles: dict[str, list], rng: random.Random) -> None:
    """The employees whose history makes the board's other statuses, and tab 2.6's past appointments."""
    today = staff.today
    five_years_ago = add_years(today, -5)
    attested = roles["attestation"][0]
    _history(staff, attested, rng, last=today - timedelta(days=40))
    held = attested.appointments.filter(visit_kind=VisitKind.PERIODIC).get()
    SharedDocument.objects.create(
        member=attested.member, appointment=held, kind="attestation",
        file=ContentFile(_attestation_pdf(attested, timezone.localtime(held.start).date()), name="attestation-demo.pdf"),
    )
    # Periodic visits of five years ago falling due within weeks: "à planifier", or requested, or booked.
    for role, days in (("due_soon", 40), ("excused", 60), ("requested", 20), ("tomorrow", 10)):
        for employee in roles[role]:
            _history(staff, employee, rng, last=five_years_ago + timedelta(days=days))
    # A no-show on a visit that was due: now overdue.
    _history(staff, roles["no_show"][0], rng, last=five_years_ago - timedelta(days=30))
    for role, days_ago, outcome in (
        ("no_show", 60, AppointmentStatus.NO_SHOW),
        ("cancelled", 90, AppointmentStatus.CANCELLED),
        ("excused", 120, AppointmentStatus.EXCUSED),
    ):
        _visit(staff, roles[role][0], today - timedelta(days=days_ago), VisitKind.PERIODIC, status=outcome, hour=14)
    # The cancelled one was held a month ago instead.
    _history(staff, roles["cancelled"][0], rng, last=today - timedelta(days=30))


def _upcoming(staff: Staff, roles: dict[str, list]) -> None:
    """The next business day (its cancellation limit has passed) and a hiring visit three weeks ahead."""
    soon = _business_day(staff.today + timedelta(days=1), staff.region)
    later = _business_day(staff.today + timedelta(days=21), staff.region)
    for employee, day, kind, person in (
        (roles["tomorrow"][0], soon, VisitKind.PERIODIC, staff.nurse),
        (roles["new_hire_booked"][0], later, VisitKind.HIRING, staff.doctor),
    ):
        slot = _slot(staff.centre, person, _at(day, 9, 30))
        Appointment.objects.create(member=employee.member, employee=employee, slot=slot, centre=staff.centre,
                                   professional=person, start=slot.start, end=slot.end, visit_kind=kind)


def _requests(staff: Staff, roles: dict[str, list]) -> None:
    member = roles["requested"][0].member
    sent = AppointmentRequest.objects.create(
        member=member, visit_kind=VisitKind.PERIODIC, preferred_periods="Plutôt le matin, hors vacances scolaires"
    )
    sent.employees.set(roles["requested"])
    taken = AppointmentRequest.objects.create(
        member=member,
        visit_kind=VisitKind.RETURN,
        status=RequestStatus.IN_PROGRESS,
        absence_type=AbsenceType.WORK_ACCIDENT,
        absence_start=staff.today - timedelta(days=50),
        absence_end=staff.today + timedelta(days=5),
    )
    taken.employees.set(roles["reprise"])


def load(*, stdout) -> None:
    member = Member.objects.filter(number="100001").first()
    if member is None or Appointment.objects.filter(member=member).exists():
        return
    centre = member.centre or Centre.objects.order_by("pk").first()
    people = list(TeamMember.objects.filter(role__in=(TeamRole.DOCTOR, TeamRole.NURSE)).order_by("role", "pk"))
    if centre is None or not people:
        return
    doctor = next((p for p in people if p.role == TeamRole.DOCTOR), people[0])
    nurse = next((p for p in people if p.role == TeamRole.NURSE), doctor)
    today = timezone.localdate()
    present = list(Employee.objects.filter(member=member).present_on(today).order_by("pk"))
    roles = _by_role(present)
    if not all(roles.values()):
        return  # not the demo workforce: nothing to tell
    staff = Staff(centre=centre, doctor=doctor, nurse=nurse, region=centre_region(centre), today=today)
    rng = random.Random(16)
    _stories(staff, roles, rng)
    # Everyone else is up to date; the newly hired wait for their first visit.
    told = {e.pk for role in TOLD for e in roles[role]}
    for employee in present:
        if employee.pk not in told:
            _history(staff, employee, rng)
    for employee in present:
        _mid_career(staff, employee)
    _upcoming(staff, roles)
    _requests(staff, roles)
    # Availability: Tuesday and Thursday mornings for the doctor and the nurse, and the doctor away in
    # training on the second Thursday (slots are generated from the patterns minus that exception).
    free = _availability(centre=centre, people=[doctor, nurse], today=today, region=staff.region)
    # Hiring and periodic visits are booked directly by members (issue 21); the others stay requests.
    AppointmentSettings.objects.update_or_create(
        pk=1, defaults={"bookable_kinds": [VisitKind.HIRING.value, VisitKind.PERIODIC.value]})
    shared_settings_changed()
    count = Appointment.objects.filter(member=member).count()
    stdout.write(f"  rendez-vous : {count} créés, 2 demandes ouvertes, {free} créneaux libres")


def _availability(*, centre, people: list, today: date, region: str | None) -> int:
    for person in dict.fromkeys(people):
        if AvailabilityPattern.objects.filter(professional=person).exists():
            continue
        pattern_save(
            actor=None,
            data={"professional": person, "centre": centre, "weekdays": [1, 3], "start_time": time(8, 30),
                  "end_time": time(11, 30), "valid_from": today, "valid_until": None, "step_minutes": 10,
                  "visit_kinds": []},
        )
    thursdays = [today + timedelta(days=n) for n in range(2, 40) if (today + timedelta(days=n)).weekday() == 3]
    training = next((d for d in thursdays[1:] if is_business_day(day=d, region=region)), None)
    if training is not None and not AvailabilityException.objects.filter(professional=people[0]).exists():
        exception_save(
            actor=None,
            data={"professional": people[0], "centre": None, "kind": ExceptionKind.UNAVAILABLE,
                  "reason": ExceptionReason.TRAINING, "first_day": training, "last_day": training,
                  "start_time": None, "end_time": None, "step_minutes": 10, "comment": "Formation continue"},
        )
    return Slot.objects.filter(professional__in=people, start__gte=timezone.now()).exclude(
        booked_slot_filter()
    ).count()
