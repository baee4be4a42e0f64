"""Issue 23, accounting: credit notes set off, open credits applied to the oldest debt, SEPA collections that
never take more than the balance due, one per mandate, created → submitted → settled, and rejects."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from portail.billing.models import (
    CreditApplication,
    DirectDebitItem,
    Invoice,
    Payment,
    PaymentMethod,
    SepaMandate,
)
from portail.billing.selectors import balance_due, billing_settings_get, invoice_open_amount
from portail.billing.sepa_batch import (
    direct_debit_batch_create,
    direct_debit_batch_settle,
    direct_debit_batch_submit,
    direct_debit_item_reject,
)
from portail.billing.services import credit_note_issue, credit_open_apply, payment_record
from portail.billing.tests.factories import creditor_account_set, issued_invoice
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)
COLLECTION = TODAY + timedelta(days=14)
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


@pytest.fixture
def creditor(db):
    service = _service()
    service.sepa_creditor_id = "FR72ZZZ123456"
    service.save()
    return creditor_account_set()


def _agreement():
    terms = billing_settings_get()
    terms.credit_application = CreditApplication.AGREEMENT
    terms.save()


def _mandate(member):
    return SepaMandate.objects.create(member=member, reference=f"RUM{member.number}", holder_name=member.name,
                                      iban="FR7630006000011234567890189", bic="AGRIFRPPXXX",
                                      signed_at=timezone.now())


def _paid(member, invoice):
    payment_record(member=member, method=PaymentMethod.CHEQUE, payment_date=date(2026, 1, 20),
                   amount=invoice.total_ttc, allocations=[(invoice, invoice.total_ttc)])


# Credit notes -----------------------------------------------------------------------------------------------------

def test_credit_note_is_set_off_against_the_invoice_it_corrects(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00")
    avoir = credit_note_issue(invoice=invoice, amount_ht=Decimal("40.00"))
    assert avoir.total_ttc == Decimal("-48.00")
    assert invoice_open_amount(invoice=invoice) == Decimal("72.00")
    assert invoice_open_amount(invoice=avoir) == 0


def test_open_credit_is_applied_to_the_oldest_debt_when_automatic(member_a):
    paid = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    _paid(member_a, paid)
    newer = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 2, 5))
    older = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 10))
    avoir = credit_note_issue(invoice=paid)  # −120,00: the paid invoice owes nothing, the credit goes elsewhere
    assert invoice_open_amount(invoice=older) == 0  # 60,00, oldest, first
    assert invoice_open_amount(invoice=newer) == Decimal("60.00")
    assert invoice_open_amount(invoice=avoir) == 0
    assert balance_due(member=member_a) == Decimal("60.00")


def test_open_credit_waits_for_staff_when_applied_on_agreement(member_a):
    _agreement()
    paid = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    _paid(member_a, paid)
    debt = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 10))
    avoir = credit_note_issue(invoice=paid)
    assert invoice_open_amount(invoice=avoir) == Decimal("-120.00")
    assert invoice_open_amount(invoice=debt) == Decimal("60.00")
    assert credit_open_apply(member=member_a) == Decimal("60.00")
    assert invoice_open_amount(invoice=debt) == 0 and invoice_open_amount(invoice=avoir) == Decimal("-60.00")


def test_partial_credit_notes_by_line_and_then_no_more_than_the_invoice(member_a):
    invoice = issued_invoice(member_a, amount_ht="115.50", quantity=6)  # 831,60 TTC
    line = invoice.lines.get()
    avoir = credit_note_issue(invoice=invoice, line_quantities={line.pk: Decimal("2")}, reason="2 salariés sortis")
    assert avoir.total_ttc == Decimal("-277.20") and "2 salariés sortis" in avoir.lines.get().description
    with pytest.raises(ValidationError, match="quantité"):
        credit_note_issue(invoice=invoice, line_quantities={line.pk: Decimal("7")})
    with pytest.raises(ValidationError, match="reste à annuler"):
        credit_note_issue(invoice=invoice, amount_ht=Decimal("500.00"))
    credit_note_issue(invoice=invoice, line_quantities={line.pk: Decimal("4")})
    with pytest.raises(ValidationError, match="entièrement annulée"):
        credit_note_issue(invoice=invoice, amount_ht=Decimal("1.00"))
    assert invoice_open_amount(invoice=invoice) == 0
    assert Invoice.objects.filter(corrects=invoice).count() == 2


# SEPA collections ---------------------------------------------------------------------------------------------

def test_batch_collects_the_seed_balance_not_more_and_uses_the_open_credit(creditor, member_a):
    """The seed's member: 4 124,40 € of debts and the open credit 101972 (−1 058,40 €). Collected: the balance."""
    load_seed_history(member_a)
    _mandate(member_a)
    balance = balance_due(member=member_a)
    assert balance == Decimal("3066.00")
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    assert batch.total == balance and batch.count == 1
    credit = Invoice.objects.get(number="101972")
    assert invoice_open_amount(invoice=credit) == 0  # applied to the oldest debt first (automatic)
    assert invoice_open_amount(invoice=Invoice.objects.get(number="909584")) == Decimal("21.60")


def test_batch_on_agreement_is_capped_by_the_balance_due(creditor, member_a):
    _agreement()
    load_seed_history(member_a)
    _mandate(member_a)
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    assert batch.total == Decimal("3066.00")  # not 4 124,40 €
    assert invoice_open_amount(invoice=Invoice.objects.get(number="101972")) == Decimal("-1058.40")


def test_batch_never_collects_a_fully_credited_invoice(creditor, member_a):
    _mandate(member_a)
    credited = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    credit_note_issue(invoice=credited)
    due = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 6))
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    item = batch.items.get()
    assert [line.invoice for line in item.lines.all()] == [due] and batch.total == Decimal("60.00")


def test_one_collection_per_mandate_grouping_its_invoices(creditor, member_a, member_b):
    _mandate(member_a)
    _mandate(member_b)
    issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 6))
    issued_invoice(member_b, amount_ht="10.00", issue_date=date(2026, 1, 6))
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    tree = etree.fromstring(batch.xml.encode())
    amounts = sorted(t.findtext("p:InstdAmt", namespaces=NS) for t in tree.findall(".//p:DrctDbtTxInf", NS))
    assert amounts == ["12.00", "180.00"] and batch.count == 2
    assert DirectDebitItem.objects.get(mandate__member=member_a).lines.count() == 2


def test_lifecycle_payment_is_recorded_at_the_collection_date_not_at_submission(creditor, member_a):
    _mandate(member_a)
    invoice = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    with pytest.raises(ValidationError):
        direct_debit_batch_settle(batch=batch, today=COLLECTION)  # not submitted yet
    direct_debit_batch_submit(batch=batch)
    assert not Payment.objects.exists() and invoice_open_amount(invoice=invoice) == Decimal("120.00")
    with pytest.raises(ValidationError, match="date de prélèvement"):
        direct_debit_batch_settle(batch=batch, today=COLLECTION - timedelta(days=1))
    assert direct_debit_batch_settle(batch=batch, today=COLLECTION) == 1
    payment = Payment.objects.get()
    assert payment.date == COLLECTION and invoice_open_amount(invoice=invoice) == 0


def test_reject_after_settlement_reopens_the_invoices_and_tells_the_member(
        creditor, member_a, django_capture_on_commit_callbacks):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    mandate = _mandate(member_a)
    invoice = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    direct_debit_batch_submit(batch=batch)
    direct_debit_batch_settle(batch=batch, today=COLLECTION)
    item = batch.items.get()
    with django_capture_on_commit_callbacks(execute=True):
        direct_debit_item_reject(item=item, reason="AM04", fee=Decimal("7.50"), on=COLLECTION + timedelta(days=3))
    item.refresh_from_db()
    assert item.status == "rejected" and item.reject_reason == "AM04" and item.reject_fee == Decimal("7.50")
    assert invoice_open_amount(invoice=invoice) == Decimal("120.00")
    assert balance_due(member=member_a) == Decimal("120.00")
    assert "provision insuffisante" in mail.outbox[-1].body and "120,00" in mail.outbox[-1].body
    mandate.refresh_from_db()
    assert not mandate.first_collection_done  # the next debit is a first one again
    with pytest.raises(ValidationError, match="déjà rejeté"):
        direct_debit_item_reject(item=item, reason="AM04")
    with time_machine.travel(COLLECTION + timedelta(days=5), tick=False):
        again = direct_debit_batch_create(collection_date=COLLECTION + timedelta(days=20),
                                          today=COLLECTION + timedelta(days=5))
    assert again.total == Decimal("120.00") and again.items.get().sequence_type == "FRST"


def test_reject_before_settlement_records_no_payment(creditor, member_a):
    _mandate(member_a)
    invoice = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    batch = direct_debit_batch_create(collection_date=COLLECTION, today=TODAY)
    with pytest.raises(ValidationError, match="pas encore été remis"):
        direct_debit_item_reject(item=batch.items.get(), reason="AC04")
    direct_debit_batch_submit(batch=batch)
    direct_debit_item_reject(item=batch.items.get(), reason="AC04")
    assert direct_debit_batch_settle(batch=batch, today=COLLECTION) == 0
    assert not Payment.objects.exists() and invoice_open_amount(invoice=invoice) == Decimal("120.00")
