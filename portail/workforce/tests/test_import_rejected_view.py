"""« Télécharger les lignes rejetées »: only the member's own pending import."""

import pytest

from portail.accounts.tests.factories import logged_in
from portail.workforce.tests.test_import import upload
from portail.workforce.tests.test_import_payroll import payroll_file, payroll_row

pytestmark = pytest.mark.django_db


def test_nothing_pending_redirects_to_upload(client_a):
    assert client_a.get("/salaries/import/rejets/").url == "/salaries/import/"


def test_outsider_gets_nothing_of_anothers_import(client_a, other_member):
    upload(client_a, payroll_file(payroll_row("MAUVAIS", nir="123")))
    outsider = logged_in(other_member)
    response = outsider.get("/salaries/import/rejets/")
    assert response.status_code == 302 and response.url == "/salaries/import/"


def test_anonymous_goes_to_login(client):
    assert client.get("/salaries/import/rejets/").status_code == 302
