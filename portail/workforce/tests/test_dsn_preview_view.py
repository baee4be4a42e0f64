"""The DSN preview: what would change, before anything is written."""

import html as htmllib

import pytest

from portail.accounts.tests.factories import logged_in
from portail.workforce.models import Employee
from portail.workforce.tests.dsn_files import pending_token, upload_one

pytestmark = pytest.mark.django_db


def test_preview_lists_hires_and_counts_without_writing(client_a, member_a):
    upload_one(client_a, member_a, employees=8, exits=1)
    html = htmllib.unescape(client_a.get(f"/salaries/import/dsn/{pending_token(client_a)}/").content.decode())
    assert "Aperçu de la DSN de janvier 2026" in html
    assert "Nouveaux salariés (entrées)" in html and "1 sortie," not in html  # no one known yet: all are hires
    assert "Appliquer les changements cochés" in html
    assert not Employee.objects.exists()


def test_outsider_gets_404_for_another_members_import(client_a, member_a, other_member):
    upload_one(client_a, member_a)
    token = pending_token(client_a)
    outsider = logged_in(other_member)
    assert outsider.get(f"/salaries/import/dsn/{token}/").status_code == 404
    assert outsider.post(f"/salaries/import/dsn/{token}/valider/").status_code == 404


def test_unknown_token_is_404(client_a):
    assert client_a.get("/salaries/import/dsn/nope/").status_code == 404


def test_anonymous_goes_to_login(client):
    assert client.get("/salaries/import/dsn/abc/").status_code == 302


def test_a_long_kind_of_change_shows_its_first_rows_and_says_all_are_applied(client_a, member_a, monkeypatch):
    from portail.workforce import dsn_views

    monkeypatch.setattr(dsn_views, "SHOWN", 3)
    upload_one(client_a, member_a, employees=8)
    html = htmllib.unescape(client_a.get(f"/salaries/import/dsn/{pending_token(client_a)}/").content.decode())
    hires = html.count('name="excluded"')
    assert hires == 3
    assert "Seuls les 3 premiers sont affichés : les " in html and " seront appliqués." in html
