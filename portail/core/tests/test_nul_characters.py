"""A NUL character in a request parameter gets a 400 page saying what to do, or a form error next to the field,
never a 500 (PostgreSQL refuses NUL in text, and some views read parameters without a form)."""

import pytest
from django.db import connection

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_staff_view_without_form_is_a_400(client):
    MemberFactory(number="123456")
    login_verified(client, *staff_with_device(role=StaffRole.ADMIN))
    url = "/gestion/rendez-vous/planification-groupee/"
    assert client.get(url, {"adherent": "123456"}).status_code == 200
    response = client.get(url, {"adherent": "12\x003456"})
    assert response.status_code == 400
    assert "caractère invisible qui n'est pas accepté" in response.content.decode().replace("&#x27;", "'")
    # Posted, the value reaches the view, which reads it itself: PostgreSQL refuses it, SQLite stores nothing.
    posted = client.post(url, {"adherent": "\x00", "du": "x"}).status_code
    assert posted == 400 if connection.vendor == "postgresql" else posted in (200, 302)


def test_a_nul_in_a_parameter_name_or_a_portal_search_is_a_400(client_a):
    assert client_a.get("/salaries/", {"q": "mar"}).status_code == 200
    assert client_a.get("/salaries/", {"q": "m\x00ar"}).status_code == 400
    assert client_a.get("/salaries/", {"q\x00": "mar"}).status_code == 400


def test_a_nul_typed_in_a_form_is_an_error_next_to_the_field(client_a):
    response = client_a.post("/informations/contacts/ajouter/",
                             {"contact-last_name": "Du\x00pont", "contact-first_name": "Léa"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Léa"' in page  # the rest of what was typed is kept
    assert "Le caractère nul n’est pas autorisé." in page


def test_a_nul_in_a_posted_value_a_view_reads_itself_is_a_400(client, member_a):
    from portail.accounts.tests.factories import MemberUserFactory

    MemberUserFactory(member=member_a)
    response = client.post("/connexion/", {"username": "90\x000001", "password": "x"})
    assert response.status_code in (200, 400)  # the login form refuses it, or the database does: never a 500
