"""A radiation stops what follows it: later declarations, later billing; past invoices stay payable."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from portail.audit.models import Event
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.backoffice.tests.helpers import submit_change
from portail.billing.jobs import batch_targets
from portail.billing.models import Invoice, InvoiceStatus, PaymentMethod
from portail.billing.services import invoice_create_draft, payment_record
from portail.billing.tests.factories import issued_invoice
from portail.declarations.models import Declaration, DeclarationStatus
from portail.declarations.services import campaign_open
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.models import MemberStatus, RequestStatus
from portail.members.services import member_radiate

pytestmark = pytest.mark.django_db


def _radiate(member, on=date(2026, 6, 30)):
    return member_radiate(member=member, on=on, actor=None)


def _open(year):
    return campaign_open(actor=None, year=year, reference_date=date(year, 1, 1), opens_on=date(year, 1, 5),
                         closes_on=date(year, 2, 2), tariff_si=Decimal("100"), tariff_sia=Decimal("110"),
                         tariff_sir=Decimal("130"), vat_rate=Decimal("20"))


def test_unfiled_declarations_of_later_years_become_void_and_earlier_ones_stay(member_a):
    this_year = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2026))
    later = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2027),
                               status=DeclarationStatus.IN_PROGRESS)
    _radiate(member_a)
    this_year.refresh_from_db()
    later.refresh_from_db()
    assert this_year.status == DeclarationStatus.TO_FILL
    assert later.status == DeclarationStatus.VOID and later.get_status_display() == "Sans objet (radiation)"
    assert Event.objects.filter(action="declarations.voided_by_radiation", member=member_a).exists()


def test_suspension_leaves_declarations_alone(member_a):
    later = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2027))
    member_radiate(member=member_a, on=date(2026, 6, 30), status=MemberStatus.SUSPENDED, actor=None)
    later.refresh_from_db()
    assert later.status == DeclarationStatus.TO_FILL


def test_campaign_opening_skips_members_radiated_before_its_year(member_a, member_b, member_c):
    _radiate(member_a)  # radiated in 2026: owes 2026, not 2027
    member_radiate(member=member_c, on=date(2026, 1, 10), status=MemberStatus.SUSPENDED, actor=None)
    assert set(Declaration.objects.filter(campaign=_open(2026)).values_list("member__number", flat=True)) == {
        "900001", "900002"}
    assert set(Declaration.objects.filter(campaign=_open(2027)).values_list("member__number", flat=True)) == {
        "900002"}


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
def test_batch_issuing_leaves_out_members_radiated_before_the_period(member_a, member_b):
    # Issued in December 2026 for 2027 (the period starts after the issue date, which is today's by default).
    for member in (member_a, member_b):
        member.joined_on = date(2026, 1, 2)
        member.save()
    _radiate(member_a)
    assert batch_targets(joined_since=date(2026, 1, 1), period_label="Année 2027") == [member_b]
    # Still a member on the issue date of a 2026 invoice: billed.
    assert batch_targets(joined_since=date(2026, 1, 1), period_label="Année 2026",
                         issue_date=date(2026, 3, 1)) == [member_a, member_b]
    with pytest.raises(ValidationError) as error:
        batch_targets(numbers=["900001", "900002"], period_label="Année 2027")
    assert "Adhérent radié avant le 01/01/2027" in error.value.messages[0] and "900001" in error.value.messages[0]


def test_later_drafts_are_dropped_and_issued_invoices_stay_visible_and_payable(member_a, client_a):
    issued = issued_invoice(member_a)
    later_draft = invoice_create_draft(member=member_a, kind="cotisation", period_year=2027,
                                       period_label="Année 2027",
                                       lines=[{"description": "Cotisation", "unit_price_ht": Decimal("10")}])
    _radiate(member_a)
    assert not Invoice.objects.filter(pk=later_draft.pk).exists()
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.ISSUED
    # The radiated member still sees and downloads its invoice, and can opt for direct debit to pay it.
    assert issued.number in client_a.get(reverse("billing:invoices")).content.decode()
    assert client_a.get(reverse("billing:invoice_detail", args=[issued.pk])).status_code == 200
    assert client_a.get(reverse("billing:invoice_pdf", args=[issued.pk])).status_code == 200
    assert client_a.get(reverse("billing:sepa_mandate_create")).status_code == 200
    payment_record(member=member_a, method=PaymentMethod.TRANSFER, payment_date=date(2026, 7, 15),
                   amount=issued.total_ttc, allocations=[(issued, issued.total_ttc)])
    assert "Mes factures acquittées" in client_a.get(reverse("billing:invoices")).content.decode()


def test_cessation_processed_in_the_inbox_voids_later_declarations(client, member_a, member_admin):
    later = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2027))
    change = submit_change(member_a, member_admin, kind="cessation")
    staff = login_verified(client, *staff_with_device())
    response = staff.post(reverse("backoffice:item_answer", args=["situation_change", change.pk]), {
        "status": RequestStatus.DONE, "answer": "Radiation enregistrée.", "apply-apply": "on",
        "apply-on": "2026-03-31"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == DeclarationStatus.VOID
