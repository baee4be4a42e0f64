"""Tab 2.7 "Demandes effectuées et délais de traitement", computed from known requests and dates."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from portail.activity.selectors import activity_summary
from portail.appointments import services as appointments
from portail.appointments.models import VisitKind
from portail.backoffice.activity import request_delays
from portail.backoffice.services import situation_change_answer
from portail.backoffice.tests.helpers import submit_change
from portail.core.business_days import business_days_between
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _at(*args):
    return time_machine.travel(datetime(*args, 10, 0, tzinfo=PARIS), tick=False)


def _change(member, user, received, processed=None, status="done"):
    with _at(*received):
        change = submit_change(member, user)
    if processed:
        with _at(*processed):
            situation_change_answer(change=change, status=status, answer="Vu.", actor=None)
    return change


def _appointment_request(member, user, received, refused=None):
    with _at(*received):
        req = appointments.appointment_request_create(member=member, actor=user, data={
            "visit_kind": VisitKind.PERIODIC}, employees=[EmployeeFactory(member=member)])
    if refused:
        with _at(*refused):
            appointments.request_refuse(appointment_request=req, actor=None, reason="Salarié sorti.")
    return req


@pytest.fixture
def known_requests(member_a, member_admin, member_b, other_member):
    _change(member_a, member_admin, (2026, 3, 2), (2026, 3, 3))  # 1 business day
    _change(member_a, member_admin, (2026, 4, 2), (2026, 4, 7), status="refused")  # 2: Easter Monday skipped
    _change(member_a, member_admin, (2026, 6, 1), (2026, 6, 9))  # 6
    _change(member_a, member_admin, (2026, 7, 1))  # still open
    _change(member_a, member_admin, (2025, 12, 30), (2026, 1, 5))  # received the year before: not counted
    _change(member_b, other_member, (2026, 3, 2), (2026, 3, 20))  # another member
    _appointment_request(member_a, member_admin, (2026, 3, 10), refused=(2026, 3, 10))  # same day: 0
    _appointment_request(member_a, member_admin, (2026, 9, 1))


def test_business_days_skip_weekends_and_holidays():
    assert business_days_between(start=datetime(2026, 4, 2).date(), end=datetime(2026, 4, 7).date()) == 2
    assert business_days_between(start=datetime(2026, 3, 2).date(), end=datetime(2026, 3, 2).date()) == 0


def test_counts_and_delays_per_request_type(known_requests, member_a):
    rows = {label: rest for label, *rest in request_delays(member=member_a, year=2026)}
    assert rows["Changement de situation"] == [4, 3, 2, 3]
    assert rows["Demande de rendez-vous"] == [2, 1, 0, 0]
    assert "Demande d'annulation" not in rows  # no request of that type: no row


def test_the_section_is_in_the_summary_page_and_its_pdf(known_requests, member_a, member_admin, client):
    summary = activity_summary(member=member_a, year=2026)
    section = next(s for s in summary.sections if s.key == "requests")
    assert section.title == "Demandes effectuées et délais de traitement"
    assert ("Changement de situation", "4", "3", "2 j ouvrés", "3 j ouvrés") in section.table
    assert ("Demande de rendez-vous", "2", "1", "0 j ouvré", "0 j ouvré") in section.table
    # Read in December 2026: a member with no action and no joining date can consult this year only.
    with _at(2026, 12, 15):
        client.force_login(member_admin)
        html = client.get(reverse("activity:summary"), {"annee": 2026}).content.decode()
        pdf = client.get(reverse("activity:summary_pdf"), {"annee": 2026})
    assert "Demandes effectuées et délais de traitement" in html and "2 j ouvrés" in html
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Demandes effectuées et délais de traitement" in text and "Changement de situation" in text
    assert "3 j ouvrés" in text


def test_no_request_in_the_year_no_section(known_requests, member_a):
    assert all(s.key != "requests" for s in activity_summary(member=member_a, year=2024).sections)
