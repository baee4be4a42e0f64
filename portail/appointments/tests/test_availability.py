"""Weekly availability patterns, exceptions and the slots they produce; visit durations at booking."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portail.appointments import availability, services
from portail.appointments.models import (
    AppointmentStatus,
    AvailabilityException,
    Slot,
    SlotSource,
    VisitDuration,
    VisitKind,
)
from portail.appointments.selectors import booked_slot_filter, exception_conflicts, staff_free_slots
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory, SlotFactory
from portail.members.tests.factories import CentreFactory, MemberFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime(2026, 12, 1, 8, tzinfo=PARIS)  # a Tuesday
MONDAY = date(2026, 12, 7)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def _employee(**extra):
    return EmployeeFactory(member=MemberFactory(), **extra)


def _booked(**extra):
    return AppointmentFactory(employee=_employee(), **extra)


def _pattern(professional, centre, **extra):
    data = {
        "professional": professional,
        "centre": centre,
        "weekdays": [0, 2],  # Monday and Wednesday mornings
        "start_time": time(9),
        "end_time": time(12),
        "valid_from": date(2026, 12, 1),
        "valid_until": date(2026, 12, 31),
        "step_minutes": 10,
        "visit_kinds": [],
        **extra,
    }
    return availability.pattern_save(actor=None, data=data)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _exception(professional, **extra):
    data = {
        "professional": professional,
        "centre": None,
        "kind": "indisponible",
        "reason": "conges",
        "first_day": MONDAY,
        "last_day": MONDAY,
        "start_time": None,
        "end_time": None,
        "step_minutes": 10,
        "comment": "",
        **extra,
    }
    return availability.exception_save(actor=None, data=data)


def test_pattern_generates_steps_on_its_weekdays_within_its_validity():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _, result = _pattern(doctor, centre)
    # December 2026 from the 1st: Mondays 7, 14, 21, 28 and Wednesdays 2, 9, 16, 23, 30 → 9 mornings of 18 steps.
    assert result.created == 9 * 18
    slots = Slot.objects.filter(professional=doctor)
    assert {s.start.astimezone(PARIS).weekday() for s in slots} == {0, 2}
    assert all(s.source == SlotSource.PATTERN and s.end - s.start == timedelta(minutes=10) for s in slots)


def test_pattern_saved_twice_does_not_duplicate_slots():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    pattern, _ = _pattern(doctor, centre)
    data = {name: getattr(pattern, name) for name in availability.PATTERN_FIELDS}
    availability.pattern_save(actor=None, data=data, pattern=pattern)
    assert Slot.objects.filter(professional=doctor).count() == 9 * 18


def test_overlapping_patterns_of_one_professional_are_refused_in_french():
    doctor = TeamMemberFactory()
    _pattern(doctor, CentreFactory())
    with pytest.raises(ValidationError) as error:
        _pattern(doctor, CentreFactory(), weekdays=[0], start_time=time(11), end_time=time(14))
    assert "chevauchent" in str(error.value)


def test_shortening_a_pattern_removes_its_free_slots_but_keeps_booked_ones():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    pattern, _ = _pattern(doctor, centre)
    booked = Slot.objects.get(professional=doctor, start=_at(date(2026, 12, 28), 9))
    _booked(slot=booked, professional=doctor, centre=centre, start=booked.start, end=booked.end)
    data = {name: getattr(pattern, name) for name in availability.PATTERN_FIELDS}
    availability.pattern_save(actor=None, data={**data, "valid_until": date(2026, 12, 20)}, pattern=pattern)
    late = Slot.objects.filter(professional=doctor, start__gte=_at(date(2026, 12, 21), 0))
    assert list(late) == [booked]


def test_unavailability_removes_free_slots_and_lists_booked_ones_as_conflicts():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    manual = SlotFactory(professional=doctor, centre=centre, start=_at(MONDAY, 14), end=_at(MONDAY, 14, 30))
    held = Slot.objects.get(professional=doctor, start=_at(MONDAY, 10))
    appointment = _booked(slot=held, professional=doctor, centre=centre, start=held.start, end=held.end)
    exception, result = _exception(doctor)
    day = Slot.objects.filter(professional=doctor, start__date=MONDAY)
    assert list(day) == [held]  # the booked slot stays; the 17 free steps and the manual slot go
    assert result.removed == 18
    assert not Slot.objects.filter(pk=manual.pk).exists()
    assert exception_conflicts(exception) == [appointment]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED  # never silently cancelled


def test_partial_unavailability_only_removes_its_hours():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    _exception(doctor, reason="formation", start_time=time(9), end_time=time(10))
    starts = sorted(s.start.astimezone(PARIS).time() for s in Slot.objects.filter(professional=doctor,
                                                                                 start__date=MONDAY))
    assert starts[0] == time(10) and len(starts) == 12


def test_unavailability_at_another_centre_leaves_this_centre_alone():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    _exception(doctor, centre=CentreFactory())
    assert Slot.objects.filter(professional=doctor, start__date=MONDAY).count() == 18


def test_deleting_an_unavailability_brings_the_slots_back():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    exception, _ = _exception(doctor)
    availability.exception_delete(actor=None, exception=exception)
    assert Slot.objects.filter(professional=doctor, start__date=MONDAY).count() == 18


def test_moving_an_unavailability_restores_the_old_days():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    exception, _ = _exception(doctor)
    data = {name: getattr(exception, name) for name in availability.EXCEPTION_FIELDS}
    wednesday = MONDAY + timedelta(days=2)
    availability.exception_save(actor=None, data={**data, "first_day": wednesday, "last_day": wednesday},
                                exception=exception)
    assert Slot.objects.filter(professional=doctor, start__date=MONDAY).count() == 18
    assert not Slot.objects.filter(professional=doctor, start__date=wednesday).exists()


def test_extra_opening_adds_slots_on_its_date():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    saturday = date(2026, 12, 12)
    _exception(doctor, kind="ouverture", reason="", centre=centre, first_day=saturday, last_day=saturday,
               start_time=time(9), end_time=time(10), step_minutes=20)
    slots = Slot.objects.filter(professional=doctor, start__date=saturday)
    assert slots.count() == 3 and {s.source for s in slots} == {SlotSource.OPENING}


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"kind": "ouverture", "reason": "", "start_time": time(9), "end_time": time(10)}, "centre"),
        ({"reason": ""}, "reason"),
        ({"start_time": time(9)}, "end_time"),
        ({"last_day": MONDAY - timedelta(days=1)}, "last_day"),
    ],
)
def test_exception_checks_answer_in_french_on_the_field(extra, field):
    with pytest.raises(ValidationError) as error:
        _exception(TeamMemberFactory(), **extra)
    assert field in error.value.message_dict
    assert not AvailabilityException.objects.exists()


# --- durations at booking -------------------------------------------------------------------------


def _request(kind=VisitKind.PERIODIC, **employee):
    person = _employee(**employee)
    return AppointmentRequestFactory(member=person.member, employees=[person], visit_kind=kind), person


def test_booking_takes_as_many_steps_as_the_visit_type_lasts():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    req, person = _request(VisitKind.PERIODIC)  # SI periodic: 20 minutes by default
    first = Slot.objects.get(professional=doctor, start=_at(MONDAY, 9))
    appointment = services.appointment_book(appointment_request=req, employee=person, slot_id=first.pk, actor=None,
                                            send=False)
    assert appointment.end - appointment.start == timedelta(minutes=20)
    free = Slot.objects.filter(professional=doctor, start__date=MONDAY).exclude(booked_slot_filter())
    assert min(s.start for s in free) == _at(MONDAY, 9, 20)


def test_sir_aptitude_exam_uses_its_own_duration_set_by_staff():
    VisitDuration.objects.filter(visit_kind=VisitKind.HIRING, reinforced=True).update(minutes=40)
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    req, person = _request(VisitKind.HIRING, determinants=["CMR"], declared_category="SIR")
    first = Slot.objects.get(professional=doctor, start=_at(MONDAY, 9))
    appointment = services.appointment_book(appointment_request=req, employee=person, slot_id=first.pk, actor=None,
                                            send=False)
    assert appointment.end == _at(MONDAY, 9, 40)


def test_booking_refused_when_the_following_steps_are_not_free():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre)
    _booked(professional=doctor, centre=centre, start=_at(MONDAY, 9, 10), end=_at(MONDAY, 9, 30))
    req, person = _request(VisitKind.RETURN)  # 30 minutes
    first = Slot.objects.get(professional=doctor, start=_at(MONDAY, 9))
    with pytest.raises(ValidationError):
        services.appointment_book(appointment_request=req, employee=person, slot_id=first.pk, actor=None, send=False)
    last = Slot.objects.get(professional=doctor, start=_at(MONDAY, 11, 50))
    with pytest.raises(ValidationError, match="consécutifs"):
        services.appointment_book(appointment_request=req, employee=person, slot_id=last.pk, actor=None, send=False)


def test_free_slots_offered_are_only_those_the_duration_fits():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre, weekdays=[0], valid_until=MONDAY)
    offered = staff_free_slots(kind=VisitKind.RETURN, minutes=30)
    times = [s.start.astimezone(PARIS).time() for s in offered]
    assert times[0] == time(9) and times[-1] == time(11, 30) and len(times) == 16


def test_slots_extend_command_keeps_the_horizon_ahead():
    from django.core.management import call_command

    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern(doctor, centre, valid_until=None)
    before = Slot.objects.filter(professional=doctor).count()
    with time_machine.travel(TODAY + timedelta(days=14), tick=False):
        call_command("slots_extend")
    assert Slot.objects.filter(professional=doctor).count() > before


def test_patterns_skip_public_holidays():
    doctor, centre = TeamMemberFactory(), CentreFactory()
    # Fridays of December 2026 and early January 2027: Christmas and New Year's Day are holidays.
    _pattern(doctor, centre, weekdays=[4], valid_until=date(2027, 1, 10))
    days = {s.start.astimezone(PARIS).date() for s in Slot.objects.filter(professional=doctor)}
    assert days == {date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18), date(2027, 1, 8)}
