"""Issue 16 §1: an issued invoice never changes. What it shows is frozen at issue, its PDF/A-3 (Factur-X) is
archived once its number is committed and every download serves those bytes; the Facturation address is used;
the service's IBAN/BIC and the payment reference are on invoices and on the échéancier."""

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled
from facturx import get_facturx_xml_from_pdf, xml_check_xsd
from lxml import etree
from pypdf import PdfReader

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.billing import archive as billing_archive
from portail.billing.archive import invoice_document
from portail.billing.models import BillingSettings, Invoice, InvoiceArchive
from portail.billing.pdf import invoice_pdf
from portail.billing.selectors import billing_settings_get
from portail.billing.services import (
    InvoiceLocked,
    credit_note_issue,
    invoice_draft_update,
    invoice_issue,
)
from portail.billing.tests.factories import issued_invoice
from portail.members.models import AddressKind, MemberAddress
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
IBAN, BIC = "FR7630006000011234567890189", "AGRIFRPPXXX"
IBAN_PRINTED = "FR76 3000 6000 0112 3456 7890 189"
PARIS = ZoneInfo("Europe/Paris")
NS = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"}


@pytest.fixture
def service(db):
    return _service()


@pytest.fixture
def bank(db):
    terms = billing_settings_get()
    terms.creditor_iban, terms.creditor_bic = IBAN, BIC
    terms.save()
    return terms


@pytest.fixture
def billing_address(member_a):
    return MemberAddress.objects.create(
        member=member_a, kind=AddressKind.BILLING, company="GROUPE A", department="Comptabilité fournisseurs",
        address_line1="5 allée des Comptes", address_line2="BP 42", postal_code="66330", city="CABESTANY",
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _xml(pdf: bytes):
    _, xml = get_facturx_xml_from_pdf(pdf)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    return etree.fromstring(xml)


def _one(root, path: str) -> str:
    return root.xpath(f"string({path})", namespaces=NS)


def _download(client, invoice) -> bytes:
    response = client.get(f"/factures/{invoice.pk}/pdf/?telecharger=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _count_drawings(monkeypatch) -> list:
    """The real drawing, counted: the invoices drawn, in order."""
    drawn, real = [], billing_archive.invoice_pdf

    def counted(*, invoice):
        drawn.append(invoice.pk)
        return real(invoice=invoice)

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", counted)
    return drawn


def _change_everything(member, service) -> None:
    """The member is renamed and moves (own and Facturation addresses); the service moves and is renamed; the
    billing settings change their terms and bank account."""
    member.name, member.address_line1, member.postal_code, member.city = (
        "NOUVEAU NOM SAS", "99 boulevard Neuf", "75001", "PARIS")
    member.save()
    MemberAddress.objects.filter(member=member).update(
        company="AUTRE GROUPE", department="", address_line1="1 place Changée", postal_code="69001", city="LYON")
    service.name, service.address_line1 = "SPST RENOMMÉ", "1 avenue Ailleurs"
    service.save()
    terms = billing_settings_get()
    terms.payment_terms_days, terms.creditor_iban, terms.creditor_bic = 45, "FR1420041010050500013M02606", ""
    terms.save()


# Point 1: issue, change the member's name and every address, download again — byte-identical.

def test_the_task_archives_after_the_commit_and_downloads_serve_those_bytes_for_ever(
        client_a, member_a, service, bank, billing_address, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invoice = issued_invoice(member_a, amount_ht="1500.00", issue_date=date(2026, 1, 15))
        assert not InvoiceArchive.objects.filter(invoice=invoice).exists()  # never drawn in the issuing transaction
    assert len(callbacks) == 2  # the archive, and the "new invoice" e-mail to the company's user
    archived = bytes(InvoiceArchive.objects.get(invoice=invoice).pdf)
    _change_everything(member_a, service)
    first = _download(client_a, invoice)
    again = _download(client_a, invoice)
    assert first == again == archived
    text = _text(again)
    assert "ENTREPRISE A" in text and "NOUVEAU NOM" not in text and "PARIS" not in text and "LYON" not in text
    assert "SPST Démo" in text and "RENOMMÉ" not in text and "Paiement à 30 jours" in text
    root = _xml(again)
    assert _one(root, "//ram:BuyerTradeParty/ram:Name") == "ENTREPRISE A"
    assert _one(root, "//ram:SellerTradeParty/ram:Name") == "SPST Démo"


def test_issuing_draws_nothing_until_the_number_is_committed(member_a, service, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    drawn = _count_drawings(monkeypatch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoice = issued_invoice(member_a)
    assert drawn == [] and invoice.number and invoice.snapshot and len(callbacks) == 1
    callbacks[0]()
    assert drawn == [invoice.pk] and InvoiceArchive.objects.filter(invoice=invoice).exists()


def test_downloads_never_redraw_an_archived_invoice(client_a, member_a, service, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(member_a)
    archive = InvoiceArchive.objects.get(invoice=invoice)
    assert len(archive.sha256) == 64 and bytes(archive.pdf).startswith(b"%PDF")

    def redraw(**kwargs):
        raise AssertionError("an archived invoice is never drawn again")

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", redraw)
    assert _download(client_a, invoice) == bytes(archive.pdf)


def test_a_download_before_the_task_draws_from_the_snapshot_once_and_stores_it(
        client_a, member_a, service, billing_address, monkeypatch):
    invoice = issued_invoice(member_a)  # its archiving task has not run yet (the commit callbacks do not run here)
    _change_everything(member_a, service)
    drawn = _count_drawings(monkeypatch)
    first = _download(client_a, invoice)
    again = _download(client_a, invoice)
    assert drawn == [invoice.pk] and first == again == bytes(InvoiceArchive.objects.get(invoice=invoice).pdf)
    assert "ENTREPRISE A" in _text(first) and "GROUPE A" in _text(first) and "NOUVEAU NOM" not in _text(first)


def test_a_download_that_loses_the_race_serves_the_archive_stored_first(client_a, member_a, service, monkeypatch):
    """Two first downloads at once: while this one draws, the other stores its archive. The insert of this one
    fails on the primary key, and it serves the stored bytes, not its own drawing."""
    invoice = issued_invoice(member_a)
    real = billing_archive.invoice_pdf

    def draw_while_the_other_download_stores(**kwargs):
        with scopes_disabled():
            InvoiceArchive.objects.create(invoice=invoice, pdf=b"%PDF-stored-first", sha256="0" * 64)
        return real(**kwargs)

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", draw_while_the_other_download_stores)
    assert _download(client_a, invoice) == b"%PDF-stored-first"
    monkeypatch.undo()
    assert _download(client_a, invoice) == b"%PDF-stored-first" and InvoiceArchive.objects.count() == 1


def test_a_failed_drawing_after_the_commit_keeps_the_invoice_and_a_download_archives_it(
        client_a, member_a, service, monkeypatch, django_capture_on_commit_callbacks):
    """The number is committed before anything is drawn: a drawing that fails then loses nothing."""
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(member_a)
    invoice.refresh_from_db()
    assert invoice.is_issued and invoice.sequence_value == 1 and not InvoiceArchive.objects.exists()
    monkeypatch.undo()
    pdf = _download(client_a, invoice)
    assert pdf == bytes(InvoiceArchive.objects.get(invoice=invoice).pdf) and invoice.number in _text(pdf)


# A redraw from the snapshot gives the same bytes, whenever it happens: the document is dated from its issue.

def test_a_redraw_from_the_snapshot_is_byte_identical_whenever_it_happens(member_a, service, bank, billing_address):
    invoice = issued_invoice(member_a, issue_date=date(2026, 1, 15))
    with time_machine.travel(datetime(2026, 1, 15, 9, 30, tzinfo=PARIS), tick=False):
        first = invoice_pdf(invoice=invoice)
    _change_everything(member_a, service)
    with time_machine.travel(datetime(2031, 7, 2, 23, 59, 58, tzinfo=PARIS), tick=False):
        later = invoice_pdf(invoice=invoice)
    assert later == first and first.startswith(b"%PDF-1.7\n")
    reader = PdfReader(io.BytesIO(first))
    issued_at = datetime(2026, 1, 15, tzinfo=PARIS)
    assert reader.metadata.creation_date == reader.metadata.modification_date == issued_at
    xmp = reader.xmp_metadata
    assert xmp.xmp_create_date == xmp.xmp_modify_date == issued_at.astimezone(UTC).replace(tzinfo=None)
    _name, xml = get_facturx_xml_from_pdf(first)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")


def test_reminder_attaches_the_archived_bytes(member_a, service):
    member_a.email = "compta@entreprise-a.example"
    member_a.save()
    invoice = issued_invoice(member_a, issue_date=date(2025, 1, 2))
    from portail.billing.dunning import dunning_run

    member_a.name = "NOUVEAU NOM SAS"
    member_a.save()
    assert len(dunning_run(today=date(2025, 6, 1)).emailed) == 1
    _, attached, _ = mail.outbox[0].attachments[0]
    assert attached == bytes(InvoiceArchive.objects.get(invoice=invoice).pdf)


def test_staff_download_serves_the_archive(client, member_a, service):
    invoice = issued_invoice(member_a)
    user, device = staff_with_device(StaffRole.ACCOUNTING)
    login_verified(client, user, device)
    response = client.get(f"/gestion/facturation/factures/{invoice.pk}/pdf/")
    assert response.status_code == 200 and response.content == bytes(invoice.archive.pdf)


# Point 1: the Facturation address when the member has one.

def test_invoice_is_addressed_to_the_facturation_address(client_a, member_a, service, billing_address):
    pdf = _download(client_a, issued_invoice(member_a))
    text = _text(pdf)
    assert "GROUPE A – Comptabilité fournisseurs" in text and "5 allée des Comptes" in text
    assert "66330 CABESTANY" in text and "1 rue de la Paix" not in text  # the establishment's own street
    root = _xml(pdf)
    buyer = "//ram:BuyerTradeParty/ram:PostalTradeAddress"
    assert _one(root, f"{buyer}/ram:LineOne") == "5 allée des Comptes"
    assert _one(root, f"{buyer}/ram:LineTwo") == "BP 42"
    assert _one(root, f"{buyer}/ram:PostcodeCode") == "66330" and _one(root, f"{buyer}/ram:CityName") == "CABESTANY"
    assert _one(root, "//ram:BuyerTradeParty/ram:Name") == "ENTREPRISE A"


def test_without_facturation_address_the_establishment_address_is_used(client_a, member_a, service):
    MemberAddress.objects.create(member=member_a, kind=AddressKind.CONVOCATION, address_line1="Ailleurs",
                                 postal_code="13005", city="MARSEILLE")
    text = _text(_download(client_a, issued_invoice(member_a)))
    assert "1 rue de la Paix" in text and "Ailleurs" not in text


def test_a_foreign_facturation_address_has_its_country(member_a, service):
    MemberAddress.objects.create(member=member_a, kind=AddressKind.BILLING, address_line1="Rue Royale 1",
                                 postal_code="1000", city="BRUXELLES", country="Belgique")
    pdf = invoice_document(invoice=issued_invoice(member_a))
    assert "Belgique" in _text(pdf)
    assert _one(_xml(pdf), "//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID") == "BE"


# Point 2: IBAN/BIC and the payment reference on invoices (PDF and Factur-X) and on the échéancier.

def test_invoice_shows_the_service_bank_details_and_payment_reference(client_a, member_a, service, bank):
    invoice = issued_invoice(member_a)
    pdf = _download(client_a, invoice)
    text = _text(pdf)
    reference = f"900001-{invoice.number}"
    assert IBAN_PRINTED in text and BIC in text and reference in text and "Par virement à l'ordre de SPST Démo" in text
    root = _xml(pdf)
    assert _one(root, "//ram:ApplicableHeaderTradeSettlement/ram:PaymentReference") == reference
    means = "//ram:SpecifiedTradeSettlementPaymentMeans"
    assert _one(root, f"{means}/ram:TypeCode") == "58"
    assert _one(root, f"{means}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == IBAN
    assert _one(root, f"{means}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID") == BIC
    detail = client_a.get(f"/factures/{invoice.pk}/").content.decode()
    assert reference in detail


def test_without_bank_account_the_invoice_still_gives_its_reference(client_a, member_a, service):
    invoice = issued_invoice(member_a)
    pdf = _download(client_a, invoice)
    assert f"900001-{invoice.number}" in _text(pdf) and "IBAN" not in _text(pdf)
    assert not _xml(pdf).xpath("//ram:SpecifiedTradeSettlementPaymentMeans", namespaces=NS)


def test_statement_page_and_pdf_show_bank_details_and_references(client_a, member_a, service, bank):
    invoice = issued_invoice(member_a, issue_date=date(2026, 1, 15))
    page = client_a.get("/factures/").content.decode()
    assert "Régler par virement" in page and IBAN_PRINTED in page and BIC in page
    assert "Référence de virement" in page and f"900001-{invoice.number}" in page
    text = _text(client_a.get("/factures/echeancier/pdf/").content)
    assert IBAN_PRINTED in text and BIC in text and f"900001-{invoice.number}" in text


def test_statement_pdf_is_addressed_to_the_current_facturation_address(client_a, member_a, service, billing_address):
    issued_invoice(member_a)
    billing_address.city = "PERPIGNAN"
    billing_address.save()
    text = _text(client_a.get("/factures/echeancier/pdf/").content)
    assert "GROUPE A – Comptabilité fournisseurs" in text and "66330 PERPIGNAN" in text
    assert "1 rue de la Paix" not in text


def test_statement_reference_is_the_one_frozen_on_the_invoice(client_a, member_a, service, bank):
    """The échéancier shows the current situation, but an invoice's reference is the one printed on it."""
    invoice = issued_invoice(member_a)
    member_a.number = "900099"
    member_a.save()
    assert f"900001-{invoice.number}" in client_a.get("/factures/").content.decode()


def test_service_iban_and_bic_are_validated_in_french(db):
    terms = BillingSettings(pk=1, creditor_iban="FR7630006000011234567890188", creditor_bic="AGRIFRPP")
    with pytest.raises(ValidationError) as error:
        terms.full_clean()
    assert "clé" in str(error.value.message_dict["creditor_iban"])
    terms.creditor_iban, terms.creditor_bic = IBAN, "AGRI"
    with pytest.raises(ValidationError) as error:
        terms.full_clean()
    assert list(error.value.message_dict) == ["creditor_bic"]
    terms.creditor_bic = BIC
    terms.full_clean()


# Point 1: credit notes likewise.

def test_credit_note_is_frozen_and_archived_too(client_a, member_a, service, billing_address):
    invoice = issued_invoice(member_a, amount_ht="882.00")
    avoir = credit_note_issue(invoice=invoice)
    first = _download(client_a, avoir)
    _change_everything(member_a, service)
    again = _download(client_a, avoir)
    assert again == first and bytes(avoir.archive.pdf) == first
    text = _text(again)
    assert "ENTREPRISE A" in text and "GROUPE A" in text and "NOUVEAU NOM" not in text
    assert f"Avoir corrigeant la facture n° {invoice.number}" in text and "Avoir à imputer" in text
    root = _xml(again)
    assert _one(root, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert _one(root, "//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CityName") == "CABESTANY"


# Point 1: invoices that were not drawn by this application keep what they were when they entered it.

def test_legacy_invoice_keeps_the_data_of_its_import_and_its_first_archive(client_a, member_a, service):
    load_seed_history(member_a)
    invoice = Invoice.objects.get(number="101983")
    assert not InvoiceArchive.objects.filter(invoice=invoice).exists()  # archived at its first download
    member_a.name = "NOUVEAU NOM SAS"
    member_a.save()
    first = _download(client_a, invoice)
    assert "ENTREPRISE A" in _text(first) and "NOUVEAU NOM" not in _text(first)
    _change_everything(member_a, service)
    assert _download(client_a, invoice) == first == bytes(InvoiceArchive.objects.get(invoice=invoice).pdf)


# The snapshot is set once, at issue: no service changes it afterwards.

def test_the_snapshot_of_an_issued_invoice_cannot_be_changed_through_the_services(member_a, service):
    invoice = issued_invoice(member_a)
    frozen = invoice.snapshot
    with pytest.raises(InvoiceLocked):
        invoice_draft_update(invoice=invoice, period_label="Autre", lines=[])
    with pytest.raises(InvoiceLocked):
        invoice_issue(invoice=invoice)  # a second issue would take a new snapshot
    invoice.refresh_from_db()
    assert invoice.snapshot == frozen and invoice.frozen.buyer.name == "ENTREPRISE A"
    assert "snapshot" not in {f.name for f in Invoice._meta.get_fields() if getattr(f, "editable", False)}


def test_admin_shows_the_snapshot_read_only(client, member_a, service):
    invoice = issued_invoice(member_a)
    admin, device = staff_with_device(StaffRole.ADMIN, user__is_superuser=True)
    login_verified(client, admin, device)
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "données figées à l&#x27;émission" in page.lower() and 'name="snapshot"' not in page


def test_administrator_sets_the_service_bank_account_in_the_billing_settings(client, db):
    from django.urls import reverse

    admin, device = staff_with_device(StaffRole.ADMIN)
    login_verified(client, admin, device)
    url = reverse("backoffice:rules_settings")
    base = {"section": "facturation", "facturation-payment_terms_days": "30",
            "facturation-late_penalty_text": "trois fois le taux d'intérêt légal",
            "facturation-recovery_indemnity": "40,00", "facturation-sepa_prenotification_days": "14",
            "facturation-late_penalty_rate": "12,15", "facturation-credit_application": "automatic"}
    typed = "FR76 3000 6000 0112 3456 7890 188"
    response = client.post(url, {**base, "facturation-creditor_iban": typed, "facturation-creditor_bic": "agrifrpp"})
    html = response.content.decode()
    assert response.status_code == 400 and "La clé de contrôle de l&#x27;IBAN est fausse" in html
    assert f'value="{typed}"' in html and not billing_settings_get().creditor_iban
    response = client.post(url, {**base, "facturation-creditor_iban": IBAN_PRINTED.lower(),
                                  "facturation-creditor_bic": "agrifrppxxx"})
    assert response.status_code == 302
    terms = billing_settings_get()
    assert (terms.creditor_iban, terms.creditor_bic) == (IBAN, BIC)


def test_a_snapshot_of_another_shape_is_refused_not_printed_blank(member_a, service):
    from portail.billing.snapshot import InvoiceSnapshot, SnapshotError

    good = issued_invoice(member_a).snapshot
    assert InvoiceSnapshot.from_json(good).to_json() == good
    broken = [{**good, "buyer": {**good["buyer"], "name": None}}, {**good, "extra": 1},
              {k: v for k, v in good.items() if k != "payment"}, {**good, "version": 2}]
    for value in broken:
        with pytest.raises(SnapshotError):
            InvoiceSnapshot.from_json(value)
