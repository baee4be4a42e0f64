"""Optional TOTP for named users; required of administrators when the service's setting says so."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.roles import Role
from portail.accounts.tests.factories import PASSWORD, MembershipFactory
from portail.members.models import Service

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(email: str) -> Client:
    client = Client()
    assert client.post("/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


def test_a_named_user_enrols_then_gives_the_code_at_each_login(member_a):
    MembershipFactory(member=member_a, role=Role.HR, user__username="rh@exemple.fr")
    client = _login("rh@exemple.fr")
    assert client.get("/").status_code == 200  # optional: nothing asked yet
    page = client.get(reverse("accounts:otp_enrol"))
    assert page.status_code == 200 and "QR code" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="rh@exemple.fr")
    assert client.post(reverse("accounts:otp_enrol"), {"token": _code(device)}).status_code == 302
    fresh = _login("rh@exemple.fr")
    assert fresh.get("/").url == reverse("accounts:otp_verify")
    assert fresh.get(reverse("workforce:list")).url == reverse("accounts:otp_verify")
    assert fresh.post(reverse("accounts:otp_verify"), {"token": "123456"}).status_code == 400
    device.refresh_from_db()
    # The enrolment used the current step's code, and the wrong code started django-otp's throttling.
    device.last_t, device.throttling_failure_count, device.throttling_failure_timestamp = -1, 0, None
    device.save()
    assert fresh.post(reverse("accounts:otp_verify"), {"token": _code(device)}).url == reverse("portal:home")
    assert fresh.get("/").status_code == 200


def test_a_wrong_code_at_enrolment_is_refused_next_to_the_field(member_a):
    MembershipFactory(member=member_a, role=Role.HR, user__username="rh@exemple.fr")
    response = _login("rh@exemple.fr").post(reverse("accounts:otp_enrol"), {"token": "000000"})
    assert response.status_code == 400 and "Code incorrect" in response.content.decode()


def test_the_service_can_require_it_of_administrators(member_a):
    Service.objects.create(name="SPST", hotline_email="h@spst.example", member_admin_totp_required=True)
    MembershipFactory(member=member_a, role=Role.ADMIN, user__username="admin@exemple.fr")
    MembershipFactory(member=member_a, role=Role.ACCOUNTING, user__username="compta@exemple.fr")
    admin = _login("admin@exemple.fr")
    assert admin.get("/").url == reverse("accounts:otp_enrol")
    assert admin.get(reverse("accounts:users")).url == reverse("accounts:otp_enrol")
    assert "Obligatoire pour les administrateurs" in admin.get(reverse("accounts:otp_enrol")).content.decode()
    assert _login("compta@exemple.fr").get("/").status_code == 200  # other roles: still optional


def test_principal_account_and_mandataires_have_no_member_second_factor(client_a):
    assert client_a.get(reverse("accounts:otp_enrol")).status_code == 403
    assert client_a.get(reverse("accounts:otp_verify")).url == reverse("portal:home")


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302 and response.url.startswith("/connexion/")
