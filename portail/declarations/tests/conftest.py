from datetime import date

import pytest

from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def declaration_a(member_a, campaign):
    return DeclarationFactory(member=member_a, campaign=campaign)


def staff_employees(member, *, si=2, sia=0, sir=0):
    """A complete employee list: hired before the reference date, PCS code set, NIR set by the factory."""
    made = []
    for _ in range(si):
        made.append(EmployeeFactory(member=member, pcs_code="344B", hire_date=date(2020, 1, 6)))
    for _ in range(sia):
        made.append(EmployeeFactory(member=member, pcs_code="344B", determinants=["NIGHT"], declared_category="SIA"))
    for _ in range(sir):
        made.append(EmployeeFactory(member=member, pcs_code="344B", determinants=["ASBESTOS"],
                                    declared_category="SIR"))
    return made


@pytest.fixture
def employees_a(member_a):
    return staff_employees(member_a, si=2, sia=1, sir=1)
