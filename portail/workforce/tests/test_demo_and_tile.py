import contextlib
import io
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from portail.followup.determinants import categorize
from portail.portal.demo.members import load as load_members
from portail.portal.demo.workforce import load
from portail.reference import pcs_get
from portail.workforce import nir as nirlib
from portail.workforce.models import FIXED_TERM, ContractType, Employee
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tiles import tile

PARIS = ZoneInfo("Europe/Paris")


# Loaded on several days of the year: the demo counts its dates from today, so its story holds on any of them.
DAYS = [None, datetime(2027, 1, 2, 9, tzinfo=PARIS), datetime(2026, 10, 15, 9, tzinfo=PARIS)]


def _load_on(day):
    with time_machine.travel(day, tick=False) if day else contextlib.nullcontext():
        load_members(stdout=io.StringIO())
        load(stdout=io.StringIO())
        load(stdout=io.StringIO())
        return list(Employee.objects.filter(member__number="100001")), timezone.localdate()


@pytest.mark.parametrize("day", DAYS, ids=["aujourdhui", "debut-annee", "automne"])
def test_demo_is_idempotent_and_realistic(db, day):
    employees, today = _load_on(day)
    assert len(employees) == 40
    assert {e.contract for e in employees} == set(ContractType.values)
    assert sum(not e.is_present_on(today) for e in employees) == 4
    assert sum(bool(e.exit_date) and e.is_present_on(today) for e in employees) == 1  # a planned exit
    categories = Counter(e.category for e in employees)
    assert categories["SI"] > categories["SIR"] > categories["SIA"] > 0  # most employees in simple follow-up
    for e in employees:
        assert nirlib.check(nirlib.decrypt(e.nir_encrypted), sex=e.sex, birth_date=e.birth_date)
        assert e.declared_category == categorize(codes=e.determinants).category
        assert not e.pcs_code or pcs_get(e.pcs_code) is not None
    assert Employee.objects.filter(member__number="100003").count() == 5


@pytest.mark.parametrize("day", DAYS, ids=["aujourdhui", "debut-annee", "automne"])
def test_demo_contracts_agree_with_their_dates(db, day):
    """Hired in the past, a fixed-term contract ends after it starts and is the only kind that ends, a former
    employee left after being hired and, on a contract's end, on that day; a fixed-term contract of someone still
    present runs on — except the three over before the reference date the declaration asks about."""
    employees, today = _load_on(day)
    reference = date(today.year, 1, 1)
    for e in employees:
        assert e.hire_date <= today, e
        assert (e.contract_end is not None) == (e.contract in FIXED_TERM), e
        assert e.contract_end is None or e.contract_end > e.hire_date, e
        assert e.exit_date is None or e.exit_date >= e.hire_date, e
        assert (e.exit_reason == "END_CDD") == (e.exit_date is not None and e.contract_end == e.exit_date), e
        assert bool(e.exit_date) == bool(e.exit_reason), e
    over = [e for e in employees if e.is_present_on(today) and e.contract_end and e.contract_end < today]
    assert len(over) == 3 and all(e.contract_end < reference for e in over)


def test_tile_counts_present_employees_with_missing_data(member_a, member_b):
    EmployeeFactory(member=member_a, pcs_code="344b")
    EmployeeFactory(member=member_a, pcs_code="")
    EmployeeFactory(member=member_b, pcs_code="")
    result = tile(member=member_a)
    assert result.title == "Salariés aux données incomplètes" and result.value == "1" and result.tone == "warning"
