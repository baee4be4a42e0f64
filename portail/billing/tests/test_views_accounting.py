"""Issue 23: the staff accounting screens: credit notes (partial, confirmed, gone once fully credited), batch
settlement confirmed and rejects, dunning report and letters, FEC, bank statement import."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.billing.models import Invoice, InvoiceKind, Payment
from portail.billing.selectors import invoice_open_amount
from portail.billing.sepa_batch import direct_debit_batch_submit
from portail.billing.tests.factories import issued_invoice, page_text, sepa_batch
from portail.billing.tests.test_fec_and_bank_import import CAMT

pytestmark = pytest.mark.django_db
BASE = "/gestion/facturation"


def test_partial_credit_note_by_line_needs_confirmation_and_the_total_action_goes(staff_client, member_a):
    invoice = issued_invoice(member_a, amount_ht="115.50", quantity=6)
    line = invoice.lines.get()
    account = page_text(staff_client.get(f"{BASE}/adherents/900001/"))
    assert "Émettre un avoir (total ou partiel)" in account
    url = f"{BASE}/factures/{invoice.pk}/avoir/"
    assert "Avoir total (annule toute la facture)" in page_text(staff_client.get(url))
    data = {"mode": "lignes", f"line_{line.pk}": "2", "reason": "2 salariés sortis"}
    refused = staff_client.post(url, data)
    assert refused.status_code == 400 and "Cochez la case" in page_text(refused)
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()
    assert staff_client.post(url, {**data, "confirm": "on"}).status_code == 302
    page = page_text(staff_client.get(url))
    assert "Avoir total (annule toute la facture)" not in page and "554,40" in page  # 831,60 − 277,20
    assert "Émettre un avoir partiel" in page_text(staff_client.get(f"{BASE}/adherents/900001/"))
    staff_client.post(url, {"mode": "montant", "amount_ht": "462,00", "confirm": "on"})
    assert invoice_open_amount(invoice=invoice) == 0
    account = page_text(staff_client.get(f"{BASE}/adherents/900001/"))
    assert "Émettre un avoir" not in account and "Annulée par avoir" in account
    assert "entièrement annulée par avoir" in page_text(staff_client.get(url))
    staff_client.post(url, {"mode": "montant", "amount_ht": "1,00", "confirm": "on"})
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 2


def test_credit_note_page_of_a_missing_invoice_is_404(staff_client):
    assert staff_client.get(f"{BASE}/factures/999999/avoir/").status_code == 404


def test_batch_page_records_a_reject_and_tells_the_member(staff_client, member_a,
                                                          django_capture_on_commit_callbacks):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    invoice, batch = sepa_batch(member_a)
    direct_debit_batch_submit(batch=batch)
    page = page_text(staff_client.get(f"{BASE}/prelevements/{batch.pk}/"))
    assert "Régler le lot" in page and invoice.number in page and "Enregistrer un rejet" in page
    item = batch.items.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{BASE}/prelevements/collectes/{item.pk}/rejet/",
                          {"reason": "MS02", "fee": "7,50", "on": date.today().isoformat(), "confirm": "on"})
    item.refresh_from_db()
    assert item.status == "rejected" and item.reject_fee == Decimal("7.50")
    assert "refus du débiteur" in mail.outbox[-1].body
    assert "MS02" in page_text(staff_client.get(f"{BASE}/prelevements/{batch.pk}/"))


def test_dunning_button_reports_who_could_not_be_reached(staff_client, member_a, member_b):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    member_b.email = ""
    member_b.address_line1 = member_b.postal_code = member_b.city = ""
    member_b.save()
    issued_invoice(member_a, issue_date=date(2025, 1, 2))
    issued_invoice(member_b, issue_date=date(2025, 1, 2))
    page = page_text(staff_client.post(f"{BASE}/relances/", follow=True))
    assert "1 relance envoyée par e-mail" in page and "900002 – ENTREPRISE B" in page
    assert "sans destinataire" in page


def test_letters_of_the_day_download_as_one_pdf(staff_client, member_a):
    member_a.email = ""
    member_a.save()
    issued_invoice(member_a, issue_date=date(2025, 1, 2))
    staff_client.post(f"{BASE}/relances/")
    response = staff_client.get(f"{BASE}/relances/courriers.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_fec_download(staff_client, member_a):
    issued_invoice(member_a, issue_date=date(2026, 1, 15))
    response = staff_client.get(f"{BASE}/export/fec/?start=2026-01-01&end=2026-12-31")
    assert response.status_code == 200 and "FEC20261231.txt" in response["Content-Disposition"]
    assert response.content.decode().startswith("JournalCode\tJournalLib\tEcritureNum")


def test_bank_import_suggests_then_records_only_what_staff_confirm(staff_client, member_a, settings, tmp_path):
    # Every upload goes through a temporary file here: none may stay on disk.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    first = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    second = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 6))
    upload = SimpleUploadedFile("releve.xml", CAMT.format(number=first.number).encode(), content_type="text/xml")
    page = page_text(staff_client.post(f"{BASE}/releves/", {"statement": upload}, follow=True))
    assert "Référence de virement" in page and "Montant identique (à vérifier)" in page
    assert not Payment.objects.exists() and list(tmp_path.iterdir()) == []
    response = staff_client.post(f"{BASE}/releves/confirmer/", {"ligne-0": "on", "facture-0": first.number,
                                                                 "facture-1": second.number})
    assert response.status_code == 302
    assert invoice_open_amount(invoice=first) == 0 and invoice_open_amount(invoice=second) == Decimal("60.00")
    assert Payment.objects.count() == 1


def test_bank_import_refuses_a_bad_file_in_french(staff_client):
    upload = SimpleUploadedFile("releve.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = staff_client.post(f"{BASE}/releves/", {"statement": upload})
    assert response.status_code == 400 and "CAMT.053 (.xml) ou CSV" in page_text(response)


def test_member_login_cannot_reach_the_accounting_screens(client, member_admin, member_a):
    invoice = issued_invoice(member_a)
    client.force_login(member_admin)
    for url in (f"{BASE}/factures/{invoice.pk}/avoir/", f"{BASE}/releves/", f"{BASE}/export/fec/"):
        assert client.get(url).status_code in (302, 403, 404)
