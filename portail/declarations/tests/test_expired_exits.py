"""Issue 16 §3: one action "déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de
référence": a preview page (who, with their contract's end date), then one confirmation; plain links and forms,
no JavaScript needed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portail.appointments.models import AppointmentStatus
from portail.appointments.tests.factories import AppointmentFactory
from portail.audit.models import Event
from portail.declarations.models import DeclarationStatus
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
ACTION = "Déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def ended(member_a):
    """Two fixed-term contracts over before 01/01/2026 and still listed; a third one running; a CDI."""
    return [
        EmployeeFactory(member=member_a, birth_name="FINCDD", pcs_code="344B", contract="CDD",
                        hire_date=date(2025, 3, 1), contract_end=date(2025, 8, 31)),
        EmployeeFactory(member=member_a, birth_name="FINAPPRENTI", pcs_code="344B", contract="APPRENTICE",
                        hire_date=date(2023, 9, 1), contract_end=date(2025, 6, 30)),
    ]


@pytest.fixture
def staying(member_a):
    return [
        EmployeeFactory(member=member_a, birth_name="ENCOURS", pcs_code="344B", contract="CDD",
                        hire_date=date(2025, 9, 1), contract_end=date(2026, 8, 31)),
        EmployeeFactory(member=member_a, birth_name="STABLE", pcs_code="344B"),
    ]


def _url(declaration):
    return reverse("declarations:expired_exits", args=[declaration.pk])


def test_the_fill_page_offers_the_action_with_the_count(client_a, declaration_a, ended, staying):
    page = client_a.get(reverse("declarations:fill", args=[declaration_a.pk])).content.decode()
    assert f'href="{_url(declaration_a)}"' in page and f"{ACTION} (2)" in page


def test_the_preview_lists_who_with_the_contract_end_and_changes_nothing(client_a, declaration_a, ended, staying):
    page = client_a.get(_url(declaration_a)).content.decode()
    leaving = page.split('data-testid="leaving"')[1].split("</table>")[0]
    assert "FINCDD" in leaving and "31/08/2025" in leaving
    assert "FINAPPRENTI" in leaving and "30/06/2025" in leaving and "apprentissage" in leaving
    assert "ENCOURS" not in leaving and "STABLE" not in leaving
    assert "Confirmer la sortie de ces 2 salariés" in page and "<script" not in page.split("<main")[1]
    for employee in ended:
        employee.refresh_from_db()
        assert employee.exit_date is None


def test_confirming_exits_each_on_its_contract_end_and_tells_the_member(client_a, declaration_a, ended, staying):
    appointment = AppointmentFactory(employee=ended[0], start=datetime(2026, 3, 10, 9, tzinfo=PARIS))
    response = client_a.post(_url(declaration_a), {"salaries": [e.pk for e in ended]}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("declarations:fill", args=[declaration_a.pk])
    assert "2 salariés sortis de votre effectif à la fin de leur contrat" in body
    assert "Le rendez-vous du 10/03/2026 à 09:00 de FINCDD Camille est annulé, sans frais." in body
    assert [(e.exit_date, e.exit_reason) for e in (type(e).objects.get(pk=e.pk) for e in ended)] == [
        (date(2025, 8, 31), "END_CDD"), (date(2025, 6, 30), "END_CDD")]
    for employee in staying:
        employee.refresh_from_db()
        assert employee.exit_date is None
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.IN_PROGRESS
    assert 'data-testid="problems"' not in body and 'data-testid="count-total">2<' in body
    assert sorted(Event.objects.get(action="declarations.expired_contracts_exit").data["employees"]) == sorted(
        e.pk for e in ended)


def test_only_the_employees_previewed_are_exited(client_a, declaration_a, ended):
    client_a.post(_url(declaration_a), {"salaries": [ended[0].pk]})
    ended[0].refresh_from_db()
    ended[1].refresh_from_db()
    assert ended[0].exit_date == date(2025, 8, 31) and ended[1].exit_date is None


def test_a_list_changed_since_the_preview_is_refused_in_french(client_a, declaration_a, ended, staying):
    response = client_a.post(_url(declaration_a), {"salaries": [staying[0].pk]})
    assert response.status_code == 400
    assert "La liste a changé depuis l&#x27;aperçu" in response.content.decode()
    staying[0].refresh_from_db()
    assert staying[0].exit_date is None


def test_anonymous_is_sent_to_login(client, declaration_a):
    response = client.get(_url(declaration_a))
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_another_member_gets_404(client_b, declaration_a, ended):
    assert client_b.get(_url(declaration_a)).status_code == 404
    assert client_b.post(_url(declaration_a), {"salaries": [ended[0].pk]}).status_code == 404
    ended[0].refresh_from_db()
    assert ended[0].exit_date is None


def test_a_submitted_declaration_sends_back_to_its_page(client_a, declaration_a, ended):
    declaration_a.status, declaration_a.number = DeclarationStatus.CONFIRMED, "D2026-000001"
    declaration_a.save()
    response = client_a.post(_url(declaration_a), {"salaries": [ended[0].pk]})
    assert response["Location"] == reverse("declarations:detail", args=[declaration_a.pk])
    ended[0].refresh_from_db()
    assert ended[0].exit_date is None
