"""Home tile counts from stored next due dates: equal to the board's, never stale, cheap."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from portail.appointments import services
from portail.appointments.compliance import compliance_board
from portail.appointments.models import AppointmentStatus, ComplianceSnapshot, VisitKind
from portail.appointments.snapshots import compliance_counts, late_count, overdue_counts, snapshots_refresh
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.appointments.tiles import tile
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.services import employee_create, employee_exit, employee_update
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 27, 9, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _held(employee, on: date, kind=VisitKind.PERIODIC):
    return AppointmentFactory(employee=employee, visit_kind=kind, status=AppointmentStatus.DONE,
                              start=datetime.combine(on, time(9), tzinfo=PARIS))


def _mixed_workforce(member):
    EmployeeFactory(member=member, birth_name="NOUVEAU", hire_date=date(2026, 11, 2))
    EmployeeFactory(member=member, birth_name="RETARD", hire_date=date(2020, 1, 6))
    _held(EmployeeFactory(member=member, birth_name="AJOUR", hire_date=date(2020, 1, 6)), date(2025, 10, 1))
    _held(EmployeeFactory(member=member, birth_name="BIENTOT", hire_date=date(2015, 1, 6)), date(2022, 1, 20))
    requested = EmployeeFactory(member=member, birth_name="DEMANDE", hire_date=date(2020, 1, 6))
    AppointmentRequestFactory(member=member, employees=[requested])
    planned = EmployeeFactory(member=member, birth_name="PLANIFIE", hire_date=date(2020, 1, 6))
    AppointmentFactory(employee=planned, start=timezone.now() + timedelta(days=5))
    # Planned in the past and never closed: not a planned appointment any more.
    stale = EmployeeFactory(member=member, birth_name="PASSE", hire_date=date(2020, 1, 6))
    AppointmentFactory(employee=stale, start=timezone.now() - timedelta(days=5))
    # SIR: examen d'aptitude before assignment; night worker: VIP before assignment.
    EmployeeFactory(member=member, birth_name="SIR", hire_date=date(2026, 12, 1), determinants=["CMR"],
                    declared_category="SIR")
    EmployeeFactory(member=member, birth_name="NUIT", hire_date=date(2026, 11, 27), determinants=["NIGHT"])
    sir_seen = EmployeeFactory(member=member, birth_name="SIRVU", hire_date=date(2019, 3, 1),
                               determinants=["CMR"], declared_category="SIR")
    _held(sir_seen, date(2024, 1, 10), kind=VisitKind.HIRING)
    EmployeeFactory(member=member, birth_name="SORTI", hire_date=date(2020, 1, 6), exit_date=date(2026, 6, 30))
    EmployeeFactory(member=member, birth_name="SORTANT", hire_date=date(2020, 1, 6), exit_date=date(2026, 12, 15))
    EmployeeFactory(member=member, birth_name="MICARRIERE", birth_date=date(1983, 5, 1), hire_date=date(2024, 9, 1))


@pytest.mark.parametrize("days_later", [0, 20, 45, 400, 800])
def test_counts_equal_the_boards_counts_as_time_passes(member_a, days_later):
    _mixed_workforce(member_a)
    assert compliance_counts(member=member_a) == compliance_board(member=member_a).counts
    with time_machine.travel(NOW + timedelta(days=days_later), tick=False):
        # Same stored rows, a later day: the SQL status and the stable_until recomputations keep up.
        assert compliance_counts(member=member_a) == compliance_board(member=member_a).counts


@pytest.mark.parametrize("days_later", [0, 20, 45, 400, 800])
def test_late_alone_is_counted_as_the_board_counts_it(member_a, member_b, days_later):
    _mixed_workforce(member_a)
    with time_machine.travel(NOW + timedelta(days=days_later), tick=False):
        late = compliance_board(member=member_a).counts["en_retard"]
        assert late_count(member=member_a) == late
        assert overdue_counts(member_ids=[member_a.pk, member_b.pk]) == ({member_a.pk: late} if late else {})


def test_a_new_hire_appears_at_once_in_the_tile(member_a):
    EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    assert "1 salarié en retard" in tile(member=member_a).detail
    employee_create(
        member=member_a,
        actor=None,
        data={"birth_name": "RECRUE", "first_name": "Lou", "birth_date": date(1990, 5, 4), "sex": "F",
              "hire_date": date(2026, 8, 1), "job_title": "Agent", "contract": "CDI", "determinants": ["NONE"],
              "nir": nirlib.generate(sex="F", birth_date=date(1990, 5, 4), order=7)},
    )
    assert "2 salariés en retard" in tile(member=member_a).detail
    assert compliance_counts(member=member_a) == compliance_board(member=member_a).counts


def test_employee_changes_are_seen_at_once(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    assert compliance_counts(member=member_a)["en_retard"] == 1
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):  # a later save, later facts
        employee_exit(employee=employee, actor=None, exit_date=date(2026, 11, 1), exit_reason="RESIGNATION")
        assert compliance_counts(member=member_a)["en_retard"] == 0


def test_determinants_changed_are_seen_at_once(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2026, 12, 10))
    assert compliance_counts(member=member_a)["a_jour"] == 1  # VIP within 3 months of hiring: not yet
    data = {f: getattr(employee, f) for f in ("birth_name", "first_name", "birth_date", "sex", "hire_date",
                                              "job_title", "contract")}
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):  # a later save, later facts
        employee_update(employee=employee, actor=None, data={**data, "determinants": ["CMR"]})
        counts = compliance_counts(member=member_a)
        assert counts["a_planifier"] == 1  # SIR: examen d'aptitude before assignment
        assert counts == compliance_board(member=member_a).counts


def test_a_new_job_title_or_name_keeps_the_snapshot_without_running_the_rules(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    late_count(member=member_a)
    computed = ComplianceSnapshot.objects.get(employee=employee).facts_changed
    data = {f: getattr(employee, f) for f in ("birth_name", "first_name", "birth_date", "sex", "hire_date", "contract")}
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        employee_update(employee=employee, actor=None, data={**data, "job_title": "Cariste", "first_name": "Léon"})
        assert snapshots_refresh(member=member_a) == 0
        assert ComplianceSnapshot.objects.get(employee=employee).facts_changed == computed


def test_reading_a_deferred_fact_is_not_taken_for_a_change(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    late_count(member=member_a)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        partial = Employee.objects.only("pk", "member", "job_title").get(pk=employee.pk)
        assert partial.hire_date == date(2020, 1, 6)  # read from the database on access
        partial.job_title = "Cariste"
        partial.save(update_fields=["job_title"])
        assert snapshots_refresh(member=member_a) == 0


def test_a_fact_changed_before_a_deferred_read_is_still_a_change(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    late_count(member=member_a)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        partial = Employee.objects.only("pk", "member", "hire_date").get(pk=employee.pk)
        partial.hire_date = date(2026, 11, 2)
        assert partial.birth_date  # a deferred fact read from the database after the change
        partial.save(update_fields=["hire_date"])
        assert snapshots_refresh(member=member_a) == 1


def test_a_fact_left_out_of_a_save_is_a_change_for_the_save_that_writes_it(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    late_count(member=member_a)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        employee.hire_date = date(2026, 11, 2)
        employee.job_title = "Cariste"
        employee.save(update_fields=["job_title"])  # the new hire date is not written yet
        assert snapshots_refresh(member=member_a) == 0
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        employee.save(update_fields=["hire_date"])
        assert snapshots_refresh(member=member_a) == 1
        assert compliance_counts(member=member_a) == compliance_board(member=member_a).counts


def test_a_category_set_by_the_service_is_seen_at_once(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    compliance_counts(member=member_a)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        employee.service_category = "SIR"
        employee.save(update_fields=["service_category"])
        assert snapshots_refresh(member=member_a) == 1
        assert compliance_counts(member=member_a) == compliance_board(member=member_a).counts


def test_outcome_recorded_moves_the_employee_up_to_date(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    appointment = AppointmentFactory(employee=employee, start=timezone.now() + timedelta(hours=1))
    assert compliance_counts(member=member_a)["rdv_planifie"] == 1
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert compliance_counts(member=member_a)["en_retard"] == 1  # the hour passed, not yet recorded
        services.appointment_outcome_record(appointment=appointment, actor=None, status=AppointmentStatus.DONE,
                                            version=appointment.version)
        assert compliance_counts(member=member_a) == {**dict.fromkeys(
            ("a_jour", "a_planifier", "en_retard", "demande_en_cours", "rdv_planifie"), 0), "a_jour": 1}


def test_reprise_request_with_its_absence_is_seen_at_once(member_a):
    employee = EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    _held(employee, date(2025, 10, 1))
    assert compliance_counts(member=member_a)["a_jour"] == 1
    services.appointment_request_create(
        member=member_a, actor=None, employees=[employee],
        data={"visit_kind": VisitKind.RETURN, "absence_type": "WORK_ACCIDENT", "absence_start": date(2026, 9, 1),
              "absence_end": date(2026, 10, 31)},
    )
    counts = compliance_counts(member=member_a)
    assert counts["demande_en_cours"] == 1 and counts == compliance_board(member=member_a).counts


def test_an_unchanged_member_costs_two_queries(member_a, django_assert_num_queries):
    for index in range(30):
        EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6) + timedelta(days=index * 40))
    EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6), exit_date=date(2025, 1, 31))  # never computed
    compliance_counts(member=member_a)
    assert ComplianceSnapshot.objects.filter(member=member_a).count() == 30
    with django_assert_num_queries(2):  # the stale-row check, then one GROUP BY
        compliance_counts(member=member_a)


def test_counts_are_per_member(member_a, member_b):
    EmployeeFactory(member=member_a, hire_date=date(2020, 1, 6))
    EmployeeFactory(member=member_b, hire_date=date(2026, 11, 20))
    assert compliance_counts(member=member_a)["en_retard"] == 1
    assert compliance_counts(member=member_b)["en_retard"] == 0


def test_nightly_command_recomputes_what_time_made_stale(member_a):
    from io import StringIO

    from django.core.management import call_command

    EmployeeFactory(member=member_a, hire_date=date(2026, 11, 2))
    out = StringIO()
    call_command("compliance_refresh", stdout=out)
    assert "1 salarié(s)" in out.getvalue()
    call_command("compliance_refresh", stdout=out)
    assert "0 salarié(s)" in out.getvalue()
