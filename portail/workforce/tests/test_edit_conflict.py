"""Optimistic locking of an employee: two users of the same member (or its mandataire and the member) edit the
same employee from the same page version; one wins, the other gets a 409 in French with their typing kept."""

import html
from datetime import date

import pytest

from portail.accounts.tests.factories import MemberUserFactory, logged_in
from portail.core.concurrency import EditConflict
from portail.workforce import services
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tests.test_employee_form import BIRTH, GOOD_NIR, payload

pytestmark = pytest.mark.django_db

CONFLICT = "Cette fiche a été modifiée par quelqu'un d'autre pendant votre saisie"


def _employee(member):
    return EmployeeFactory(member=member, birth_name="ROUX", sex="F", birth_date=BIRTH, nir=GOOD_NIR)


def _edit(client, employee, version, **changes):
    return client.post(f"/salaries/{employee.pk}/modifier/",
                       payload(nir="", birth_name="ROUX", version=version, **changes))


def _mandataire_client(mandataire, member):
    client = logged_in(mandataire)
    session = client.session
    session["current_member_id"] = member.pk
    session.save()
    return client


def test_the_edit_page_carries_the_version_it_shows(client_a, member_a):
    employee = _employee(member_a)
    assert 'name="version" value="1"' in client_a.get(f"/salaries/{employee.pk}/modifier/").content.decode()


def test_mandataire_and_member_edit_the_same_employee_first_wins(client_a, member_a, mandataire):
    employee = _employee(member_a)
    accountant = _mandataire_client(mandataire, member_a)
    assert _edit(accountant, employee, 1, job_title="Comptable senior").status_code == 302
    response = _edit(client_a, employee, 1, job_title="Directrice financière", comments="Promue en mars")
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert CONFLICT in page
    assert 'value="Directrice financière"' in page and "Promue en mars" in page  # her typing is kept
    assert 'name="version" value="2"' in page
    employee.refresh_from_db()
    assert employee.job_title == "Comptable senior" and employee.comments == "" and employee.version == 2
    # Sending again from the conflict page is deliberate, and accepted.
    assert _edit(client_a, employee, 2, job_title="Directrice financière").status_code == 302
    employee.refresh_from_db()
    assert employee.job_title == "Directrice financière" and employee.version == 3


def test_two_users_of_the_same_member(client_a, member_a):
    employee = _employee(member_a)
    colleague = logged_in(MemberUserFactory(member=member_a, username="rh-a"))
    assert _edit(colleague, employee, 1, scheduling_constraints="Pas le vendredi").status_code == 302
    assert _edit(client_a, employee, 1, scheduling_constraints="Matin seulement").status_code == 409
    employee.refresh_from_db()
    assert employee.scheduling_constraints == "Pas le vendredi"


def test_an_exit_recorded_meanwhile_makes_the_edit_page_stale(client_a, member_a, member_admin):
    employee = _employee(member_a)
    services.employee_exit(employee=employee, actor=member_admin, exit_date=date(2026, 1, 31), exit_reason="RESIGNATION")
    assert _edit(client_a, employee, 1, job_title="Autre").status_code == 409
    employee.refresh_from_db()
    assert employee.job_title == "Assistante" and employee.exit_date == date(2026, 1, 31)


def test_service_without_a_version_bumps_it(member_a, member_admin):
    """Imports and staff corrections have no form version: not checked, but open edit pages will notice."""
    employee = _employee(member_a)
    services.employee_update(employee=employee, actor=member_admin, data={"job_title": "Importé"})
    employee.refresh_from_db()
    assert employee.version == 2
    with pytest.raises(EditConflict):
        services.employee_update(employee=employee, actor=member_admin, data={"job_title": "Vieux"}, version=1)


def test_the_version_is_not_shown_in_the_employee_history(client_a, member_a):
    employee = _employee(member_a)
    _edit(client_a, employee, 1, job_title="Chef comptable")
    detail = client_a.get(f"/salaries/{employee.pk}/").content.decode()
    assert "Poste de travail : Assistante → Chef comptable" in detail and "version :" not in detail.lower()


@pytest.mark.parametrize("junk", ["abc", "0", "-3", "1e9", "99999999999999999999"])
def test_junk_version_is_a_form_error_never_a_crash(client_a, member_a, junk):
    employee = _employee(member_a)
    response = _edit(client_a, employee, junk, job_title="Autre")
    assert response.status_code == 200
    assert Employee.objects.get(pk=employee.pk).job_title == "Assistante"
