"""The provisional call for contributions of a campaign: last year's confirmed headcount at this year's tariffs."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.backoffice.models import StaffRole
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory

pytestmark = pytest.mark.django_db


def test_the_call_uses_last_years_confirmed_headcount_and_this_years_tariffs(staff_client, member_a, member_b):
    last = CampaignFactory(year=2026)
    DeclarationFactory(campaign=last, member=member_a, status=DeclarationStatus.CONFIRMED, number="D1",
                       count_si=10, count_sir=2)
    DeclarationFactory(campaign=last, member=member_b, status=DeclarationStatus.TO_FILL)
    coming = CampaignFactory(year=2027, tariff_si=Decimal("105.00"), tariff_sir=Decimal("140.00"))
    client = staff_client(StaffRole.ACCOUNTING)
    url = reverse("backoffice:declarations_provisional", args=[coming.pk])
    page = client.get(url).content.decode()
    assert "900001 – ENTREPRISE A" in page and "ENTREPRISE B" not in page
    assert "1\u202f330,00\u202f€" in page  # 10 × 105 + 2 × 140 HT
    export = client.get(url, {"format": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "900001;ENTREPRISE A;10;0;2;1330,00;1596,00" in text


def test_no_previous_campaign_means_no_call(staff_client):
    campaign = CampaignFactory(year=2030)
    page = staff_client(StaffRole.ACCOUNTING).get(
        reverse("backoffice:declarations_provisional", args=[campaign.pk])).content.decode()
    assert "pas d'appel provisionnel à calculer" in page


def test_members_and_care_roles_are_kept_out(staff_client, member_admin):
    campaign = CampaignFactory(year=2027)
    url = reverse("backoffice:declarations_provisional", args=[campaign.pk])
    assert staff_client(StaffRole.NURSE).get(url).status_code == 403
    member = logged_in(member_admin)
    assert member.get(url).status_code == 403
