"""Employees through the API: list (filters, cursor), read, create, update, exit, with the forms' validation and
French errors by field, the services' history and audit, and the NIR never returned."""

from datetime import date
from unittest.mock import patch

import pytest
import time_machine
from django_scopes import scope

from portail.accounts.roles import GRANTS, Role
from portail.accounts.roles import Capability as C
from portail.accounts.tests.factories import MembershipFactory
from portail.api.tests.helpers import Api, token_for
from portail.audit.models import Event
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        yield
BIRTH = date(1990, 1, 2)
NIR = nirlib.generate(sex="F", birth_date=BIRTH, order=55)
NEW = {"birth_name": "Durand", "first_name": "Léa", "birth_date": "1990-01-02", "sex": "F", "nir": NIR,
       "hire_date": "2024-01-08", "job_title": "Comptable", "contract": "CDI", "pcs_code": "344B"}


@pytest.fixture
def api(member_admin):
    return Api(token_for(member_admin))


def test_list_pages_with_a_cursor_and_filters(api, member_a):
    rows = [EmployeeFactory(member=member_a, contract="CDI") for _ in range(5)]
    EmployeeFactory(member=member_a, contract="INTERIM")
    first = api.get("/members/900001/employees", {"limit": 3, "contract": "CDI"}).json()
    assert [r["id"] for r in first["results"]] == [e.pk for e in rows[:3]]
    second = api.get("/members/900001/employees", {"limit": 3, "contract": "CDI", "cursor": first["next_cursor"]})
    assert [r["id"] for r in second.json()["results"]] == [e.pk for e in rows[3:]]
    assert second.json()["next_cursor"] is None


def test_the_nir_is_never_returned(api, member_a):
    employee = EmployeeFactory(member=member_a)
    clear = nirlib.decrypt(employee.nir_encrypted)
    for response in (api.get("/members/900001/employees"), api.get(f"/members/900001/employees/{employee.pk}")):
        text = response.content.decode()
        assert clear not in text and "nir_encrypted" not in text and "nir_hash" not in text
    assert api.get(f"/members/900001/employees/{employee.pk}").json()["nir_recorded"] is True


def test_create_goes_through_the_service_with_history_and_audit(api, member_a, member_admin):
    response = api.post("/members/900001/employees", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert "nir" not in body and NIR not in response.content.decode()
    with scope(member=member_a):
        employee = Employee.objects.get(pk=body["id"])
        assert employee.history.count() == 1 and employee.history.first().history_user == member_admin
    assert Event.objects.filter(action="employee.create", actor_id=member_admin.pk).exists()
    assert body["declared_category"] == "SI"


def test_bad_input_answers_french_errors_by_field(api):
    response = api.post("/members/900001/employees", {**NEW, "birth_date": "31/02/1990", "contract": "XYZ"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["birth_date"] == ["Saisissez une date valide au format AAAA-MM-JJ."]
    assert "Valeur non reconnue" in errors["contract"][0]
    wrong_key = api.post("/members/900001/employees", {**NEW, "nir": NIR[:-2] + "00"})
    assert wrong_key.status_code == 422 and "nir" in wrong_key.json()["errors"]
    too_young = api.post("/members/900001/employees", {**NEW, "hire_date": "1995-01-01"})
    assert too_young.json()["errors"]["birth_date"] == ["Le salarié doit avoir au moins 14 ans à la date d'embauche."]


def test_junk_bodies_never_cost_a_500(api):
    unreadable = api.client.post("/api/v1/members/900001/employees", "{", content_type="application/json",
                                 headers=api.headers)
    assert unreadable.status_code == 400 and unreadable.json()["message"].startswith("Requête mal formée")
    for junk in ("[]", '"texte"', '{"birth_name": 12, "determinants": "NIGHT"}', "\x00"):
        response = api.client.post("/api/v1/members/900001/employees", junk, content_type="application/json",
                                   headers=api.headers)
        assert response.status_code in (400, 422), junk
        assert response.json()["message"] in ("Les données envoyées comportent des erreurs.",
                                              "Requête mal formée : le corps n'est pas un JSON lisible.")
    assert api.get("/members/900001/employees", {"limit": "beaucoup", "cursor": "%%%"}).status_code == 422
    assert api.get("/members/900001/employees", {"cursor": "bm9u"}).json()["errors"]["cursor"]


def test_update_changes_only_the_fields_sent_and_checks_the_version(api, member_a):
    employee = EmployeeFactory(member=member_a, job_title="Assistante")
    response = api.patch(f"/members/900001/employees/{employee.pk}", {"job_title": "Comptable", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["job_title"] == "Comptable" and response.json()["birth_name"] == employee.birth_name
    stale = api.patch(f"/members/900001/employees/{employee.pk}", {"job_title": "Autre", "version": 1})
    assert stale.status_code == 409 and "modifiée par quelqu'un d'autre" in stale.json()["message"]


def test_exit_applies_the_service_and_refuses_twice(api, member_a):
    employee = EmployeeFactory(member=member_a)
    body = {"exit_date": "2026-12-31", "exit_reason": "RESIGNATION"}
    response = api.post(f"/members/900001/employees/{employee.pk}/exit", body)
    assert response.status_code == 200 and response.json()["employee"]["exit_date"] == "2026-12-31"
    again = api.post(f"/members/900001/employees/{employee.pk}/exit", body)
    assert again.status_code == 422 and again.json()["errors"]["_global"]


def test_outsider_gets_404_for_another_company_s_employees(other_member, member_a):
    employee = EmployeeFactory(member=member_a)
    outsider = Api(token_for(other_member))
    assert outsider.get("/members/900001/employees").status_code == 404
    assert outsider.get(f"/members/900002/employees/{employee.pk}").status_code == 404
    assert outsider.patch(f"/members/900002/employees/{employee.pk}", {"job_title": "X"}).status_code == 404


def test_a_duplicate_nir_is_refused_without_naming_who_holds_it(mandataire, member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH, nir=NIR)
    response = Api(token_for(mandataire)).post("/members/900001/employees", NEW)
    assert response.status_code == 422
    assert response.json()["errors"]["nir"] == [
        "Ce N° de Sécurité Sociale est déjà utilisé par un autre salarié de votre entreprise."]
    assert "MARTIN" not in response.content.decode()


def test_a_duplicate_nir_names_its_holder_to_the_companys_own_token(api, member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH, nir=NIR)
    response = api.post("/members/900001/employees", NEW)
    assert response.status_code == 422
    assert response.json()["errors"]["nir"] == ["Ce N° de Sécurité Sociale est déjà utilisé par MARTIN Zoé."]


def test_a_duplicate_nir_on_update_names_its_holder_to_a_role_with_nir_access(member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH, nir=NIR)
    other = EmployeeFactory(member=member_a, sex="F", birth_date=BIRTH, nir__order=56)
    hr = MembershipFactory(member=member_a, role=Role.HR)
    response = Api(token_for(hr.user, role=Role.HR)).patch(f"/members/900001/employees/{other.pk}", {"nir": NIR})
    assert response.status_code == 422
    assert response.json()["errors"]["nir"] == ["Ce N° de Sécurité Sociale est déjà utilisé par MARTIN Zoé."]


def test_a_token_whose_role_lost_nir_access_is_no_longer_told_who_holds_it(member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH, nir=NIR)
    membership = MembershipFactory(member=member_a, role=Role.HR)
    hr = Api(token_for(membership.user, role=Role.HR))
    assert "MARTIN" in hr.post("/members/900001/employees", NEW).content.decode()
    # The role still writes employees but no longer shows NIRs in clear: the role of the call decides, not the token.
    without_nir = {capability: access for capability, access in GRANTS[Role.HR].items() if capability != C.NIR}
    with patch.dict(GRANTS, {Role.HR: without_nir}):
        response = hr.post("/members/900001/employees", NEW)
    assert response.json()["errors"]["nir"] == [
        "Ce N° de Sécurité Sociale est déjà utilisé par un autre salarié de votre entreprise."]
    assert "MARTIN" not in response.content.decode()
