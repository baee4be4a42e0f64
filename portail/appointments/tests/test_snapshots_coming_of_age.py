"""The stored next due visit follows the worker's age: the nightly refresh recomputes it on the 18th birthday,
when the under-18 renewal within 3 years (R4624-17) gives way to the 5 years of R4624-16."""

from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from portail.appointments.models import AppointmentStatus, ComplianceSnapshot, VisitKind
from portail.appointments.tests.factories import AppointmentFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


def _nightly(day: date) -> str:
    out = StringIO()
    with time_machine.travel(datetime.combine(day, time(2), tzinfo=PARIS), tick=False):
        call_command("compliance_refresh", stdout=out)
    return out.getvalue()


def _minor_seen_at_16(member, birth: date):
    employee = EmployeeFactory(member=member, birth_date=birth, hire_date=date(2025, 1, 6), determinants=["NONE"])
    AppointmentFactory(employee=employee, visit_kind=VisitKind.HIRING, status=AppointmentStatus.DONE,
                       start=datetime(2025, 2, 3, 9, tzinfo=PARIS))
    return employee


@pytest.mark.parametrize(
    ("birth", "eve", "birthday"),
    [
        pytest.param(date(2008, 12, 10), date(2026, 12, 9), date(2026, 12, 10), id="R4624-17-18th-birthday"),
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), date(2026, 3, 1), id="R4624-17-born-29-february"),
    ],
)
def test_nightly_refresh_recomputes_the_deadline_on_the_18th_birthday(member_a, birth, eve, birthday):
    employee = _minor_seen_at_16(member_a, birth)
    assert "1 salarié(s)" in _nightly(eve)
    row = ComplianceSnapshot.objects.get(employee=employee)
    assert (row.due_by, row.stable_until) == (date(2028, 2, 3), birthday)

    assert "0 salarié(s)" in _nightly(eve)  # nothing changed on the eve itself
    assert "1 salarié(s)" in _nightly(birthday)
    row.refresh_from_db()
    assert row.due_by == date(2030, 2, 3)
    assert row.computed_on == birthday


def test_the_stored_category_leaves_the_minors_rules_on_the_18th_birthday(member_a):
    employee = _minor_seen_at_16(member_a, date(2008, 12, 10))
    employee.declared_category = "SIA"  # what the form stored while they were 17
    employee.save(update_fields=["declared_category"])

    assert "dont 0 changé(s) de catégorie" in _nightly(date(2026, 12, 9))
    employee.refresh_from_db()
    assert employee.declared_category == "SIA"

    assert "dont 1 changé(s) de catégorie" in _nightly(date(2026, 12, 10))
    employee.refresh_from_db()
    assert employee.declared_category == "SI"
    assert "dont 0 changé(s) de catégorie" in _nightly(date(2026, 12, 11))
