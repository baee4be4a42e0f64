"""The declaration preview reads in SQL only the employees that may have something to fix, then applies the one
rule (`employee_problems`) to them: it must flag exactly whom the rule flags over the whole list, count each
category as `Employee.category` says, and cost the same number of queries for ten employees or a thousand."""

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portail.declarations import selectors
from portail.declarations.tests.conftest import staff_employees
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory

HIRED = date(2020, 1, 6)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 1, 20, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


def _employee(member, name: str, **fields) -> Employee:
    return EmployeeFactory(member=member, birth_name=name, pcs_code=fields.pop("pcs_code", "344B"), hire_date=HIRED,
                           **fields)


@pytest.fixture
def every_case(member_a, declaration_a):
    """One employee per way to be flagged, and look-alikes that are not."""
    _employee(member_a, "CDD-FINI", contract="CDD", contract_end=date(2025, 6, 30))
    _employee(member_a, "CDD-FINI-SORTI", contract="CDD", contract_end=date(2025, 6, 30), exit_date=date(2026, 2, 1))
    _employee(member_a, "CDD-EN-COURS", contract="CDD", contract_end=date(2026, 6, 30))
    _employee(member_a, "CDI-FIN-SAISIE", contract="CDI", contract_end=date(2025, 6, 30))
    _employee(member_a, "SIR-SANS", declared_category="SIR", determinants=[])
    _employee(member_a, "SIR-AUCUN", declared_category="SIR", determinants=["NONE"])
    _employee(member_a, "SIR-AVEC", declared_category="SIR", determinants=["ASBESTOS"])
    _employee(member_a, "SIR-PAR-LE-SERVICE", declared_category="SI", service_category="SIR", determinants=[])
    _employee(member_a, "SI-PAR-LE-SERVICE", declared_category="SIR", service_category="SI", determinants=[])
    _employee(member_a, "EMPLOYEUR-NU", declared_category="SIR", determinants=["EMPLOYER"],
              employer_risk_justification="  ")
    _employee(member_a, "EMPLOYEUR-MOTIVE", declared_category="SIR", determinants=["EMPLOYER"],
              employer_risk_justification="Travail en hauteur")
    _employee(member_a, "SANS-PCS", pcs_code="")
    _employee(member_a, "SANS-POSTE", job_title="")
    Employee.objects.filter(pk=_employee(member_a, "SANS-NIR").pk).update(nir_hash="", nir_encrypted="", nir_masked="")
    staff_employees(member_a, si=3, sia=1, sir=1)
    return declaration_a


def _whole_list(declaration) -> list[Employee]:
    return list(selectors.employees_at(member=declaration.member, reference_date=declaration.campaign.reference_date))


def test_flags_exactly_whom_the_rule_flags_over_the_whole_list(every_case):
    reference = every_case.campaign.reference_date
    everyone = _whole_list(every_case)
    expected = [e.pk for e in everyone if selectors.employee_problems(employee=e, reference_date=reference)]
    preview = selectors.preview(declaration=every_case)
    assert [e.pk for e in preview.flagged] == expected
    assert {e.birth_name for e in preview.flagged} == {
        "CDD-FINI", "SIR-SANS", "SIR-AUCUN", "SIR-PAR-LE-SERVICE", "EMPLOYEUR-NU", "SANS-PCS", "SANS-POSTE",
        "SANS-NIR"}
    assert [e.birth_name for e in preview.expired] == ["CDD-FINI"]
    assert [p.message for p in preview.problems] == [
        p.message for e in everyone for p in selectors.employee_problems(employee=e, reference_date=reference)
        if p.blocking]


def test_counts_each_category_as_the_employee_record_says(every_case):
    preview = selectors.preview(declaration=every_case)
    assert preview.counts == {"SI": 0, "SIA": 0, "SIR": 0, **Counter(e.category for e in _whole_list(every_case))}
    assert preview.total == len(_whole_list(every_case))


def test_the_same_queries_for_ten_employees_or_sixty(member_a, declaration_a, django_assert_num_queries):
    staff_employees(member_a, si=10)
    _employee(member_a, "SANS-PCS", pcs_code="")
    with django_assert_num_queries(4):  # counts, flagged, amount invoiced, last year's total
        small = selectors.preview(declaration=declaration_a)
    staff_employees(member_a, si=50)
    with django_assert_num_queries(4):
        large = selectors.preview(declaration=declaration_a)
    assert (small.total, large.total, large.flagged_count) == (11, 61, 1)


def test_a_page_of_the_list_carries_each_row_s_checks(every_case, monkeypatch):
    monkeypatch.setattr(selectors, "NOMINATIVE_PAGE_SIZE", 4)
    preview = selectors.preview(declaration=every_case)
    pages = range(1, selectors.nominative_page(preview=preview, page="1").paginator.num_pages + 1)
    rows = [row for number in pages for row in selectors.nominative_page(preview=preview, page=str(number))]
    assert [e.pk for e in rows] == [e.pk for e in _whole_list(every_case)]
    assert {e.birth_name for e in rows if selectors.is_flagged(e)} == {e.birth_name for e in preview.flagged}


def test_the_page_of_an_employee_among_namesakes(member_a, declaration_a, monkeypatch):
    monkeypatch.setattr(selectors, "NOMINATIVE_PAGE_SIZE", 2)
    twins = [_employee(member_a, "MARTIN", first_name="Paul") for _ in range(3)]
    _employee(member_a, "ABEL")
    _employee(member_a, "MARTIN", first_name="Anne")
    preview = selectors.preview(declaration=declaration_a)
    for twin, page in zip(sorted(twins, key=lambda e: e.pk), (2, 2, 3), strict=True):
        shown = selectors.nominative_page(preview=preview, page=None, employee_pk=twin.pk)
        assert shown.number == page and twin.pk in [e.pk for e in shown]
