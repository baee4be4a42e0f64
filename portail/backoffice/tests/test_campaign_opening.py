"""The campaign's opening date is enforced: in December 2026 a member cannot fill the 2027 declaration; the
service validates confirmed declarations in bulk from the inbox."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portail.backoffice.models import StaffRole
from portail.declarations import services
from portail.declarations.models import CampaignStatus, DeclarationStatus
from portail.declarations.services import DeclarationError
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DECEMBER = datetime(2026, 12, 3, 10, tzinfo=PARIS)
JANUARY = datetime(2027, 1, 6, 10, tzinfo=PARIS)


@pytest.fixture
def declaration_2027(member_a):
    campaign = CampaignFactory(year=2027, opens_on=date(2027, 1, 5), closes_on=date(2027, 2, 1))
    return DeclarationFactory(campaign=campaign, member=member_a)


def test_the_2027_declaration_cannot_be_filled_in_december_2026(client, declaration_2027, member_admin):
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(member_admin)
        client_a = client
        with pytest.raises(DeclarationError, match="ouvre le 05/01/2027"):
            services.declaration_save_draft(declaration=declaration_2027, actor=member_admin)
        response = client_a.get(reverse("declarations:fill", args=[declaration_2027.pk]), follow=True)
        page = response.content.decode()
        assert "La campagne de déclaration 2027 ouvre le 05/01/2027" in page
        assert "Saisir votre déclaration" not in client_a.get(reverse("declarations:list")).content.decode()


def test_the_2027_declaration_opens_on_its_date(client, declaration_2027, member_admin):
    with time_machine.travel(JANUARY, tick=False):
        services.declaration_save_draft(declaration=declaration_2027, actor=member_admin)
        client.force_login(member_admin)  # a session opened in the same (travelled) time
        assert client.get(reverse("declarations:fill", args=[declaration_2027.pk])).status_code == 200
    declaration_2027.refresh_from_db()
    assert declaration_2027.status == DeclarationStatus.IN_PROGRESS


def test_the_service_validates_confirmed_declarations_in_bulk(staff_client, member_a, member_b):
    campaign = CampaignFactory(year=2026, status=CampaignStatus.OPEN)
    first = DeclarationFactory(campaign=campaign, member=member_a, status=DeclarationStatus.CONFIRMED, number="D1",
                               count_si=3)
    second = DeclarationFactory(campaign=campaign, member=member_b, status=DeclarationStatus.CONFIRMED, number="D2",
                                count_si=4)
    client = staff_client(StaffRole.ACCOUNTING)
    listed = client.get(reverse("backoffice:inbox"), {"type": "declaration"}).content.decode()
    assert f'value="declaration-{first.pk}"' in listed and f'value="declaration-{second.pk}"' in listed
    client.post(reverse("backoffice:inbox_bulk"), {"items": [f"declaration-{first.pk}", f"declaration-{second.pk}"],
                                                   "action": "close", "answer": "Déclaration validée."})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.validated and second.validated


def test_a_member_cannot_bulk_validate(client_a):
    assert client_a.post(reverse("backoffice:inbox_bulk"), {"action": "close"}).status_code == 403
