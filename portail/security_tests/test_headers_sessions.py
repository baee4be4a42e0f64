"""S-1 and S-6: security headers on the portal, back office and login pages; session rules.
(Logout killing the server session and a password change ending other sessions are tested in
portail/accounts/tests.)"""


import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from portail.accounts.tests.factories import PASSWORD, MemberUserFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device

PRODUCTION_SECURITY = {
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def _assert_security_headers(response):
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    csp = {d.strip().split(" ")[0]: d for d in response.headers["Content-Security-Policy"].split(";")}
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


@pytest.mark.django_db
@override_settings(**PRODUCTION_SECURITY)
def test_headers_on_login_portal_and_back_office(client, member_admin):
    _assert_security_headers(client.get("/connexion/", secure=True))
    _assert_security_headers(client.get("/gestion/connexion/", secure=True))
    client.force_login(member_admin)
    home = client.get("/", secure=True)
    assert home.status_code == 200
    _assert_security_headers(home)
    assert home.headers["Cache-Control"] == "no-store"
    staff, device = staff_with_device(StaffRole.ADMIN)
    inbox = login_verified(client, staff, device).get("/gestion/", secure=True)
    assert inbox.status_code == 200
    _assert_security_headers(inbox)


def _login(client, user):
    return client.post("/connexion/", {"username": user.username, "password": PASSWORD})


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_SECURE=True)
def test_login_rotates_the_session_key_and_sets_safe_cookies(client, member_admin):
    session = client.session
    session["avant"] = "connexion"
    session.save()
    before = session.session_key
    response = _login(client, member_admin)
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True


@pytest.mark.django_db
def test_disabled_account_loses_its_session_on_the_next_request(client, member_a):
    user = MemberUserFactory(member=member_a)
    assert _login(client, user).status_code == 302
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert client.get("/salaries/").status_code == 302
