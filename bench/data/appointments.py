"""Scale data: the service's professionals at the volume centre, past appointments with their outcome
(about a third of the employees seen in two years), a few upcoming ones each holding a slot, free slots for
the coming weeks, appointment requests in every status and some cancellation requests.

Employees come from what bench/data/workforce.py generated (present_employees, no read back); every other id is
reserved up front so slots, requests and appointments can reference each other without reading anything back.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from bench.data.bulk import copy_rows, deferred_indexes, reserve_ids
from bench.data.workforce import present_employees
from portail.appointments.models import (
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    CancellationReason,
    CancellationRequest,
    CancellationStatus,
    RequestStatus,
    Slot,
    VisitKind,
)
from portail.members.models import CareTeam, Centre, TeamMember, TeamRole

PAST_DAYS = 730
UPCOMING_DAYS = 60
OUTCOMES = ([AppointmentStatus.DONE] * 85 + [AppointmentStatus.CANCELLED] * 5 + [AppointmentStatus.EXCUSED] * 4
            + [AppointmentStatus.NO_SHOW] * 6)
KINDS = [VisitKind.PERIODIC] * 6 + [VisitKind.HIRING] * 3 + [VisitKind.RETURN]
SLOT_COLUMNS = ["id", "centre_id", "professional_id", "start", "end", "visit_kinds"]
APPOINTMENT_COLUMNS = ["id", "member_id", "employee_id", "request_id", "slot_id", "centre_id", "professional_id",
                       "start", "end", "visit_kind", "status", "version", "convocation_sent_at",
                       "reminder_7_sent_at", "reminder_1_sent_at", "created_at", "updated_at"]
REQUEST_COLUMNS = ["id", "member_id", "visit_kind", "absence_type", "absence_start", "absence_end",
                   "employer_reason", "preferred_periods", "constraints", "status", "refusal_reason", "created_at",
                   "updated_at", "created_by_id"]
CANCELLATION_COLUMNS = ["member_id", "appointment_id", "reason", "status", "deadline", "created_at",
                        "created_by_id", "processed_at"]
REQUEST_STATUSES = ([RequestStatus.SENT] * 40 + [RequestStatus.IN_PROGRESS] * 20 + [RequestStatus.PLANNED] * 35
                    + [RequestStatus.REFUSED] * 5)
TZ = ZoneInfo(settings.TIME_ZONE)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(8 + minutes // 60, minutes % 60), tzinfo=TZ)


def _professionals(ctx) -> dict[str, list[int]]:
    """One doctor and one nurse per care team (a thousand members), one preventer per two teams (at least one
    each): a member's contacts page shows its own team, as in a real service."""
    centre = Centre.objects.get(name="Centre volume")
    teams = ctx.created["care_teams"]
    counts = {TeamRole.DOCTOR: len(teams), TeamRole.NURSE: len(teams), TeamRole.PREVENTER: (len(teams) + 1) // 2}
    people = [TeamMember(role=role, last_name=f"VOLUME {role.upper()} {i}", first_name="Camille", centre=centre)
              for role, n in counts.items() for i in range(n)]
    TeamMember.objects.bulk_create(people)
    by_role = {role: [p.pk for p in people if p.role == role] for role in counts}
    through = CareTeam.people.through
    through.objects.bulk_create(
        through(careteam_id=team, teammember_id=by_role[role][n if role != TeamRole.PREVENTER else n // 2])
        for n, team in enumerate(teams) for role in counts
    )
    return by_role | {"centre": centre.pk}


class _Plan:
    def __init__(self, ctx, team, today):
        self.rng, self.team, self.today = ctx.rng, team, today
        self.clinicians = team[TeamRole.DOCTOR] + team[TeamRole.NURSE]
        self.appointments, self.slots, self.cancellations = [], [], []
        self.slot_id = reserve_ids(Slot, 0)
        self.now = _at(today, 0)
        self.horizon = today - timedelta(days=PAST_DAYS)  # once, not once per employee (1.5 million on tier L)

    def slot(self, professional: int, start: datetime) -> int:
        slot_id = self.slot_id + len(self.slots)
        self.slots.append((slot_id, self.team["centre"], professional, start, start + timedelta(minutes=30), []))
        return slot_id

    def employee(self, pk: int, member_id: int, hire: date) -> None:
        rng, today = self.rng, self.today
        roll = rng.random()
        if roll < 0.33:  # seen in the last two years
            day = _weekday(max(hire, self.horizon) + timedelta(days=rng.randrange(300)))
            if day < today:
                self._add(pk, member_id, day, OUTCOMES[rng.randrange(len(OUTCOMES))], slot=False)
        elif roll < 0.345:  # convened in the coming weeks
            day = _weekday(today + timedelta(days=1 + rng.randrange(UPCOMING_DAYS)))
            self._add(pk, member_id, day, AppointmentStatus.PLANNED, slot=True)

    def _add(self, pk, member_id, day, status, *, slot: bool) -> None:
        rng = self.rng
        professional = self.clinicians[rng.randrange(len(self.clinicians))]
        start = _at(day, 30 * rng.randrange(19))
        slot_id = self.slot(professional, start) if slot else None
        sent = min(start - timedelta(days=21), self.now)
        self.appointments.append([member_id, pk, None, slot_id, self.team["centre"], professional, start,
                                  start + timedelta(minutes=30), KINDS[rng.randrange(len(KINDS))], status, 1, sent,
                                  start - timedelta(days=7) if start - timedelta(days=7) < self.now else None,
                                  None, sent, sent])
        if slot and rng.random() < 0.05:
            self.cancellations.append((member_id, len(self.appointments) - 1, start))

    def free_slots(self) -> None:
        """Eight free half-hours a day per clinician for the next four weeks."""
        for offset in range(1, 29):
            day = self.today + timedelta(days=offset)
            if day.weekday() < 5:
                for professional in self.clinicians:
                    for minutes in range(0, 480, 60):
                        self.slot(professional, _at(day, minutes))


def _requests(ctx, members, first_id, today):
    """About one member in ten has a request; planned ones point at their appointment."""
    rng, rows = ctx.rng, []
    for member_id, _size in members:
        if rng.random() < 0.1:
            status = REQUEST_STATUSES[rng.randrange(len(REQUEST_STATUSES))]
            created = datetime.combine(today - timedelta(days=rng.randrange(90)), time(9), tzinfo=TZ)
            rows.append((first_id + len(rows), member_id, KINDS[rng.randrange(len(KINDS))], "", None, None, "",
                         "Plutôt le matin", "", status,
                         "Visite déjà réalisée cette année." if status == RequestStatus.REFUSED else "",
                         created, created, None))
    return rows


def generate(*, ctx, stdout) -> None:
    today = date.today()
    team = _professionals(ctx)
    ctx.created["team"] = team
    plan = _Plan(ctx, team, today)
    for pk, member_id, hire in present_employees(ctx):
        plan.employee(pk, member_id, hire)
    plan.free_slots()
    requests = _requests(ctx, ctx.created["members"], reserve_ids(AppointmentRequest, 0), today)
    planned = {r[0] for r in requests if r[9] == RequestStatus.PLANNED}
    employees_of = {}
    for index, row in enumerate(plan.appointments):
        employees_of.setdefault(row[0], []).append(index)
    links = []
    for request in requests:  # the request names one to three employees of its member
        indexes = employees_of.get(request[1], [])[:3]
        links += [(request[0], plan.appointments[i][1]) for i in indexes]
        if request[0] in planned:
            for i in indexes:
                if plan.appointments[i][9] == AppointmentStatus.PLANNED:
                    plan.appointments[i][2] = request[0]
    first_appointment = reserve_ids(Appointment, len(plan.appointments))
    with transaction.atomic():
        reserve_ids(Slot, len(plan.slots))
        reserve_ids(AppointmentRequest, len(requests))
        copy_rows(Slot, SLOT_COLUMNS, plan.slots)
        copy_rows(AppointmentRequest, REQUEST_COLUMNS, requests)
        through = AppointmentRequest.employees.through
        copy_rows(through, ["appointmentrequest_id", "employee_id"], links)
        with deferred_indexes(Appointment):
            copy_rows(Appointment, APPOINTMENT_COLUMNS,
                      ((first_appointment + i, *row) for i, row in enumerate(plan.appointments)))
        copy_rows(CancellationRequest, CANCELLATION_COLUMNS, [
            (member_id, first_appointment + index, CancellationReason.UNAVAILABLE, CancellationStatus.RECEIVED,
             start - timedelta(days=2), min(start - timedelta(days=10), plan.now), None, None)
            for member_id, index, start in plan.cancellations
        ])
    past = sum(1 for row in plan.appointments if row[9] != AppointmentStatus.PLANNED)
    print(f"  {len(plan.clinicians)} soignants, {past} rendez-vous passés, "
          f"{len(plan.appointments) - past} à venir, {len(plan.slots)} créneaux, {len(requests)} demandes, "
          f"{len(plan.cancellations)} demandes d'annulation", file=stdout)
