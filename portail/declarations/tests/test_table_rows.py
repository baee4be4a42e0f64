"""The tags of `declarations/_totals.html` (totals table, problems, nominative list) print exactly what its former
template printed (kept in tests/legacy/): rows with and without problems, completable or not, exit date, contract
end, determinants; thousands and VAT rates; escaping."""

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory

from portail.declarations import selectors
from portail.declarations.forms import ExitForm
from portail.declarations.tests.conftest import staff_employees
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
LEGACY = engines["django"].from_string((Path(__file__).parent / "legacy" / "_totals.html").read_text())
CURRENT = engines["django"].get_template("declarations/_totals.html")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _render(template, context) -> str:
    request = RequestFactory().get("/")
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', template.render(context, request))


def test_rows_equal_the_former_loop(member_a, declaration_a):
    staff_employees(member_a, si=1, sia=1, sir=1)
    EmployeeFactory(member=member_a, birth_name="<script>alert('x')</script>", first_name='A & "B"',
                    pcs_code="", job_title="", hire_date=date(2020, 1, 6), contract="CDD",
                    contract_end=date(2031, 6, 30), determinants=["NIGHT", "ASBESTOS"])
    EmployeeFactory(member=member_a, birth_name="FINI", pcs_code="", hire_date=date(2020, 1, 6), contract="CDD",
                    contract_end=date(2020, 12, 31))
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2020, 1, 6),
                    exit_date=declaration_a.campaign.reference_date)
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2020, 1, 6),
                    exit_date=date.today() + timedelta(days=30))  # a planned exit
    preview = selectors.preview(declaration=declaration_a)
    assert any(e.declaration_problems for e in preview.employees) and preview.expired
    assert any(e.declaration_warnings for e in preview.employees) and preview.warnings
    assert any(e.exit_date for e in preview.employees) and any(e.contract_end for e in preview.employees)
    assert any(e.exit_planned for e in preview.employees)
    context = {"declaration": declaration_a, "preview": preview, "exit_form": ExitForm()}
    html = _render(CURRENT, context)
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert html == _render(LEGACY, context)


def test_an_empty_list_equals_the_former_empty_row(member_a, declaration_a):
    context = {"declaration": declaration_a, "preview": selectors.preview(declaration=declaration_a),
               "exit_form": ExitForm()}
    assert "Aucun salarié présent à la date de référence." in _render(CURRENT, context)
    assert _render(CURRENT, context) == _render(LEGACY, context)


def test_every_row_posts_its_exit_to_its_own_employee(client_a, declaration_a, member_a):
    employees = staff_employees(member_a, si=2)
    html = client_a.get(f"/declarations/{declaration_a.pk}/saisie/").content.decode()
    for employee in employees:
        assert f'action="/declarations/{declaration_a.pk}/salaries/{employee.pk}/sortie/"' in html


def test_totals_equal_the_former_table(member_a, declaration_a):
    """Thousands, a VAT rate with decimals, an amount already invoiced above the contribution (negative rest)."""
    staff_employees(member_a, si=12, sia=3, sir=2)
    declaration_a.campaign.vat_rate = Decimal("5.50")
    preview = replace(selectors.preview(declaration=declaration_a), invoiced_ttc=Decimal("12345.67"), previous_total=9)
    context = {"declaration": declaration_a, "preview": preview, "exit_form": ExitForm()}
    html = _render(CURRENT, context)
    assert "TVA (5,50 %)" in html and "-10\u202f" in html and "Effectif déclaré l'an dernier : 9." in html
    assert html == _render(LEGACY, context)
