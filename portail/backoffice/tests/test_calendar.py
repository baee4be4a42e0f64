"""The planner's calendar: a day (a column per professional) or a week (a column per day), by centre."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.appointments.tests.factories import AppointmentFactory, SlotFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.models import TeamRole
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:appointments_calendar")
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def planner(db):
    return login_verified(Client(), *staff_with_device(StaffRole.MEDICAL_ASSISTANT))


def _at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


def test_day_view_has_a_column_per_professional_with_appointments_and_free_slots(planner, member_a):
    doctor = TeamMemberFactory(first_name="Anne", last_name="DOCTEUR")
    nurse = TeamMemberFactory(first_name="Inès", last_name="INFIRMIERE", role=TeamRole.NURSE)
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="VISITE"), professional=doctor,
                       start=_at(8, 9), end=_at(8, 9, 30))
    SlotFactory(professional=nurse, start=_at(8, 10), end=_at(8, 10, 30))
    page = planner.get(URL, {"jour": "2026-12-08"}).content.decode()
    assert "<th scope=\"col\">Anne DOCTEUR</th>" in page and "<th scope=\"col\">Inès INFIRMIERE</th>" in page
    assert "09:00 VISITE" in page and "1 libre" in page


def test_week_view_has_a_column_per_day_and_filters_by_centre(planner, member_a):
    here, there = CentreFactory(name="Centre Nord"), CentreFactory(name="Centre Sud")
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="NORD"), centre=here,
                       start=_at(10, 14), end=_at(10, 14, 30))
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="SUD"), centre=there,
                       start=_at(10, 15), end=_at(10, 15, 30))
    page = planner.get(URL, {"jour": "2026-12-10", "vue": "semaine", "centre": here.pk}).content.decode()
    assert "Lundi 07/12" in page and "Dimanche 13/12" in page
    assert "NORD" in page and "SUD" not in page
    assert "Semaine suivante" in page


def test_bad_parameters_never_break_the_calendar(planner):
    assert planner.get(URL, {"jour": "2026-13-45", "vue": "x", "professional": "abc", "centre": "0"}).status_code == 200


def test_members_and_accounting_are_kept_out(member_admin):
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
    assert login_verified(Client(), *staff_with_device(StaffRole.ACCOUNTING)).get(URL).status_code == 403
