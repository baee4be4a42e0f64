"""Demo appointments for member 100001: upcoming (one inside the cancellation window, one beyond),
past ones with outcomes and an attestation, open requests, and employees in each compliance status."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portail.appointments.models import (
    AbsenceType,
    Appointment,
    AppointmentRequest,
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
from portail.members.models import Centre, Member, TeamMember, TeamRole
from portail.workforce.models import Employee


def _business_day(start: date, region: str | None) -> date:
    day = start
    while not is_business_day(day=day, region=region):
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _attestation_pdf(employee: Employee, day: date) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=(
            "<h1>Attestation de suivi individuel de l'état de santé</h1>"
            f"<p>Salarié : {employee.first_name} {employee.birth_name} (données fictives de démonstration).</p>"
            f"<p>Visite d'information et de prévention du {day:%d/%m/%Y}.</p>"
        )
    ).write_pdf()


def _slot(centre, professional, start: datetime, minutes: int = 30) -> Slot:
    return Slot.objects.create(
        centre=centre, professional=professional, start=start, end=start + timedelta(minutes=minutes)
    )


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
    present = list(Employee.objects.filter(member=member, exit_date__isnull=True).order_by("pk"))
    si = [e for e in present if e.category == "SI"]
    if len(present) < 8 or len(si) < 2:
        return
    region = centre_region(centre)
    today = timezone.localdate()
    chosen = {si[0].pk, si[1].pk}
    others = [e for e in present if e.pk not in chosen]

    # Upcoming: the next business day (its cancellation limit has passed) and one three weeks ahead.
    soon = _business_day(today + timedelta(days=1), region)
    later = _business_day(today + timedelta(days=21), region)
    for employee, day, kind, person in (
        (others[0], soon, VisitKind.PERIODIC, nurse),
        (others[1], later, VisitKind.HIRING, doctor),
    ):
        slot = _slot(centre, person, _at(day, 9, 30))
        Appointment.objects.create(
            member=member,
            employee=employee,
            slot=slot,
            centre=centre,
            professional=person,
            start=slot.start,
            end=slot.end,
            visit_kind=kind,
        )

    # Past: a visit held with its attestation (this employee is now "à jour"), a no-show, a cancellation.
    held_day = _business_day(today - timedelta(days=40), region)
    held = Appointment.objects.create(
        member=member,
        employee=si[0],
        centre=centre,
        professional=nurse,
        start=_at(held_day, 10),
        end=_at(held_day, 10, 30),
        visit_kind=VisitKind.PERIODIC,
        status=AppointmentStatus.DONE,
    )
    SharedDocument.objects.create(
        member=member,
        appointment=held,
        kind="attestation",
        file=ContentFile(_attestation_pdf(si[0], held_day), name="attestation-demo.pdf"),
    )
    # Periodic VIP held nearly five years ago: the next one falls due within weeks ("à planifier").
    old_day = _business_day(add_years(today, -5) + timedelta(days=40), region)
    Appointment.objects.create(
        member=member,
        employee=si[1],
        centre=centre,
        professional=nurse,
        start=_at(old_day, 11),
        end=_at(old_day, 11, 30),
        visit_kind=VisitKind.PERIODIC,
        status=AppointmentStatus.DONE,
    )
    for employee, days_ago, outcome in (
        (others[2], 60, AppointmentStatus.NO_SHOW),
        (others[3], 90, AppointmentStatus.CANCELLED),
        (others[4], 120, AppointmentStatus.EXCUSED),
    ):
        day = _business_day(today - timedelta(days=days_ago), region)
        Appointment.objects.create(
            member=member,
            employee=employee,
            centre=centre,
            professional=doctor,
            start=_at(day, 14),
            end=_at(day, 14, 30),
            visit_kind=VisitKind.PERIODIC,
            status=outcome,
        )

    # Open requests ("demande en cours").
    sent = AppointmentRequest.objects.create(
        member=member, visit_kind=VisitKind.PERIODIC, preferred_periods="Plutôt le matin, hors vacances scolaires"
    )
    sent.employees.set([others[5], others[6]])
    taken = AppointmentRequest.objects.create(
        member=member,
        visit_kind=VisitKind.RETURN,
        status=RequestStatus.IN_PROGRESS,
        absence_type=AbsenceType.WORK_ACCIDENT,
        absence_start=today - timedelta(days=50),
        absence_end=today + timedelta(days=5),
    )
    taken.employees.set([others[7]])

    # Availability: Tuesday and Thursday mornings for the doctor and the nurse, and the doctor away in
    # training on the second Thursday (slots are generated from the patterns minus that exception).
    free = _availability(centre=centre, people=[doctor, nurse], today=today, region=region)
    stdout.write(f"  rendez-vous : 7 créés, 2 demandes ouvertes, {free} créneaux libres")


def _availability(*, centre, people: list, today: date, region: str | None) -> int:
    from portail.appointments.availability import exception_save, pattern_save

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
