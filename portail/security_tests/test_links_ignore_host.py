"""Links with a token that leave the portal (invitations, booking links, password resets) are built from the
configured public address, never from the request's Host header: a forged Host that a misconfigured proxy lets
through must not put another site's address in an e-mail carrying a valid token."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portail.accounts.roles import Role
from portail.appointments.models import VisitKind
from portail.appointments.tests.test_booking_services import bookable
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified_as
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
BASE = "https://adherents.spst.example"
FORGED = "pirate.example"


@pytest.fixture(autouse=True)
def _forged_host_accepted(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, FORGED]


def _links(body: str) -> list[str]:
    links = re.findall(r"https?://[^\s\"<]+", body)
    assert links
    return links


def _only_ours(body: str) -> None:
    assert FORGED not in body
    assert all(link.startswith(BASE + "/") for link in _links(body))


def test_a_user_invitation(client_a, member_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("accounts:user_invite"), {"email": "paie@exemple.fr", "role": Role.HR},
                                 HTTP_HOST=FORGED)
    assert response.status_code == 302
    assert "/invitation/" in mail.outbox[-1].body
    _only_ours(mail.outbox[-1].body)


def test_a_user_invitation_sent_by_staff(client, staff_user, member_a, django_capture_on_commit_callbacks):
    login_verified_as(client, staff_user, role=StaffRole.RECEPTION)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:member_user_invite", args=[member_a.pk]),
                    {"email": "paie@exemple.fr", "role": Role.ACCOUNTING}, HTTP_HOST=FORGED)
    assert "/invitation/" in mail.outbox[-1].body
    _only_ours(mail.outbox[-1].body)


def test_a_booking_link_from_the_member(client_a, member_a):
    bookable(VisitKind.PERIODIC)
    employee = EmployeeFactory(member=member_a)
    response = client_a.post(reverse("appointments:invitation_new"),
                             {"salarie": employee.pk, "type": VisitKind.PERIODIC, "email": "c@exemple.test"},
                             HTTP_HOST=FORGED)
    assert f"{BASE}/rendez-vous/lien/" in response.content.decode()
    assert "/rendez-vous/lien/" in mail.outbox[-1].body
    _only_ours(mail.outbox[-1].body)


def test_a_booking_link_from_the_back_office(client, staff_user, member_a):
    bookable(VisitKind.PERIODIC)
    employee = EmployeeFactory(member=member_a)
    login_verified_as(client, staff_user, role=StaffRole.RECEPTION)
    client.post(reverse("backoffice:appointments_invitation", args=[employee.pk]),
                {"type": VisitKind.PERIODIC, "email": "c@exemple.test"}, HTTP_HOST=FORGED)
    assert "/rendez-vous/lien/" in mail.outbox[-1].body
    _only_ours(mail.outbox[-1].body)


def test_a_password_reset(client, member_admin):
    client.post("/mot-de-passe/oublie/", {"login": member_admin.username}, HTTP_HOST=FORGED)
    assert "/mot-de-passe/reinitialiser/" in mail.outbox[-1].body
    _only_ours(mail.outbox[-1].body)
