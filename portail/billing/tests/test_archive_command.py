"""The nightly safety net: `manage.py archive_invoices` archives every issued invoice still without its PDF (its
task failed or was lost, history imported from the previous system), drawn from what the invoice froze."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from portail.billing import archive as billing_archive
from portail.billing.archive import invoice_document
from portail.billing.models import Invoice, InvoiceArchive, InvoiceStatus
from portail.billing.services import invoice_create_draft
from portail.billing.tests.factories import issued_invoice
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("archive_invoices", *args, stdout=out)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_nightly_command_archives_every_issued_invoice_left_without_archive(member_a):
    _service()
    lost = issued_invoice(member_a, issue_date=date(2026, 1, 15))  # its task never ran (no commit callbacks here)
    load_seed_history(member_a)  # imported history: archived at first download or by this command
    done = issued_invoice(member_a, issue_date=date(2026, 2, 1))
    already = invoice_document(invoice=done)
    draft = invoice_create_draft(member=member_a, kind="cotisation", lines=[{"description": "x", "unit_price_ht": 1}])
    issued = Invoice.objects.filter(status=InvoiceStatus.ISSUED)
    missing = issued.count() - 1
    member_a.name = "NOUVEAU NOM SAS"
    member_a.save()

    assert _run() == f"{missing} factures archivées.\n"
    assert set(InvoiceArchive.objects.values_list("invoice_id", flat=True)) == set(issued.values_list("pk", flat=True))
    assert not InvoiceArchive.objects.filter(invoice=draft).exists()
    assert bytes(InvoiceArchive.objects.get(invoice=done).pdf) == already  # an archive is never redrawn
    text = _text(bytes(InvoiceArchive.objects.get(invoice=lost).pdf))
    assert lost.number in text and "ENTREPRISE A" in text and "NOUVEAU NOM" not in text
    assert _run() == "0 facture archivée.\n"


def test_nightly_command_can_be_limited(member_a):
    _service()
    for day in (3, 1, 2):
        issued_invoice(member_a, issue_date=date(2026, 1, day))
    assert _run("--limit", "2") == "2 factures archivées.\n"
    archived = InvoiceArchive.objects.values_list("invoice__issue_date", flat=True)
    assert sorted(archived) == [date(2026, 1, 1), date(2026, 1, 2)]  # the oldest first


def test_nightly_command_archives_the_others_and_names_the_invoice_it_could_not_draw(member_a, monkeypatch):
    _service()
    broken = issued_invoice(member_a, issue_date=date(2026, 1, 1))
    fine = issued_invoice(member_a, issue_date=date(2026, 1, 2))
    real = billing_archive.invoice_pdf

    def draw(*, invoice):
        if invoice.pk == broken.pk:
            raise RuntimeError("police manquante")
        return real(invoice=invoice)

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", draw)
    with pytest.raises(CommandError, match=f"1 facture non archivée, à reprendre la nuit prochaine : {broken.number}"):
        _run()
    assert list(InvoiceArchive.objects.values_list("invoice_id", flat=True)) == [fine.pk]
