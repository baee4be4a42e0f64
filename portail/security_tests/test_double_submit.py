"""R-4: the same create form posted twice (a double click, a browser retry) must leave one record."""

import threading

import pytest
from django.db import connection
from django.test import Client

from portail.billing.models import SepaMandate
from portail.members.models import MemberContact, SituationChangeRequest
from portail.members.tests.test_addresses_and_contacts import CONTACT
from portail.members.tests.test_situation_change import DATA as SITUATION
from portail.workforce.models import Employee
from portail.workforce.tests.test_employee_form import payload as employee_payload

SEPA = {"holder_name": "ENTREPRISE A", "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "",
        "address_line1": "1 rue de la Paix", "postal_code": "13001", "city": "MARSEILLE", "consent": "on"}

FORMS = {
    "situation_change": ("/informations/changement-de-situation/", lambda: SITUATION, SituationChangeRequest),
    "contact": ("/informations/contacts/ajouter/", lambda: CONTACT, MemberContact),
    "employee": ("/salaries/ajouter/", employee_payload, Employee),
    "sepa_mandate": ("/factures/prelevement-sepa/", lambda: SEPA, SepaMandate),
}


@pytest.fixture
def service(db):
    from portail.members.models import Service

    return Service.objects.update_or_create(pk=1, defaults={
        "name": "SPST Test", "siret": "", "sepa_creditor_id": "FR72ZZZ123456"})[0]


def _token(client, url) -> dict:
    """The idempotency token the page hands out, if the form has one."""
    import re

    match = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())
    return {"form_token": match.group(1)} if match else {}


@pytest.mark.parametrize("kind", FORMS)
def test_same_form_posted_twice_in_sequence_creates_one_record(kind, client_a, member_a, service):
    url, data, model = FORMS[kind]
    body = {**data(), **_token(client_a, url)}
    first = client_a.post(url, body)
    second = client_a.post(url, body)
    assert first.status_code == 302, first.content.decode()[:500]
    assert second.status_code in (200, 302)
    assert model.objects.filter(member=member_a).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", FORMS)
def test_same_form_posted_twice_at_once_creates_one_record(kind, member_admin, member_a, service):
    url, data, model = FORMS[kind]
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(member_admin)
    body = {**data(), **_token(clients[0], url)}
    barrier = threading.Barrier(2)
    statuses = []

    def post(client):
        barrier.wait()
        try:
            statuses.append(client.post(url, body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses)[0] in (200, 302) and all(s < 500 for s in statuses)
    assert model.objects.filter(member=member_a).count() == 1


def test_an_invalid_post_releases_its_token(client_a, member_a):
    url = "/informations/contacts/ajouter/"
    token = _token(client_a, url)
    assert token, "the contact form must carry a form_token"
    refused = client_a.post(url, {**CONTACT, **token, "contact-last_name": ""})
    assert refused.status_code == 200 and token["form_token"] in refused.content.decode()
    assert client_a.post(url, {**CONTACT, **token}).status_code == 302
    assert MemberContact.objects.filter(member=member_a).count() == 1
