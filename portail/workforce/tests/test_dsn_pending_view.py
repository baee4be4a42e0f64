"""A mandataire's DSNs waiting for validation, and opening one switches to the client it concerns."""

import pytest

from portail.accounts.tests.factories import logged_in
from portail.dsn.testing import dsn_bytes
from portail.workforce.tests.dsn_files import dsn_for, dsn_upload, pending_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandataire_client(mandataire, member_a):
    client = logged_in(mandataire)
    client.post("/choisir-adherent/changer/", {"member": member_a.pk})
    return client


def test_opening_a_clients_dsn_acts_for_that_client(mandataire_client, member_a, member_c):
    dsn_upload(mandataire_client, dsn_bytes(dsn_for(member_a)), dsn_bytes(dsn_for(member_c, seed=3)))
    token = pending_token(mandataire_client, member_c)
    assert mandataire_client.get(f"/salaries/import/dsn/{token}/").status_code == 404  # still acting for A
    response = mandataire_client.post(f"/salaries/import/dsn/{token}/ouvrir/")
    assert response.url == f"/salaries/import/dsn/{token}/"
    assert mandataire_client.get(response.url).status_code == 200
    assert mandataire_client.session["current_member_id"] == member_c.pk


def test_revoked_mandate_cannot_open(mandataire_client, mandataire, member_c):
    from portail.accounts.models import Mandate

    dsn_upload(mandataire_client, dsn_bytes(dsn_for(member_c)))
    token = pending_token(mandataire_client, member_c)
    Mandate.objects.filter(member=member_c).update(revoked_at="2026-01-01T00:00:00Z")
    assert mandataire_client.post(f"/salaries/import/dsn/{token}/ouvrir/").status_code == 404


def test_pending_page_lists_and_outsider_sees_none(mandataire_client, member_a, client_b):
    dsn_upload(mandataire_client, dsn_bytes(dsn_for(member_a)))
    assert member_a.name in mandataire_client.get("/salaries/import/dsn/en-attente/").content.decode()
    assert "Aucune DSN en attente" in client_b.get("/salaries/import/dsn/en-attente/").content.decode()


def test_anonymous_goes_to_login(client):
    assert client.get("/salaries/import/dsn/en-attente/").status_code == 302
