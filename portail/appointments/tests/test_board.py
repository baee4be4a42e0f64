"""Compliance board: the engine's next visit + appointments held / planned / requested."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from portail.appointments.compliance import compliance_board
from portail.appointments.models import AppointmentStatus, VisitKind
from portail.appointments.selectors import next_appointment_for
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.appointments.tiles import tile
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 27)


def _statuses(member):
    return {row.employee.birth_name: row.status for row in compliance_board(member=member, today=TODAY).rows}


def test_each_status(member_a):
    # New hire: VIP due within 3 months of hiring (R4624-10) → to plan.
    EmployeeFactory(member=member_a, birth_name="NOUVEAU", hire_date=date(2026, 11, 2))
    # Hired in 2020, never seen: the hiring visit is long overdue.
    EmployeeFactory(member=member_a, birth_name="RETARD", hire_date=date(2020, 1, 6))
    # Seen last year: periodic VIP in 5 years → up to date.
    seen = EmployeeFactory(member=member_a, birth_name="AJOUR", hire_date=date(2020, 1, 6))
    AppointmentFactory(
        employee=seen,
        visit_kind=VisitKind.PERIODIC,
        status=AppointmentStatus.DONE,
        start=datetime(2025, 10, 1, 9, tzinfo=PARIS),
    )
    requested = EmployeeFactory(member=member_a, birth_name="DEMANDE", hire_date=date(2020, 1, 6))
    AppointmentRequestFactory(member=member_a, employees=[requested])
    planned = EmployeeFactory(member=member_a, birth_name="PLANIFIE", hire_date=date(2020, 1, 6))
    AppointmentFactory(employee=planned, start=timezone.now() + timedelta(days=5))
    # A cancelled or missed appointment does not count as a visit held.
    missed = EmployeeFactory(member=member_a, birth_name="ABSENT", hire_date=date(2020, 1, 6))
    AppointmentFactory(employee=missed, status=AppointmentStatus.NO_SHOW, start=datetime(2025, 10, 1, 9, tzinfo=PARIS))
    assert _statuses(member_a) == {
        "NOUVEAU": "a_planifier",
        "RETARD": "en_retard",
        "AJOUR": "a_jour",
        "DEMANDE": "demande_en_cours",
        "PLANIFIE": "rdv_planifie",
        "ABSENT": "en_retard",
    }


def test_rule_and_article_and_counts(member_a):
    EmployeeFactory(member=member_a, birth_name="NOUVEAU", hire_date=date(2026, 11, 2))
    board = compliance_board(member=member_a, today=TODAY)
    row = board.rows[0]
    assert row.due.due_by == date(2027, 2, 2)
    assert row.due.legal_basis == "art. R4624-10"
    assert board.counts["a_planifier"] == 1 and board.counts["en_retard"] == 0


def test_departed_employees_and_other_members_are_left_out(member_a, member_b):
    EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=date(2025, 1, 31))
    EmployeeFactory(member=member_b, birth_name="AUTRE")
    assert _statuses(member_a) == {}


def test_board_page_filters_and_csv(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="NOUVEAU", hire_date=timezone.localdate() - timedelta(days=10))
    EmployeeFactory(member=member_a, birth_name="RETARD", hire_date=date(2020, 1, 6))
    body = client_a.get("/rendez-vous/suivi/?statut=en_retard").content.decode()
    assert "RETARD" in body and "NOUVEAU" not in body
    csv = b"".join(client_a.get("/rendez-vous/suivi/?format=csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Nom;Prénom;Catégorie;Prochaine visite;Échéance;Statut;Règle;Article")
    assert "NOUVEAU" in csv and "art. R4624-10" in csv


def test_next_appointment_for_in_one_query(member_a, django_assert_num_queries):
    employees = [EmployeeFactory(member=member_a) for _ in range(3)]
    soon = timezone.now() + timedelta(days=3)
    AppointmentFactory(employee=employees[0], start=soon)
    AppointmentFactory(employee=employees[0], start=soon + timedelta(days=30))
    AppointmentFactory(employee=employees[1], start=soon, status=AppointmentStatus.CANCELLED)
    with django_assert_num_queries(1):
        result = next_appointment_for(employees)
    assert result == {employees[0].pk: soon}


def test_home_tile(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    with time_machine.travel(datetime(2026, 11, 27, 9, tzinfo=PARIS), tick=False):
        AppointmentFactory(employee=employee, start=datetime(2026, 12, 3, 9, 30, tzinfo=PARIS))
        result = tile(member=member_a)
    assert result.title == "Prochains rendez-vous" and result.value == "1"
    assert "Prochain le 03/12/2026 à 09:30" in result.detail


def test_employee_list_shows_the_next_appointment(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="MARTIN")
    start = timezone.now() + timedelta(days=4)
    AppointmentFactory(employee=employee, start=start)
    body = client_a.get("/salaries/").content.decode()
    from portail.core.formatting import datetime_fr

    assert datetime_fr(start) in body


def test_declared_absence_makes_the_return_visit_due(member_a):
    """A work accident of 40 days (≥ 30, R4624-31): reprise visit within 8 days of the return."""
    from portail.appointments.models import AbsenceType

    employee = EmployeeFactory(member=member_a, birth_name="REPRISE", hire_date=date(2020, 1, 6))
    AppointmentFactory(employee=employee, status=AppointmentStatus.DONE, start=datetime(2025, 6, 2, 9, tzinfo=PARIS))
    AppointmentRequestFactory(
        member=member_a,
        employees=[employee],
        visit_kind=VisitKind.RETURN,
        absence_type=AbsenceType.WORK_ACCIDENT,
        absence_start=date(2026, 10, 1),
        absence_end=date(2026, 11, 9),
    )
    row = compliance_board(member=member_a, today=TODAY).rows[0]
    assert row.due.label == "Visite de reprise"
    assert row.due.due_by == date(2026, 11, 18)
    assert row.status == "demande_en_cours"


def test_board_pages_by_100(client_a, member_a):
    for i in range(101):
        EmployeeFactory(member=member_a, birth_name=f"NOM{i:03d}", hire_date=date(2020, 1, 6))
    first = client_a.get("/rendez-vous/suivi/").content.decode()
    second = client_a.get("/rendez-vous/suivi/?page=2").content.decode()
    assert "NOM099" in first and "NOM100" not in first and "Page suivante" in first
    assert "NOM100" in second and "Page précédente" in second
    assert "En retard</a> : <strong>101</strong>" in first


@pytest.mark.parametrize("page", ["²", "٣", "9" * 5000, "-1", "abc", "0"])
def test_board_page_number_typed_by_anyone_shows_the_first_page(client_a, page):
    response = client_a.get("/rendez-vous/suivi/", {"page": page})
    assert response.status_code == 200
    assert response.context["number"] == 1


def test_board_csv_neutralises_formulas_is_audited_and_rate_limited(client_a, member_a, settings):
    from django.core.cache import cache

    from portail.audit.models import Event

    cache.clear()
    settings.RATE_LIMITS = {"export": (2, 3600)}
    EmployeeFactory(member=member_a, birth_name="=1+1", first_name="@SUM(A1)", hire_date=date(2020, 1, 6))
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=PARIS), tick=False):
        response = client_a.get("/rendez-vous/suivi/?format=csv")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="suivi-des-visites-20261127.csv"'
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        assert lines[1].startswith("'=1+1;'@SUM(A1);SI;")
        assert Event.objects.filter(action="appointments.board_export", member=member_a).count() == 1
        assert client_a.get("/rendez-vous/suivi/?format=csv").status_code == 200
        assert client_a.get("/rendez-vous/suivi/?format=csv").status_code == 429
        assert client_a.get("/rendez-vous/suivi/").status_code == 200  # the page itself is not an export
    assert Event.objects.filter(action="appointments.board_export").count() == 2
