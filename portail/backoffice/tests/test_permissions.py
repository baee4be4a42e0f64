"""Every back-office URL × every persona → expected status. The table must cover every pattern."""

import pytest
from django.urls import reverse

from portail.accounts.tests.factories import MembershipFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import STAFF_PASSWORD, StaffProfileFactory, login_verified, staff_with_device
from portail.backoffice.tests.helpers import submit_change
from portail.backoffice.urls import administration_urls, auth_urls, inbox_urls, member_urls
from portail.members.models import RequestStatus
from portail.members.tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

LOGIN = "/gestion/connexion/"
ALL_ROLES = [role.value for role in StaffRole]
ADMIN = [StaffRole.ADMIN.value]
DESK = [StaffRole.RECEPTION.value, StaffRole.ADMIN.value]

# The password and code steps are open by design; they are tested in test_access.py.
ACCESS_STEPS = {"login", "otp_verify", "otp_enrol", "logout"}
# A member's DSN dropped by staff: a workforce screen reached from the member page; its roles are in
# security_tests' matrix and portail/backoffice/tests/test_dsn.py.
DOMAIN_SCREENS = {"dsn_upload", "dsn_preview", "dsn_apply", "dsn_cancel"}

# name → (method, data, roles allowed). Allowed roles get `ok`, the others 403.
TABLE = {
    "inbox": ("get", None, ALL_ROLES, 200),
    "backup_codes": ("get", None, ALL_ROLES, 200),
    "item": ("get", None, ALL_ROLES, 200),
    "item_attachment": ("get", None, ALL_ROLES, 200),
    "item_comment": ("post", {"body": "Note"}, ALL_ROLES, 302),
    "item_assign_me": ("post", {}, ALL_ROLES, 302),
    "item_answer": ("post", {"status": RequestStatus.IN_PROGRESS, "answer": "Vu."}, ALL_ROLES, 302),
    "inbox_bulk": ("post", {"action": "assign"}, ALL_ROLES, 302),
    "inbox_view_create": ("post", {"name": "Vue"}, ALL_ROLES, 302),
    "inbox_view_delete": ("post", {}, ALL_ROLES, 404),
    "inbox_templates": ("get", None, ALL_ROLES, 200),
    "inbox_template_delete": ("post", {}, ALL_ROLES, 404),
    "member_list": ("get", None, ALL_ROLES, 200),
    "member_detail": ("get", None, ALL_ROLES, 200),
    "member_create": ("get", None, DESK, 200),
    "member_mandate_grant": ("post", {}, DESK, 302),
    "member_group": ("post", {"head": ""}, DESK, 302),
    "member_assignment": ("post", {}, ADMIN, 302),
    "account_password_reset": ("post", {"confirme": "oui"}, DESK, 302),
    "account_active": ("post", {"active": "1"}, DESK, 302),
    "mandate_revoke": ("post", {"confirme": "oui"}, DESK, 302),
    "member_user_invite": ("post", {}, DESK, 302),
    "member_user_role": ("post", {"role": "hr"}, DESK, 302),
    "member_user_active": ("post", {"active": "1"}, DESK, 302),
    "mandataire_list": ("get", None, ALL_ROLES, 200),
    "mandataire_create": ("get", None, DESK, 200),
    "mandataire_detail": ("get", None, ALL_ROLES, 200),
    "mandataire_grant": ("post", {}, DESK, 400),
    "structure_list": ("get", None, ADMIN, 200),
    "structure_create": ("get", None, ADMIN, 200),
    "structure_edit": ("get", None, ADMIN, 200),
    "service_settings": ("get", None, ADMIN, 200),
    "rules_settings": ("get", None, ADMIN, 200),
    "view_as_start": ("post", {}, ALL_ROLES, 302),
    "view_as_stop": ("post", {}, ALL_ROLES, 302),
    "audit_log": ("get", None, [StaffRole.ADMIN.value], 200),
    "dashboard": ("get", None, [StaffRole.ADMIN.value], 200),
    "dashboard_export": ("get", None, [StaffRole.ADMIN.value], 200),
    "staff_list": ("get", None, [StaffRole.ADMIN.value], 200),
    "staff_edit": ("post", {"role": StaffRole.DOCTOR.value}, [StaffRole.ADMIN.value], 302),
    "staff_otp_reset": ("post", {}, [StaffRole.ADMIN.value], 302),
}


def test_table_covers_every_url_pattern():
    # The domain screens (appointments, billing, declarations…) have their roles in security_tests' matrix.
    names = {pattern.name for pattern in [*auth_urls, *inbox_urls, *member_urls, *administration_urls]}
    assert names == set(TABLE) | ACCESS_STEPS | DOMAIN_SCREENS


@pytest.fixture
def urls(member_a, member_admin, mandataire):
    change = submit_change(member_a, member_admin, with_pdf=True)
    mandate = mandataire.mandates.first()
    membership = MembershipFactory(member=member_a)
    colleague, _ = staff_with_device(StaffRole.NURSE)
    item = {"source": "situation_change", "pk": change.pk}
    kwargs = {
        "item": item, "item_attachment": item, "item_comment": item, "item_assign_me": item, "item_answer": item,
        "member_detail": {"pk": member_a.pk}, "view_as_start": {"pk": member_a.pk}, "member_mandate_grant": {"pk": member_a.pk},
        "member_group": {"pk": member_a.pk}, "member_assignment": {"pk": member_a.pk},
        "account_password_reset": {"pk": member_admin.pk}, "account_active": {"pk": member_admin.pk},
        "mandate_revoke": {"pk": mandate.pk}, "member_user_invite": {"pk": member_a.pk},
        "member_user_role": {"pk": member_a.pk, "membership_pk": membership.pk},
        "member_user_active": {"pk": member_a.pk, "membership_pk": membership.pk},
        "structure_list": {"kind": "equipes"}, "structure_create": {"kind": "centres"},
        "structure_edit": {"kind": "centres", "pk": CentreFactory().pk},
        "mandataire_detail": {"pk": mandataire.pk}, "mandataire_grant": {"pk": mandataire.pk},
        "staff_edit": {"pk": colleague.pk}, "staff_otp_reset": {"pk": colleague.pk},
        "inbox_view_delete": {"pk": 999999}, "inbox_template_delete": {"pk": 999999},
    }
    return {name: reverse(f"backoffice:{name}", kwargs=kwargs.get(name)) for name in TABLE}


def _call(client, name, url):
    method, data, _, _ = TABLE[name]
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_anonymous_is_sent_to_the_staff_login(client, urls, name):
    response = _call(client, name, urls[name])
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("persona", ["member_admin", "mandataire"])
def test_members_and_mandataires_get_403(client, urls, name, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = _call(client, name, urls[name])
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.parametrize("name", sorted(TABLE))
def test_staff_without_second_factor_is_sent_to_the_code_step(client, urls, name):
    user, _ = staff_with_device(StaffRole.ADMIN)
    client.force_login(user)
    response = _call(client, name, urls[name])
    assert response.status_code == 302 and response.url == reverse("backoffice:otp_verify")


def test_staff_without_device_is_sent_to_enrolment(client, urls):
    user = StaffProfileFactory(role=StaffRole.ADMIN).user
    client.post(LOGIN, {"username": user.username, "password": STAFF_PASSWORD})
    assert client.get(urls["inbox"]).url == reverse("backoffice:otp_enrol")


@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_permissions(client, urls, name, role):
    user, device = staff_with_device(role)
    login_verified(client, user, device)
    _, _, allowed, ok = TABLE[name]
    response = _call(client, name, urls[name])
    assert response.status_code == (ok if role in allowed else 403)


def test_staff_account_without_is_staff_flag_is_refused(client, urls):
    user, device = staff_with_device(StaffRole.ADMIN)
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    login_verified(client, user, device)
    assert client.get(urls["inbox"]).status_code == 403
