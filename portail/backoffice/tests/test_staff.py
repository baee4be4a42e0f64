"""Administrators give roles and reset a colleague's second factor; never their own."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.tests.factories import logged_in
from portail.audit.models import Event
from portail.backoffice.models import StaffProfile, StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import CareTeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin, device = staff_with_device(StaffRole.ADMIN)
    login_verified(client, admin, device)
    client.admin = admin
    return client


def test_list_shows_roles_and_second_factor_state(admin_client):
    colleague, _ = staff_with_device(StaffRole.NURSE)
    page = admin_client.get("/gestion/personnel/").content.decode()
    assert colleague.username in page and "Infirmier(ère)" in page and "Activé" in page


def test_change_role_and_care_team(admin_client):
    colleague, _ = staff_with_device(StaffRole.NURSE)
    team = CareTeamFactory(name="Équipe Nord")
    url = reverse("backoffice:staff_edit", args=[colleague.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"role": StaffRole.ACCOUNTING, "care_team": team.pk})
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=colleague)
    assert (profile.role, profile.care_team) == (StaffRole.ACCOUNTING, team)
    assert Event.objects.filter(action="staff.role_changed", actor=admin_client.admin).exists()


def test_invalid_role_is_refused_in_french(admin_client):
    colleague, _ = staff_with_device(StaffRole.NURSE)
    response = admin_client.post(reverse("backoffice:staff_edit", args=[colleague.pk]), {"role": "boss"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide." in response.content.decode()


def test_administrator_cannot_change_own_role(admin_client):
    url = reverse("backoffice:staff_edit", args=[admin_client.admin.pk])
    response = admin_client.post(url, {"role": StaffRole.RECEPTION})
    assert response.status_code == 400
    assert "propre accès" in response.content.decode()
    assert StaffProfile.objects.get(user=admin_client.admin).role == StaffRole.ADMIN


def test_reset_second_factor_sends_the_colleague_back_to_enrolment(admin_client):
    colleague, _ = staff_with_device(StaffRole.DOCTOR)
    admin_client.post(reverse("backoffice:staff_otp_reset", args=[colleague.pk]))
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert Event.objects.filter(action="staff.otp_reset").exists()
    other = logged_in(colleague)
    assert other.get("/gestion/").url == reverse("backoffice:otp_enrol")


def test_administrator_cannot_reset_own_second_factor(admin_client):
    admin_client.post(reverse("backoffice:staff_otp_reset", args=[admin_client.admin.pk]))
    assert TOTPDevice.objects.filter(user=admin_client.admin).exists()


def test_member_accounts_are_not_staff_pages(admin_client, member_admin):
    assert admin_client.get(reverse("backoffice:staff_edit", args=[member_admin.pk])).status_code == 404
