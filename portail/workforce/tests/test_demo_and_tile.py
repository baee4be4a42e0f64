import io

from portail.followup.determinants import categorize
from portail.members.demo import load as load_members
from portail.reference import pcs_get
from portail.workforce import nir as nirlib
from portail.workforce.demo import load
from portail.workforce.models import ContractType, Employee
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tiles import tile


def test_demo_is_idempotent_and_realistic(db):
    load_members(stdout=io.StringIO())
    load(stdout=io.StringIO())
    load(stdout=io.StringIO())
    employees = list(Employee.objects.filter(member__number="100001"))
    assert len(employees) == 40
    assert {e.contract for e in employees} == set(ContractType.values)
    assert sum(e.exit_date is not None for e in employees) == 4
    assert {e.declared_category for e in employees} == {"SI", "SIA", "SIR"}
    for e in employees:
        assert nirlib.check(nirlib.decrypt(e.nir_encrypted), sex=e.sex, birth_date=e.birth_date)
        assert e.declared_category == categorize(codes=e.determinants).category
        assert not e.pcs_code or pcs_get(e.pcs_code) is not None
    assert Employee.objects.filter(member__number="100003").count() == 5


def test_tile_counts_present_employees_with_missing_data(member_a, member_b):
    EmployeeFactory(member=member_a, pcs_code="344b")
    EmployeeFactory(member=member_a, pcs_code="")
    EmployeeFactory(member=member_b, pcs_code="")
    result = tile(member=member_a)
    assert result.title == "Salariés aux données incomplètes" and result.value == "1" and result.tone == "warning"
