"""Staff screens for availability, exceptions, durations, and the planning view showing exceptions."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portail.appointments import availability
from portail.appointments.models import AvailabilityException, AvailabilityPattern, Slot, VisitDuration, VisitKind
from portail.appointments.tests.factories import AppointmentFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified_as
from portail.members.tests.factories import CentreFactory, MemberFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 12, 7)
PAGES = (
    "/gestion/rendez-vous/disponibilites/",
    "/gestion/rendez-vous/disponibilites/nouvelle/",
    "/gestion/rendez-vous/exceptions/nouvelle/",
    "/gestion/rendez-vous/durees/",
)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime(2026, 12, 1, 8, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def planner(client, staff_user):
    return login_verified_as(client, staff_user, role=StaffRole.RECEPTION)


def _pattern_post(client, doctor, centre, **extra):
    data = {
        "professional": doctor.pk,
        "centre": centre.pk,
        "weekdays": ["0"],
        "start_time": "09:00",
        "end_time": "12:00",
        "valid_from": "2026-12-01",
        "valid_until": "2026-12-31",
        "step_minutes": "10",
        **extra,
    }
    return client.post("/gestion/rendez-vous/disponibilites/nouvelle/", data)


def test_pages_refuse_members_and_anonymous(client_a):
    for url in PAGES:
        assert client_a.get(url).status_code == 403
        response = Client().get(url)
        assert response.status_code == 302 and "/gestion/connexion/" in response["Location"]


def test_accountant_is_not_a_planner(client, staff_user):
    login_verified_as(client, staff_user, role=StaffRole.ACCOUNTING)
    assert client.get(PAGES[0]).status_code == 403


def test_planner_creates_a_pattern_and_sees_it_listed(planner):
    doctor, centre = TeamMemberFactory(last_name="PASTEUR"), CentreFactory()
    response = _pattern_post(planner, doctor, centre)
    assert response.status_code == 302
    assert Slot.objects.filter(professional=doctor).count() == 4 * 18
    body = planner.get("/gestion/rendez-vous/disponibilites/").content.decode()
    assert "PASTEUR" in body and "lundi" in body


def test_pattern_form_shows_french_errors_and_keeps_the_typing(planner):
    doctor, centre = TeamMemberFactory(), CentreFactory()
    response = _pattern_post(planner, doctor, centre, end_time="08:00", step_minutes="abc", weekdays=[])
    body = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;heure de fin doit suivre" in body or "L'heure de fin doit suivre" in body
    assert "Choisissez au moins un jour." in body
    assert not AvailabilityPattern.objects.exists()


def test_planner_edits_a_pattern(planner):
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern_post(planner, doctor, centre)
    pattern = AvailabilityPattern.objects.get()
    assert planner.get(f"/gestion/rendez-vous/disponibilites/{pattern.pk}/").status_code == 200
    response = planner.post(
        f"/gestion/rendez-vous/disponibilites/{pattern.pk}/",
        {"professional": doctor.pk, "centre": centre.pk, "weekdays": ["0"], "start_time": "09:00",
         "end_time": "10:00", "valid_from": "2026-12-01", "valid_until": "2026-12-31", "step_minutes": "20"},
    )
    assert response.status_code == 302
    assert Slot.objects.filter(professional=doctor).count() == 4 * 3


def test_exception_over_a_booked_slot_shows_the_conflict_to_re_plan(planner):
    doctor, centre = TeamMemberFactory(), CentreFactory()
    _pattern_post(planner, doctor, centre)
    held = Slot.objects.get(professional=doctor, start=datetime(2026, 12, 7, 10, tzinfo=PARIS))
    employee = EmployeeFactory(member=MemberFactory(), birth_name="REPLANIFIER")
    AppointmentFactory(employee=employee, slot=held, professional=doctor, centre=centre, start=held.start,
                       end=held.end)
    response = planner.post(
        "/gestion/rendez-vous/exceptions/nouvelle/",
        {"professional": doctor.pk, "kind": "indisponible", "reason": "formation", "first_day": "2026-12-07",
         "last_day": "2026-12-07"},
        follow=True,
    )
    body = response.content.decode()
    assert "Rendez-vous à replanifier (1)" in body and "REPLANIFIER" in body
    assert list(Slot.objects.filter(professional=doctor, start__date=MONDAY)) == [held]


def test_exception_form_refuses_junk_in_french(planner):
    response = planner.post(
        "/gestion/rendez-vous/exceptions/nouvelle/",
        {"professional": "9" * 30, "kind": "n'importe", "first_day": "32/13/2026", "start_time": "25:99"},
    )
    assert response.status_code == 200
    assert "Professionnel inconnu." in response.content.decode()
    assert not AvailabilityException.objects.exists()


def test_deleting_an_exception_from_its_page(planner):
    doctor = TeamMemberFactory()
    exception, _ = availability.exception_save(
        actor=None,
        data={"professional": doctor, "kind": "indisponible", "reason": "conges", "first_day": MONDAY,
              "last_day": MONDAY, "centre": None, "start_time": None, "end_time": None, "comment": ""},
    )
    response = planner.post(f"/gestion/rendez-vous/exceptions/{exception.pk}/", {"action": "delete"})
    assert response.status_code == 302 and not AvailabilityException.objects.exists()


def test_planning_day_and_week_show_exceptions(planner):
    doctor = TeamMemberFactory(last_name="ABSENTE")
    availability.exception_save(
        actor=None,
        data={"professional": doctor, "kind": "indisponible", "reason": "conges", "first_day": date(2026, 12, 9),
              "last_day": date(2026, 12, 9), "centre": None, "start_time": time(14), "end_time": time(17),
              "comment": ""},
    )
    day = planner.get("/gestion/rendez-vous/planning/?jour=2026-12-09").content.decode()
    week = planner.get("/gestion/rendez-vous/planning/?jour=2026-12-07&vue=semaine").content.decode()
    other = planner.get("/gestion/rendez-vous/planning/?jour=2026-12-10").content.decode()
    for body in (day, week):
        assert "ABSENTE" in body and "Congés" in body and "14:00–17:00" in body
    assert "ABSENTE" not in other


def test_planning_merges_free_steps_into_ranges(planner):
    doctor, centre = TeamMemberFactory(), CentreFactory(name="Centre Prado")
    _pattern_post(planner, doctor, centre)
    body = planner.get("/gestion/rendez-vous/planning/?jour=2026-12-07").content.decode()
    assert "à 12:00" in body and body.count("Centre Prado") == 1


def test_doctor_edits_durations_and_reception_only_reads_them(client, staff_user):
    row = VisitDuration.objects.get(visit_kind=VisitKind.PERIODIC, reinforced=False)
    login_verified_as(client, staff_user, role=StaffRole.RECEPTION)
    assert "Durées en vigueur" in client.get("/gestion/rendez-vous/durees/").content.decode()
    assert client.post("/gestion/rendez-vous/durees/", {f"minutes_{row.pk}": "25"}).status_code == 403
    login_verified_as(client, staff_user, role=StaffRole.DOCTOR)
    data = {f"minutes_{r.pk}": str(r.minutes) for r in VisitDuration.objects.all()}
    assert client.post("/gestion/rendez-vous/durees/", {**data, f"minutes_{row.pk}": "25"}).status_code == 302
    row.refresh_from_db()
    assert row.minutes == 25
    response = client.post("/gestion/rendez-vous/durees/", {**data, f"minutes_{row.pk}": "vingt"})
    assert response.status_code == 200 and "Indiquez un nombre de minutes." in response.content.decode()


def test_pattern_form_posted_twice_creates_one_pattern(planner):
    import re

    doctor, centre = TeamMemberFactory(), CentreFactory()
    page = planner.get("/gestion/rendez-vous/disponibilites/nouvelle/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    for _ in range(2):
        assert _pattern_post(planner, doctor, centre, form_token=token).status_code == 302
    assert AvailabilityPattern.objects.count() == 1
