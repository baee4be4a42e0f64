import contextlib
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from portail.activity.selectors import SECTION_PROVIDERS
from portail.appointments.activity import visits_section
from portail.appointments.compliance import compliance_board
from portail.appointments.models import (
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityPattern,
    SharedDocument,
    Slot,
)
from portail.appointments.selectors import booked_slot_filter, upcoming_appointments
from portail.appointments.snapshots import compliance_counts
from portail.appointments.tests.factories import AppointmentFactory
from portail.members.models import Member
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


# The demo counts its dates from today: loaded at the start of a year, in the autumn (when the visits of the
# 45-year-olds' mid-career fall due), and today, it tells the same story.
DAYS = [None, datetime(2027, 1, 4, 9, tzinfo=PARIS), datetime(2026, 10, 15, 9, tzinfo=PARIS)]


@pytest.mark.parametrize("day", DAYS, ids=["aujourdhui", "debut-annee", "automne"])
def test_demo_board_shows_a_realistic_mix_and_is_idempotent(db, day):
    """Issue 16 §3: most employees up to date, a few due soon, a couple late, some requested or booked."""
    with time_machine.travel(day, tick=False) if day else contextlib.nullcontext():
        call_command("demo_data", stdout=StringIO())
        call_command("demo_data", stdout=StringIO())
        member = Member.objects.get(number="100001")
        upcoming = upcoming_appointments(member=member)
        now = timezone.now()
        assert [a.limit.allows(now) for a in upcoming] == [False, True]
        assert [a.cancellable for a in upcoming] == [False, True]
        assert SharedDocument.objects.filter(member=member, kind="attestation").count() == 1
        assert Appointment.objects.filter(member=member, status=AppointmentStatus.DONE).count() > 50
        counts = compliance_board(member=member).counts
        assert counts == {"a_jour": 26, "a_planifier": 3, "en_retard": 2, "demande_en_cours": 3, "rdv_planifie": 2}
        assert compliance_counts(member=member) == counts


def test_demo_loads_on_29_february(db):
    """The demo dates a visit "five years ago": a day 29 February 2023 does not have (make run, every journey)."""
    with time_machine.travel(datetime(2028, 2, 29, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        call_command("demo_data", stdout=StringIO())
        counts = compliance_board(member=Member.objects.get(number="100001")).counts
    assert Appointment.objects.filter(member__number="100001", status=AppointmentStatus.DONE).count() > 50
    assert counts["en_retard"] == 2, counts


def test_demo_professional_has_a_pattern_with_an_exception_and_free_slots(db):
    call_command("demo_data", stdout=StringIO())
    exception = AvailabilityException.objects.get()
    assert exception.reason == "formation"
    assert AvailabilityPattern.objects.filter(professional=exception.professional).exists()
    day = Slot.objects.filter(professional=exception.professional, start__date=exception.first_day)
    assert not day.exclude(booked_slot_filter()).exists()
    assert Slot.objects.filter(source="modele").exclude(booked_slot_filter()).count() > 100


def test_visits_section_counts_by_type_and_outcome(member_a, member_b):
    assert visits_section in SECTION_PROVIDERS
    employee = EmployeeFactory(member=member_a)
    day = datetime(2025, 3, 4, 9, tzinfo=timezone.get_current_timezone())
    AppointmentFactory(employee=employee, start=day, status=AppointmentStatus.DONE)
    AppointmentFactory(employee=employee, start=day, status=AppointmentStatus.NO_SHOW)
    AppointmentFactory(employee=EmployeeFactory(member=member_b), start=day, status=AppointmentStatus.DONE)
    section = visits_section(member_a, 2025)
    assert section.title == "Visites"
    assert [(r.label, r.value) for r in section.rows] == [
        ("Visite périodique", "2 (absent non excusé : 1, réalisé : 1)")
    ]
    assert visits_section(member_a, 2024) is None
