"""Back-office screens: second factor, roles, campaign opening/closing, dashboard, export, validation."""

import pytest
from django.urls import reverse

from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.billing.models import Invoice, InvoiceKind
from portail.declarations import services
from portail.declarations.models import Campaign, Declaration, DeclarationStatus


@pytest.fixture
def staff_client(client, db):
    user, device = staff_with_device(StaffRole.ACCOUNTING)
    return login_verified(client, user, device)


@pytest.fixture
def submitted_a(declaration_a, member_admin, employees_a):
    return services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)


def staff_urls(declaration):
    pk, campaign = declaration.pk, declaration.campaign_id
    return [reverse("backoffice:declarations_campaigns"), reverse("backoffice:declarations_campaign", args=[campaign]),
            reverse("backoffice:declarations_export", args=[campaign]),
            reverse("backoffice:declarations_declaration", args=[pk]),
            reverse("backoffice:declarations_acknowledgement", args=[pk])]


def test_staff_views_require_the_second_factor(client, submitted_a):
    user, _device = staff_with_device(StaffRole.ACCOUNTING)
    client.force_login(user)  # password only
    for url in staff_urls(submitted_a):
        response = client.get(url)
        assert response.status_code == 302 and "/gestion/" in response["Location"], url
    response = client.post(reverse("backoffice:declarations_validate", args=[submitted_a.pk]))
    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert not submitted_a.validated


def test_members_get_403_on_the_back_office(client_a, submitted_a):
    for url in staff_urls(submitted_a):
        assert client_a.get(url).status_code == 403


def test_role_without_access_is_refused(client, submitted_a):
    user, device = staff_with_device(StaffRole.DOCTOR)
    login_verified(client, user, device)
    assert client.get(reverse("backoffice:declarations_campaigns")).status_code == 403


def test_open_campaign_from_the_form(staff_client, member_a, member_b):
    response = staff_client.post(reverse("backoffice:declarations_campaigns"), {
        "year": 2030, "reference_date": "2030-01-01", "opens_on": "2030-01-06", "closes_on": "2030-02-03",
        "tariff_si": "100,00", "tariff_sia": "110", "tariff_sir": "130", "vat_rate": "20", "change_threshold_pct": 20,
    })
    campaign = Campaign.objects.get(year=2030)
    assert response["Location"] == reverse("backoffice:declarations_campaign", args=[campaign.pk])
    assert Declaration.objects.filter(campaign=campaign, status="to_fill").count() >= 2
    again = staff_client.post(reverse("backoffice:declarations_campaigns"), {
        "year": 2030, "reference_date": "2030-01-01", "opens_on": "2030-01-06", "closes_on": "2030-02-03",
        "tariff_si": "1", "tariff_sia": "1", "tariff_sir": "1", "vat_rate": "20", "change_threshold_pct": 20,
    })
    assert again.status_code == 400 and "existe déjà" in again.content.decode()


def _export(client, campaign) -> str:
    """The campaign's CSV export, read back as the staff member's spreadsheet would read it."""
    response = client.get(reverse("backoffice:declarations_export", args=[campaign.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'"declarations-{campaign.year}.csv"')
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_dashboard_counts_filter_and_export(staff_client, submitted_a, member_b, campaign):
    Declaration.objects.create(member=member_b, campaign=campaign)
    url = reverse("backoffice:declarations_campaign", args=[campaign.pk])
    html = staff_client.get(url).content.decode()
    assert "Confirmée</span> : 1" in html and "À saisir</span> : 1" in html
    filtered = staff_client.get(url + "?statut=to_fill").content.decode()
    assert "ENTREPRISE B" in filtered and "ENTREPRISE A" not in filtered
    csv = _export(staff_client, campaign)
    assert csv.splitlines()[0].startswith("N° adhérent;Raison sociale;N° déclaration")
    assert submitted_a.number in csv and "ENTREPRISE B" in csv
    # A staff export is audited like the others (core.exports).
    assert Event.objects.filter(action="declarations.campaign_exported", object_id=str(campaign.pk)).exists()


def test_validate_from_the_back_office_bills_once(staff_client, submitted_a):
    url = reverse("backoffice:declarations_validate", args=[submitted_a.pk])
    staff_client.post(url)
    staff_client.post(url)
    submitted_a.refresh_from_db()
    assert submitted_a.validated
    assert Invoice.objects.filter(member=submitted_a.member, kind=InvoiceKind.CONTRIBUTION).count() == 1
    assert submitted_a.invoice.number in staff_client.get(
        reverse("backoffice:declarations_declaration", args=[submitted_a.pk])).content.decode()


def test_reopen_from_the_back_office(staff_client, submitted_a, client):
    response = staff_client.post(reverse("backoffice:declarations_reopen", args=[submitted_a.pk]),
                                 {"reason": "Effectif SIR à revoir"})
    new = Declaration.objects.get(reopens=submitted_a)
    assert response["Location"] == reverse("backoffice:declarations_declaration", args=[new.pk])
    assert new.status == DeclarationStatus.TO_FILL and new.version == 2


def test_close_campaign_choice(staff_client, declaration_a, campaign):
    staff_client.post(reverse("backoffice:declarations_close", args=[campaign.pk]), {"mark_unfileable": "1"})
    declaration_a.refresh_from_db()
    campaign.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.CLOSED and not campaign.is_open


def test_export_shows_submission_time_in_paris_and_amounts_with_a_comma(staff_client, submitted_a, campaign):
    from datetime import UTC, datetime
    from decimal import Decimal

    Declaration.objects.filter(pk=submitted_a.pk).update(submitted_at=datetime(2026, 7, 1, 22, 30, tzinfo=UTC),
                                                         amount_ht=Decimal("923.8"), amount_ttc=Decimal("1108.56"))
    csv = _export(staff_client, campaign)
    row = next(line for line in csv.splitlines() if submitted_a.number in line).split(";")
    assert "02/07/2026 00:30" in row and "923,80" in row and "1108,56" in row
