"""« Voir comme l'adhérent »: a verified staff session reads one member's portal, never writes."""

import pytest
from django.test import Client
from django.urls import reverse

from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import staff_with_device
from portail.core.tenancy import VIEW_AS_KEY
from portail.members.models import MemberAddress
from portail.members.tests.factories import MemberAddressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewing(staff_client, member_a):
    client = staff_client(StaffRole.MEDICAL_ASSISTANT)
    response = client.post(reverse("backoffice:view_as_start", args=[member_a.pk]))
    assert response.url == reverse("portal:home")
    return client


def test_staff_sees_the_member_portal_with_a_banner_and_it_is_logged(viewing, member_a):
    page = viewing.get("/informations/").content.decode()
    assert "Vous consultez l'espace de <strong>ENTREPRISE A (n° 900001)</strong> en lecture seule" in page
    assert "Quitter" in page
    assert Event.objects.filter(action="backoffice.view_as_started", member=member_a).count() == 1


def test_any_write_is_refused_while_viewing(viewing, member_a):
    address = MemberAddressFactory(member=member_a)
    response = viewing.post(reverse("members:address_delete", args=[address.pk]))
    assert response.status_code == 403
    assert "en lecture seule" in response.content.decode()
    assert MemberAddress.objects.filter(pk=address.pk).exists()
    response = viewing.post(reverse("members:information_edit"), {"name": "PIRATE"})
    assert response.status_code == 403
    member_a.refresh_from_db()
    assert member_a.name == "ENTREPRISE A"


def test_another_members_objects_still_answer_404(viewing, member_b):
    address = MemberAddressFactory(member=member_b)
    assert viewing.get(reverse("members:address_edit", args=[address.pk])).status_code == 404


def test_quitting_ends_the_view_and_is_logged(viewing, member_a):
    response = viewing.post(reverse("backoffice:view_as_stop"))
    assert response.url == reverse("backoffice:member_detail", args=[member_a.pk])
    assert VIEW_AS_KEY not in viewing.session
    assert viewing.get("/informations/").status_code == 403
    assert Event.objects.filter(action="backoffice.view_as_ended", member=member_a).count() == 1


def test_members_cannot_start_it_nor_use_a_forged_session_flag(client_a, member_a, member_b):
    assert client_a.post(reverse("backoffice:view_as_start", args=[member_b.pk])).status_code == 403
    session = client_a.session
    session[VIEW_AS_KEY] = member_b.pk
    session.save()
    page = client_a.get("/informations/").content.decode()
    assert "ENTREPRISE A" in page and "ENTREPRISE B" not in page and "lecture seule" not in page


def test_staff_without_a_verified_second_factor_gets_no_view(member_a):
    user, _ = staff_with_device(StaffRole.ADMIN)
    client = Client()
    client.force_login(user)  # password only: no OTP device verified in this session
    session = client.session
    session[VIEW_AS_KEY] = member_a.pk
    session.save()
    response = client.get("/informations/")
    assert response.status_code == 302 and response["Location"] == "/gestion/verification/"


def test_the_back_office_idle_timeout_also_ends_the_view(viewing, settings):
    import time

    from portail.backoffice.access import LAST_SEEN_KEY

    session = viewing.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS - 5
    session.save()
    assert viewing.get("/informations/").status_code == 403
    assert VIEW_AS_KEY not in viewing.session
