import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from portail.billing.jobs import batch_targets, billing_job_create_issue_batch
from portail.billing.models import (
    BillingJob,
    CreditApplication,
    DirectDebitBatch,
    Invoice,
    InvoiceKind,
    JobStatus,
    Payment,
    PaymentMethod,
    Reminder,
)
from portail.billing.selectors import billing_settings_get, invoice_open_amount
from portail.billing.sepa_batch import direct_debit_batch_mark
from portail.billing.services import credit_note_issue, payment_record
from portail.billing.tests.factories import issued_invoice, page_text, sepa_batch
from portail.members.models import MemberStatus

pytestmark = pytest.mark.django_db
BASE = "/gestion/facturation"


def _batch_post(**extra):
    data = {"kind": "adhesion", "period_label": "Année 2026", "description": "Droit d'entrée", "quantity": "1",
            "unit_price_ht": "13.00", "vat_rate": "20", "joined_since": "", "numbers": ""}
    data.update(extra)
    return data


# 1. Batch issue ------------------------------------------------------------------------------------------------

def test_batch_issue_for_members_joined_since_a_date(staff_client, member_a, member_b, member_c,
                                                     django_capture_on_commit_callbacks):
    member_a.joined_on, member_b.joined_on, member_c.joined_on = date(2026, 3, 1), date(2026, 2, 1), date(2020, 1, 1)
    member_b.status = MemberStatus.ACTIVE
    for m in (member_a, member_b, member_c):
        m.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{BASE}/lots-de-factures/", _batch_post(joined_since="2026-01-01"))
    job = BillingJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/traitements/{job.pk}/"
    assert job.status == JobStatus.DONE and (job.total, job.done) == (2, 2)
    invoices = Invoice.objects.filter(kind=InvoiceKind.MEMBERSHIP).order_by("sequence_value")
    assert {i.member_id for i in invoices} == {member_a.pk, member_b.pk}  # member C joined before the date
    assert all(i.total_ttc == Decimal("15.60") and i.period_label == "Année 2026" for i in invoices)
    assert (job.first_number, job.last_number) == (invoices[0].number, invoices[1].number)
    assert invoices[1].sequence_value == invoices[0].sequence_value + 1
    assert "Lot n° " in page_text(staff_client.get(f"{BASE}/lots-de-factures/"))
    page = staff_client.get(response["Location"]).content.decode()
    assert "2 factures émises sur 2" in page and job.first_number in page and "hx-trigger" not in page


def test_batch_issue_by_numbers_rejects_unknown_member(staff_client, member_a):
    response = staff_client.post(f"{BASE}/lots-de-factures/", _batch_post(numbers="900001, 123456"))
    assert response.status_code == 200
    assert "Numéro d'adhérent inconnu : 123456." in page_text(response)
    assert not BillingJob.objects.exists() and not Invoice.objects.exists()
    response = staff_client.post(f"{BASE}/lots-de-factures/", _batch_post())
    assert "Choisissez les adhérents" in page_text(response)


def test_running_job_fragment_keeps_polling(staff_client, member_a):
    job = billing_job_create_issue_batch(kind="adhesion", period_label="Année 2026", members=[member_a],
                                         line={"description": "x", "quantity": 1, "unit_price_ht": 1, "vat_rate": 20})
    response = staff_client.get(f"{BASE}/traitements/{job.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'hx-trigger="every 2s"' in body and "0 facture émise sur 1" in body


def test_failed_chunk_stops_the_job_and_reports_what_was_issued(member_a, member_b, member_c, monkeypatch):
    from portail.billing import jobs

    monkeypatch.setattr(jobs, "CHUNK", 1)
    real = jobs.invoices_issue_batch

    def failing_on_c(*, members, **kwargs):
        if members[0] == member_c:
            raise ValidationError("Panne simulée.")
        return real(members=members, **kwargs)

    monkeypatch.setattr(jobs, "invoices_issue_batch", failing_on_c)
    job = billing_job_create_issue_batch(kind="adhesion", period_label="Année 2026",
                                         members=[member_a, member_b, member_c],
                                         line={"description": "x", "quantity": 1, "unit_price_ht": 10, "vat_rate": 20})
    jobs.invoices_issue_batch_task.enqueue(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == (JobStatus.FAILED, 2, 3, "Panne simulée.")
    assert Invoice.objects.count() == 2 and job.last_number == Invoice.objects.order_by("-sequence_value")[0].number


def test_batch_targets_ignore_radiated_members(member_a):
    member_a.joined_on, member_a.status = date(2026, 3, 1), MemberStatus.RADIATED
    member_a.save()
    assert batch_targets(joined_since=date(2026, 1, 1)) == []


# 2. Payments ---------------------------------------------------------------------------------------------------

def _pay(staff_client, invoices_amounts, amount, **extra):
    data = {"reg-method": "virement", "reg-date": "2026-02-01", "reg-amount": amount, "reg-reference": "VIR 42"}
    data.update({f"reg-alloc_{inv.pk}": part for inv, part in invoices_amounts})
    data.update(extra)
    return staff_client.post(f"{BASE}/adherents/900001/", data)


def test_payment_with_explicit_partial_allocations_listed_for_the_period(staff_client, member_a):
    first = issued_invoice(member_a, issue_date=date(2026, 1, 5))  # 120,00 TTC
    second = issued_invoice(member_a, issue_date=date(2026, 1, 10))
    response = _pay(staff_client, [(first, "50.00"), (second, "60.00")], "150.00")
    assert response.status_code == 302
    assert invoice_open_amount(invoice=first) == Decimal("70.00")
    assert invoice_open_amount(invoice=second) == Decimal("60.00")
    page = staff_client.get(f"{BASE}/reglements/?start=2026-01-01&end=2026-12-31").content.decode()
    assert "VIR 42" in page and "150,00" in page and "110,00" in page and "40,00" in page
    assert "Aucun règlement" in staff_client.get(f"{BASE}/reglements/?start=2025-01-01&end=2025-12-31").content.decode()


def test_payment_cannot_allocate_more_than_payment_or_open_amount(staff_client, member_a):
    first = issued_invoice(member_a, issue_date=date(2026, 1, 5))
    second = issued_invoice(member_a, issue_date=date(2026, 1, 10))
    body = page_text(_pay(staff_client, [(first, "100.00"), (second, "100.00")], "150.00"))
    assert "Vous ne pouvez pas affecter plus que le montant du règlement" in body
    body = page_text(_pay(staff_client, [(first, "130.00")], "150.00"))
    assert f"Vous ne pouvez pas affecter plus que le reste dû de la facture {first.number}" in body
    assert not Payment.objects.exists()


def test_credit_note_netted_against_an_invoice_from_the_account_page(staff_client, member_a):
    """Credits applied "on agreement": the credit note of a paid invoice stays open until staff apply it."""
    terms = billing_settings_get()
    terms.credit_application = CreditApplication.AGREEMENT
    terms.save()
    first = issued_invoice(member_a, issue_date=date(2026, 1, 5))
    payment_record(member=member_a, method=PaymentMethod.CHEQUE, payment_date=date(2026, 1, 20),
                   amount=Decimal("120.00"), allocations=[(first, Decimal("120.00"))])
    other = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 6))  # 60,00 TTC
    avoir = credit_note_issue(invoice=first)
    page = staff_client.get(f"{BASE}/adherents/900001/").content.decode()
    assert "Compenser un avoir" in page and avoir.number in page
    staff_client.post(f"{BASE}/avoirs/{avoir.pk}/compenser/", {"invoice": str(other.pk)})
    assert invoice_open_amount(invoice=other) == 0
    assert invoice_open_amount(invoice=avoir) == Decimal("-60.00")
    assert Payment.objects.filter(method=PaymentMethod.COMPENSATION).count() == 1


def test_batch_marked_at_bank_records_one_sepa_payment_per_item_once(staff_client, member_a):
    invoice, batch = sepa_batch(member_a)
    staff_client.post(f"{BASE}/prelevements/{batch.pk}/etat/", {"status": "submitted"})
    assert not Payment.objects.exists()  # nothing is paid before the collection date
    response = staff_client.post(f"{BASE}/prelevements/{batch.pk}/etat/", {"status": "settled"}, follow=True)
    assert "Cochez la case pour confirmer" in page_text(response)  # an irreversible action is confirmed
    response = staff_client.post(f"{BASE}/prelevements/{batch.pk}/etat/", {"status": "settled", "confirm": "on"},
                                 follow=True)
    assert "qu'à partir de sa date de prélèvement" in page_text(response) and not Payment.objects.exists()
    with time_machine.travel(batch.collection_date, tick=False):
        assert direct_debit_batch_mark(batch=batch, status="settled") == 1
        with pytest.raises(ValidationError):
            direct_debit_batch_mark(batch=batch, status="settled")
    payment = Payment.objects.get()
    assert payment.method == PaymentMethod.DIRECT_DEBIT and payment.amount == Decimal("120.00")
    assert payment.date == batch.collection_date
    assert invoice_open_amount(invoice=invoice) == 0
    assert DirectDebitBatch.objects.get().status == "settled"


# 3. Reminders --------------------------------------------------------------------------------------------------

def test_reminder_history_and_next_level_only_after_the_interval(staff_client, member_a):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    invoice = issued_invoice(member_a, issue_date=date(2025, 1, 2))
    staff_client.post(f"{BASE}/relances/")
    staff_client.post(f"{BASE}/relances/")
    assert len(mail.outbox) == 1 and Reminder.objects.get().level == 1
    today = timezone.localdate()
    assert today.strftime("%d/%m/%Y") in staff_client.get(f"{BASE}/").content.decode()  # last reminder column
    Reminder.objects.update(sent_at=timezone.now() - timedelta(days=1))
    staff_client.post(f"{BASE}/relances/")
    assert len(mail.outbox) == 1  # the next level (relance) comes 15 days after the rappel
    Reminder.objects.update(sent_at=timezone.now() - timedelta(days=15))
    staff_client.post(f"{BASE}/relances/")
    assert len(mail.outbox) == 2
    assert list(Reminder.objects.filter(invoice=invoice).values_list("level", flat=True)) == [2, 1]
    page = staff_client.get(f"{BASE}/adherents/900001/").content.decode()
    assert page.count(invoice.number) >= 2 and "compta@entreprise-a.example" in page


# 4. Statement PDF ----------------------------------------------------------------------------------------------

def test_staff_download_account_statement_pdf(staff_client, member_a):
    from django.test import Client

    invoice = issued_invoice(member_a, issue_date=date(2025, 1, 2))
    response = staff_client.get(f"{BASE}/adherents/900001/releve.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Relevé de compte" in text and invoice.number in text and "120,00" in text and "Solde débiteur" in text
    assert Client().get(f"{BASE}/adherents/900001/releve.pdf").status_code == 302  # anonymous: to the login
    assert staff_client.get(f"{BASE}/adherents/999999/releve.pdf").status_code == 404
