from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus, PaymentMethod
from portail.billing.selectors import invoice_open_amount, invoices_grouped, statement
from portail.billing.services import (
    InvoiceLocked,
    credit_note_issue,
    credit_note_net,
    invoice_create_draft,
    invoice_draft_delete,
    invoice_draft_update,
    invoice_issue,
    payment_allocate,
    payment_record,
)
from portail.billing.tests.factories import issued_invoice
from portail.portal.demo.billing import load_seed_history

pytestmark = pytest.mark.django_db


def test_seed_history_gives_the_seed_statement_figures(member_a):
    load_seed_history(member_a)
    current = statement(member=member_a, today=date(2022, 1, 10))
    assert [row.number for row in current.rows] == ["909584", "95674", "101972", "101978", "101982", "101983"]
    assert current.total_debit == Decimal("4124.40")
    assert current.total_credit == Decimal("1058.40")
    assert current.balance == Decimal("3066.00")
    assert current.balance_label == "Solde débiteur"
    row_101983 = current.rows[-1]
    assert row_101983.due_date == date(2022, 1, 30) and not row_101983.overdue
    assert current.rows[1].due_date == date(2021, 3, 31) and current.rows[1].overdue


def test_seed_history_splits_paid_and_unpaid_as_the_seed(member_a):
    load_seed_history(member_a)
    load_seed_history(member_a)  # idempotent
    groups = invoices_grouped(member=member_a)
    assert [i.number for i in groups.unpaid] == ["101983", "101982", "101978", "101972", "95674", "909584"]
    assert {i.number for i in groups.paid} == {"101981", "101974", "101975", "101976", "82566", "72722", "887635"}
    assert [i.number for i in invoices_grouped(member=member_a, year=2019).paid] == ["72722", "887635"]


def test_draft_has_no_number_and_issue_takes_the_next_one(member_a):
    draft = invoice_create_draft(member=member_a, kind=InvoiceKind.CONTRIBUTION,
                                 lines=[{"description": "x", "quantity": 3, "unit_price_ht": "115.50"}])
    assert draft.number is None and draft.status == InvoiceStatus.DRAFT
    first = invoice_issue(invoice=draft, issue_date=date(2026, 3, 2))
    second = issued_invoice(member_a)
    assert second.sequence_value == first.sequence_value + 1
    assert first.number == f"F{first.sequence_value:06d}"
    assert first.due_date == date(2026, 4, 1)  # 30 days of payment terms by default


def test_totals_vat_per_rate_and_rounding(member_a):
    draft = invoice_create_draft(member=member_a, kind=InvoiceKind.CONTRIBUTION, lines=[
        {"description": "a", "quantity": 3, "unit_price_ht": "0.35"},
        {"description": "b", "quantity": 1, "unit_price_ht": "0.35"},
        {"description": "c", "quantity": 2, "unit_price_ht": "10.00", "vat_rate": "5.5"},
    ])
    lines = list(draft.lines.all())
    assert (lines[0].total_ht, lines[0].total_vat, lines[0].total_ttc) == (Decimal("1.05"), Decimal("0.21"), Decimal("1.26"))
    # 20 %: 1.40 HT → 0.28 (not 0.21 + 0.07 = 0.28); 5.5 %: 20.00 → 1.10
    assert draft.total_ht == Decimal("21.40")
    assert draft.total_vat == Decimal("1.38")
    assert draft.total_ttc == Decimal("22.78")


def test_service_refuses_to_edit_or_delete_an_issued_invoice(member_a):
    invoice = issued_invoice(member_a)
    with pytest.raises(InvoiceLocked):
        invoice_draft_update(invoice=invoice, period_label="Année 2099")
    with pytest.raises(InvoiceLocked):
        invoice_issue(invoice=invoice)
    with pytest.raises(InvoiceLocked):
        invoice_draft_delete(invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.period_label == "Année 2026"


def test_credit_note_cites_invoice_and_nets_to_zero(member_a):
    invoice = issued_invoice(member_a, amount_ht="882.00")
    avoir = credit_note_issue(invoice=invoice)
    assert avoir.kind == InvoiceKind.CREDIT_NOTE and avoir.corrects == invoice
    assert avoir.total_ttc == Decimal("-1058.40")
    assert avoir.sequence_value == invoice.sequence_value + 1
    # Set off at once against the invoice it corrects: nothing is left to net.
    with pytest.raises(ValidationError):
        credit_note_net(credit_note=avoir, invoice=invoice)
    assert invoice_open_amount(invoice=invoice) == 0
    assert invoice_open_amount(invoice=avoir) == 0
    assert statement(member=member_a).rows == []


def test_credit_note_cannot_exceed_the_invoice(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00")
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, lines=[{"description": "trop", "unit_price_ht": "-150.00"}])
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE, status=InvoiceStatus.ISSUED).exists()


def test_partial_payments_then_settled_and_overpayment_is_a_credit(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00")  # 120.00 TTC
    payment_record(member=member_a, method=PaymentMethod.CHEQUE, payment_date=date(2026, 2, 1),
                   amount=Decimal("50"), allocations=[(invoice, Decimal("50"))])
    assert invoice_open_amount(invoice=invoice) == Decimal("70.00")
    assert statement(member=member_a).rows[0].debit == Decimal("70.00")
    payment = payment_record(member=member_a, method=PaymentMethod.TRANSFER, payment_date=date(2026, 2, 3),
                             amount=Decimal("100"), reference="VIR 42")
    with pytest.raises(ValidationError):
        payment_allocate(payment=payment, invoice=invoice, amount=Decimal("80"))
    payment_allocate(payment=payment, invoice=invoice, amount=Decimal("70"))
    assert invoice_open_amount(invoice=invoice) == 0
    current = statement(member=member_a)
    assert current.balance == Decimal("-30.00") and current.balance_label == "Solde créditeur"


def test_allocation_refused_across_members(member_a, member_b):
    invoice = issued_invoice(member_a)
    payment = payment_record(member=member_b, method=PaymentMethod.CHEQUE, payment_date=date(2026, 2, 1),
                             amount=Decimal("120"))
    with pytest.raises(ValidationError):
        payment_allocate(payment=payment, invoice=invoice, amount=Decimal("120"))


def test_batch_issue_gives_consecutive_numbers_and_is_all_or_nothing(member_a, member_b):
    from portail.billing.services import invoices_issue_batch

    issued = invoices_issue_batch(members=[member_a, member_b], kind=InvoiceKind.MEMBERSHIP,
                                  period_label="Année 2026", lines=[{"description": "Droit d'entrée",
                                                                     "unit_price_ht": "13.00"}])
    assert [i.total_ttc for i in issued] == [Decimal("15.60")] * 2
    assert issued[1].sequence_value == issued[0].sequence_value + 1
    with pytest.raises(IntegrityError):  # the second one fails after the first was issued: nothing is kept
        invoices_issue_batch(members=[member_a, None], kind=InvoiceKind.MEMBERSHIP, period_label="x",
                             lines=[{"description": "x", "unit_price_ht": "1"}])
    assert Invoice.objects.count() == 2


def test_amounts_in_payment_labels_and_the_audit_log_are_french(member_a):
    from portail.audit.models import Event

    invoice = issued_invoice(member_a, amount_ht="769.83")  # 923,80 TTC
    payment = payment_record(member=member_a, method=PaymentMethod.CHEQUE, payment_date=date(2026, 2, 1),
                             amount=Decimal("923.800000000000"), allocations=[(invoice, Decimal("923.8"))])
    assert str(payment) == "Chèque 923,80\u202f€ (01/02/2026)"
    summaries = list(Event.objects.filter(action__startswith="billing.").values_list("summary", flat=True))
    assert any("923,80\u202f€" in s for s in summaries) and not any("923.8" in s for s in summaries)
