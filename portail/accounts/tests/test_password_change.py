import re

import time_machine
from django.core import mail

from portail.accounts.tests.factories import PASSWORD, MemberUserFactory, logged_in

NEW = "une toute nouvelle phrase secrète"


def test_first_login_forces_a_password_change(client, db):
    user = MemberUserFactory(must_change_password=True)
    client.force_login(user)
    response = client.get("/informations/")
    assert response.status_code == 302 and response.url == "/mot-de-passe/"
    assert "Première connexion" in client.get("/mot-de-passe/").content.decode()
    response = client.post(
        "/mot-de-passe/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW)
    assert client.get("/informations/").status_code == 200


def test_password_change_asks_the_current_password(client_a, member_admin):
    response = client_a.post("/mot-de-passe/", {"old_password": "faux", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    member_admin.refresh_from_db()
    assert member_admin.check_password(PASSWORD)


def test_password_change_ends_other_sessions(client, member_admin):

    other_device = logged_in(member_admin)
    client.force_login(member_admin)
    client.post("/mot-de-passe/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302


def _reset_link(client, login):
    client.post("/mot-de-passe/oublie/", {"login": login})
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/mot-de-passe/reinitialiser/\S+/)", body).group(1)


def test_reset_link_works_once(client, member_admin):
    link = _reset_link(client, member_admin.username)
    assert mail.outbox[-1].to == [member_admin.email]
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    member_admin.refresh_from_db()
    assert member_admin.check_password(NEW)
    assert "n'est plus valable" in client.get(link, follow=True).content.decode()


def test_reset_link_expires_after_an_hour(client, member_admin):
    with time_machine.travel("2026-03-02 10:00 +0100", tick=False):
        link = _reset_link(client, member_admin.username)
    with time_machine.travel("2026-03-02 11:05 +0100", tick=False):
        assert "n'est plus valable" in client.get(link, follow=True).content.decode()


def test_reset_answers_the_same_for_unknown_accounts(client, member_admin):
    known = client.post("/mot-de-passe/oublie/", {"login": member_admin.username})
    unknown = client.post("/mot-de-passe/oublie/", {"login": "999999"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mail.outbox) == 1
