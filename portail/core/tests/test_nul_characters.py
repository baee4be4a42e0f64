"""A NUL character in a request parameter gets a 400 page saying what to do, never a 500 (PostgreSQL refuses
NUL in text, and some staff views read parameters without a form)."""

import pytest

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_staff_view_without_form_is_a_400(client):
    MemberFactory(number="123456")
    login_verified(client, *staff_with_device(role=StaffRole.ADMIN))
    url = "/gestion/rendez-vous/planification-groupee/"
    assert client.get(url, {"adherent": "123456"}).status_code == 200
    for response in (client.get(url, {"adherent": "12\x003456"}), client.post(url, {"adherent": "\x00", "du": "x"})):
        assert response.status_code == 400
        assert "caractère invisible qui n'est pas accepté" in response.content.decode().replace("&#x27;", "'")


def test_a_nul_in_a_parameter_name_or_a_portal_search_is_a_400(client_a):
    assert client_a.get("/salaries/", {"q": "mar"}).status_code == 200
    assert client_a.get("/salaries/", {"q": "m\x00ar"}).status_code == 400
    assert client_a.get("/salaries/", {"q\x00": "mar"}).status_code == 400
