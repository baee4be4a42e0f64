"""The determinant boxes of the employee form: "Aucun suivi particulier" left ticked beside a risk is never an
error (the risks are declared), and the category shown follows the worker's age whatever is ticked."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portail.workforce import nir as nirlib
from portail.workforce.forms import EmployeeForm
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tests.test_employee_form import payload

# 16 on the day the tests run (01/06/2025), 15 when hired (02/09/2024), 18 on 20/01/2027.
MINOR_BIRTH = date(2009, 1, 20)
MINOR_NIR = nirlib.generate(sex="F", birth_date=MINOR_BIRTH, order=77)
MINOR_REASON = "SIA : travailleur de moins de 18 ans – art. R4624-17 et R4624-18"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime(2025, 6, 1, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


def _minor(**overrides):
    return payload(birth_date="2009-01-20", nir=MINOR_NIR, **overrides)


def test_form_keeps_the_risks_when_none_is_left_ticked():
    form = EmployeeForm(payload(determinants=["NONE", "CMR", "NIGHT"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["determinants"] == ["CMR", "NIGHT"]


def test_none_left_ticked_beside_a_risk_is_saved_as_the_risk(client_a, member_a):
    response = client_a.post("/salaries/ajouter/", payload(determinants=["NONE", "CMR"]))
    employee = Employee.objects.get(member=member_a)
    assert response.status_code == 302
    assert (employee.determinants, employee.declared_category) == (["CMR"], "SIR")


def test_none_beside_a_risk_on_edit_is_saved_without_a_message(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_date=date(1990, 3, 15), nir__order=42)
    response = client_a.post(f"/salaries/{employee.pk}/modifier/",
                             payload(nir="", determinants=["NONE", "NIGHT"], version=employee.version))
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.determinants, employee.declared_category) == (["NIGHT"], "SIA")


def test_form_page_loads_the_box_script_from_a_static_file(client_a):
    html = client_a.get("/salaries/ajouter/").content.decode()
    assert 'src="/static/workforce/determinants.js"' in html and "data-determinants" in html
    assert "<script>" not in html  # CSP: same-origin files only


def test_minor_with_no_box_is_declared_sia_with_its_articles(client_a, member_a):
    assert client_a.post("/salaries/ajouter/", _minor()).status_code == 302
    employee = Employee.objects.get(member=member_a)
    assert (employee.determinants, employee.declared_category) == (["NONE"], "SIA")
    detail = client_a.get(f"/salaries/{employee.pk}/").content.decode()
    assert f"SIA — {MINOR_REASON}" in detail


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        pytest.param({"birth_date": "2009-01-20", "determinants": ["NONE"]}, MINOR_REASON,
                     id="R4624-18-minor-none-ticked"),
        pytest.param({"birth_date": "20/01/2009"}, MINOR_REASON, id="R4624-18-minor-french-date-no-box"),
        pytest.param({"birth_date": "2009-01-20", "hire_date": "2027-02-01"}, "SI : aucun suivi particulier",
                     id="R4624-10-of-age-on-a-first-day-ahead"),
        pytest.param({"birth_date": "1990-03-15", "determinants": ["U18"]}, "SI : aucun suivi particulier",
                     id="R4624-18-u18-box-on-an-adult-does-not-hold"),
        pytest.param({"birth_date": "pas une date", "determinants": ["U18"]}, MINOR_REASON,
                     id="unreadable-birth-date-boxes-alone"),
    ],
)
def test_category_preview_reads_the_birth_date(client_a, fields, shown):
    html = client_a.post("/salaries/categorie/", fields).content.decode()
    assert shown.replace("'", "&#x27;") in html


def test_edit_form_of_a_minor_shows_sia_before_any_change(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_date=MINOR_BIRTH, hire_date=date(2024, 9, 2))
    html = client_a.get(f"/salaries/{employee.pk}/modifier/").content.decode()
    assert "Catégorie déclarée : SIA" in html and MINOR_REASON in html


def test_category_preview_refuses_anonymous(client):
    response = client.post("/salaries/categorie/", {"birth_date": "2009-01-20"})
    assert response.status_code in (302, 403)
