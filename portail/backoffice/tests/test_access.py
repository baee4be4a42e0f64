"""Staff access: password, then a second factor that is always required, then 15 minutes idle."""

import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.audit.models import Event
from portail.backoffice.access import LAST_SEEN_KEY
from portail.backoffice.models import StaffRole
from portail.backoffice.services import backup_codes_regenerate
from portail.backoffice.tests.factories import (
    STAFF_PASSWORD,
    StaffProfileFactory,
    login_verified,
    staff_with_device,
)

LOGIN = "/gestion/connexion/"
pytestmark = pytest.mark.django_db


def _password_step(client, user, password=STAFF_PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password})


def test_password_step_leads_to_code_step_not_to_the_back_office(client):
    user, _ = staff_with_device()
    response = _password_step(client, user)
    assert response.status_code == 302 and response.url == reverse("backoffice:otp_verify")
    assert client.get("/gestion/").url == reverse("backoffice:otp_verify")


def test_valid_totp_code_opens_the_back_office(client):
    user, device = staff_with_device()
    _password_step(client, user)
    response = client.post(reverse("backoffice:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302 and response.url == reverse("backoffice:inbox")
    page = client.get("/gestion/")
    assert page.status_code == 200
    assert "Boîte de réception" in page.content.decode()


def test_wrong_totp_code_is_refused(client):
    user, device = staff_with_device()
    _password_step(client, user)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post(reverse("backoffice:otp_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "Code incorrect ou déjà utilisé." in response.content.decode()
    assert client.get("/gestion/").status_code == 302
    assert Event.objects.filter(action="staff.otp_failed", actor=user).exists()


def test_next_url_is_kept_across_both_factors(client):
    user, device = staff_with_device()
    client.post(LOGIN + "?next=/gestion/adherents/", {"username": user.username, "password": STAFF_PASSWORD})
    response = client.post(reverse("backoffice:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.url == "/gestion/adherents/"


def test_wrong_password_is_refused_in_french(client):
    user, _ = staff_with_device()
    response = _password_step(client, user, password="pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert Event.objects.filter(action="auth.login_failed").exists()


def test_member_and_mandataire_cannot_log_in_on_the_staff_form(client, member_admin, mandataire):
    for user in (member_admin, mandataire):
        response = client.post(LOGIN, {"username": user.username, "password": "Un-Mot-De-Passe-Solide-42"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_first_login_enrols_a_device_then_shows_ten_backup_codes_once(client):
    user = StaffProfileFactory(role=StaffRole.DOCTOR).user
    response = _password_step(client, user)
    assert response.url == reverse("backoffice:otp_enrol")
    page = client.get(reverse("backoffice:otp_enrol"))
    html = page.content.decode()
    # Strict CSP: the QR code is an image (an SVG in a data: URL), with no inline script or style attribute.
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="QR code de configuration', html)
    assert qr and b"<svg" in base64.b64decode(qr.group(1))
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("backoffice:otp_enrol"), {"token": f"{totp(device.bin_key):06d}"})
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/gestion/").status_code == 200
    assert Event.objects.filter(action="staff.otp_enrolled", actor=user).exists()
    # Once enrolled, the enrolment page is closed: no second device by someone holding the password.
    assert client.get(reverse("backoffice:otp_enrol")).url == reverse("backoffice:otp_verify")


def test_enrolment_refuses_a_wrong_code(client):
    user = StaffProfileFactory().user
    _password_step(client, user)
    client.get(reverse("backoffice:otp_enrol"))
    response = client.post(reverse("backoffice:otp_enrol"), {"token": "000000x"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_backup_code_works_once(client):
    user, _ = staff_with_device()
    code = backup_codes_regenerate(user=user)[0]
    _password_step(client, user)
    assert client.post(reverse("backoffice:otp_verify"), {"token": code}).status_code == 302
    assert client.get("/gestion/").status_code == 200
    client.post(reverse("backoffice:logout"))
    _password_step(client, user)
    response = client.post(reverse("backoffice:otp_verify"), {"token": code})
    assert response.status_code == 200
    assert client.get("/gestion/").status_code == 302


def test_idle_timeout_logs_staff_out(client, settings):
    user, device = staff_with_device()
    _password_step(client, user)
    client.post(reverse("backoffice:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get("/gestion/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/gestion/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_activity_within_the_idle_window_keeps_the_session(client, settings):
    user, device = staff_with_device()
    _password_step(client, user)
    client.post(reverse("backoffice:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get("/gestion/").status_code == 200


def test_logout_ends_the_staff_session(staff_client):
    client = staff_client()
    response = client.post(reverse("backoffice:logout"))
    assert response.url == LOGIN
    assert client.get("/gestion/").status_code == 302


def test_code_steps_send_anonymous_back_to_the_password_step(client):
    assert client.get(reverse("backoffice:otp_verify")).url == reverse("backoffice:login")
    assert client.get(reverse("backoffice:otp_enrol")).url == reverse("backoffice:login")


def test_code_steps_refuse_members(client_a):
    assert client_a.get(reverse("backoffice:otp_verify")).url == reverse("backoffice:login")


def test_verified_staff_on_the_login_page_goes_to_the_inbox(staff_client):
    assert staff_client().get(LOGIN).url == reverse("backoffice:inbox")


def test_staff_regenerates_backup_codes_and_the_old_ones_stop_working(client):
    user, device = staff_with_device()
    staff = login_verified(client, user, device)
    old = backup_codes_regenerate(user=user)
    assert "Il vous reste 10 codes" in staff.get(reverse("backoffice:backup_codes")).content.decode()
    response = staff.post(reverse("backoffice:backup_codes"))
    new = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in response.content.decode() for code in new)
    assert Event.objects.filter(action="staff.backup_codes_generated", actor=user).count() == 2
