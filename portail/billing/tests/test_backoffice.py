import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.billing.accounting import accounting_export_csv
from portail.billing.models import DirectDebitBatch, Invoice, InvoiceKind, Payment
from portail.billing.selectors import invoice_open_amount, statement
from portail.billing.tests.factories import issued_invoice, sepa_invoice_due

pytestmark = pytest.mark.django_db


def test_member_and_anonymous_cannot_open_back_office(client_a):
    from django.test import Client

    assert client_a.get("/gestion/facturation/").status_code == 403
    response = Client().get("/gestion/facturation/adherents/900001/")
    assert response.status_code == 302 and "/gestion/connexion/" in response["Location"]


def test_only_the_accounting_role_opens_billing(client, db):
    user, device = staff_with_device(StaffRole.DOCTOR)
    login_verified(client, user, device)
    assert client.get("/gestion/facturation/").status_code == 403


def test_home_lists_overdue_and_finds_a_member(staff_client, member_a):
    issued_invoice(member_a, issue_date=date(2025, 1, 2))
    response = staff_client.get("/gestion/facturation/")
    assert response.status_code == 200 and "ENTREPRISE A" in response.content.decode()
    assert staff_client.get("/gestion/facturation/?adherent=900001")["Location"] == "/gestion/facturation/adherents/900001/"


def test_staff_issues_invoice_records_payment_and_credit_note(staff_client, member_a):
    url = "/gestion/facturation/adherents/900001/"
    response = staff_client.post(url, {"fac-kind": "cotisation", "fac-description": "Cotisation 2026",
                                       "fac-quantity": "3", "fac-unit_price_ht": "115.50", "fac-vat_rate": "20",
                                       "fac-period_label": "Année 2026"})
    assert response.status_code == 302
    invoice = Invoice.objects.get(member=member_a)
    assert invoice.total_ttc == Decimal("415.80") and invoice.number.startswith("F")
    response = staff_client.post(url, {"reg-method": "cheque", "reg-date": "2026-02-01", "reg-amount": "500.00",
                                       "reg-reference": "CHQ 1234567", "reg-invoices": [str(invoice.pk)]})
    assert response.status_code == 302
    assert invoice_open_amount(invoice=invoice) == 0
    assert statement(member=member_a).balance == Decimal("-84.20")  # overpayment kept as a credit
    response = staff_client.post(f"/gestion/facturation/factures/{invoice.pk}/avoir/",
                                 {"mode": "total", "confirm": "on"})
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE, corrects=invoice).count() == 1
    page = staff_client.get(url).content.decode()
    assert "Solde créditeur" in page


def test_payment_form_errors_keep_input(staff_client, member_a):
    response = staff_client.post("/gestion/facturation/adherents/900001/", {
        "reg-method": "cheque", "reg-date": "pas une date", "reg-amount": "12,50", "reg-reference": "CHQ 99"})
    assert response.status_code == 200 and 'value="CHQ 99"' in response.content.decode()
    assert not Payment.objects.exists()


def test_reminders_send_pdf_to_the_member(staff_client, member_a):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    issued_invoice(member_a, issue_date=date(2025, 1, 2))
    issued_invoice(member_a, issue_date=date.today())  # not yet due
    staff_client.post("/gestion/facturation/relances/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["compta@entreprise-a.example"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_accounting_export_balances_and_neutralises_formulas(member_a):
    member_a.name = "=HYPERLINK(\"x\")"
    member_a.save()
    issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 15))
    csv_text = accounting_export_csv(start=date(2026, 1, 1), end=date(2026, 1, 31))
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert rows[0][:3] == ["Date", "Journal", "N° pièce"]
    assert [r[5] for r in rows[1:]] == ["411900001", "706000", "445710"]
    assert [r[7] for r in rows[1:]] == ["120,00", "", ""] and [r[8] for r in rows[1:]] == ["", "100,00", "20,00"]
    assert all(r[4].startswith("'=") for r in rows[1:])


def test_batch_created_and_downloaded(staff_client, member_a):
    sepa_invoice_due(member_a)
    collection = date.today() + timedelta(days=15)
    staff_client.post("/gestion/facturation/prelevements/", {"collection_date": collection.isoformat()})
    batch = DirectDebitBatch.objects.get()
    response = staff_client.get(f"/gestion/facturation/prelevements/{batch.pk}/pain008.xml")
    assert response.status_code == 200 and b"<SeqTp>FRST</SeqTp>" in response.content
    assert b"<InstdAmt Ccy=\"EUR\">120.00</InstdAmt>" in response.content
