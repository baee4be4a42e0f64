import io
from datetime import date

import pytest
from django.core import mail
from facturx import get_facturx_xml_from_pdf, xml_check_xsd
from pypdf import PdfReader

from portail.billing.models import SepaMandate
from portail.billing.services import credit_note_issue
from portail.billing.tests.factories import issued_invoice
from portail.portal.demo.billing import load_seed_history
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
NB = "\u202f"


@pytest.fixture
def service(db):
    return _service()


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_invoices_page_shows_the_seed_groups_and_balance(client_a, member_a, service):
    load_seed_history(member_a)
    response = client_a.get("/factures/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Mes factures non réglées", "Mes factures acquittées", "Mon échéancier", "Imprimer l'échéancier",
                  "Toutes les années", "Je souhaite opter pour le prélèvement SEPA", "Solde débiteur",
                  "Visualisez, imprimez et/ou enregistrez vos factures sur votre ordinateur",
                  "NB : Merci de privilégier le règlement de vos factures par chèque"):
        assert label in html, label
    assert f"4{NB}124,40{NB}€" in html and f"1{NB}058,40{NB}€" in html and f"3{NB}066,00{NB}€" in html
    assert f"-1{NB}058,40{NB}€" in html  # the adjustment credit in the invoice list
    assert "Échue" in html  # 2021 items are overdue today


def test_year_selector_filters_and_links(client_a, member_a, service):
    load_seed_history(member_a)
    html = client_a.get("/factures/?annee=2019").content.decode()
    assert "72722" in html and "887635" in html and "101983" not in html.split("Mon échéancier")[0]
    assert "?annee=2018" in html and "?annee=2020" in html
    assert client_a.get("/factures/?annee=abc").status_code == 200


def test_invoice_pdf_has_legal_mentions_and_valid_facturx(client_a, member_a, service):
    invoice = issued_invoice(member_a, amount_ht="1500.00", issue_date=date(2026, 1, 15))
    response = client_a.get(f"/factures/{invoice.pk}/pdf/?telecharger=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _text(response.content)
    for needle in (invoice.number, f"1{NB}800,00{NB}€", f"1{NB}500,00{NB}€", f"300,00{NB}€", "15/01/2026",
                   "14/02/2026", "789 456 126 00018", service.name, "FR", "40,00", "pénalités", "ENTREPRISE A",
                   "Date d'exigibilité", "20 %"):
        assert needle in text, needle
    filename, xml = get_facturx_xml_from_pdf(response.content)
    assert filename == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert b"<ram:GrandTotalAmount>1800.00</ram:GrandTotalAmount>" in xml


def test_credit_note_pdf_cites_the_corrected_invoice(client_a, member_a, service):
    invoice = issued_invoice(member_a, amount_ht="882.00")
    avoir = credit_note_issue(invoice=invoice)
    response = client_a.get(f"/factures/{avoir.pk}/pdf/")
    text = _text(response.content)
    assert f"Avoir corrigeant la facture n° {invoice.number}" in text
    assert f"-1{NB}058,40{NB}€" in text
    _, xml = get_facturx_xml_from_pdf(response.content)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml and invoice.number.encode() in xml


def test_statement_pdf_has_the_balance(client_a, member_a, service):
    load_seed_history(member_a)
    response = client_a.get("/factures/echeancier/pdf/")
    text = _text(response.content)
    assert "Solde débiteur" in text and f"3{NB}066,00{NB}€" in text and f"4{NB}124,40{NB}€" in text


def test_invoice_detail_works(client_a, member_a, service):
    invoice = issued_invoice(member_a)
    response = client_a.get(f"/factures/{invoice.pk}/")
    assert response.status_code == 200 and invoice.number in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_other_members_invoice_answers_404(client_b, member_a, service, suffix):
    invoice = issued_invoice(member_a)
    assert client_b.get(f"/factures/{invoice.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("url", ["/factures/", "/factures/1/", "/factures/1/pdf/", "/factures/echeancier/pdf/",
                                 "/factures/prelevement-sepa/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_mandataire_sees_only_current_company(client, mandataire, member_a, member_b, service):
    invoice_b = issued_invoice(member_b)
    client.force_login(mandataire)
    session = client.session
    session["current_member_id"] = member_a.pk
    session.save()
    assert client.get(f"/factures/{invoice_b.pk}/pdf/").status_code == 404


VALID = {"holder_name": "ENTREPRISE A", "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "",
         "address_line1": "1 rue de la Paix", "postal_code": "13001", "city": "MARSEILLE", "consent": "on"}


def test_sepa_mandate_signed_with_valid_iban(client_a, member_a, service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/factures/prelevement-sepa/", VALID)
    assert response.status_code == 302
    mandate = SepaMandate.objects.get(member=member_a)
    assert mandate.iban == "FR7630006000011234567890189" and mandate.bic == "AGRIFRPPXXX"
    assert mandate.creditor_id == service.sepa_creditor_id and mandate.reference.startswith("RUM900001")
    # The staff get the mandate's PDF; the company's users their receipt (a notification).
    staff, receipt = mail.outbox
    assert staff.attachments[0][2] == "application/pdf" and "Mandat de prélèvement SEPA" in receipt.subject
    html = client_a.get("/factures/").content.decode()
    assert mandate.reference in html and "FR76" in html and "0112345" not in html
    pdf = client_a.get(f"/factures/prelevement-sepa/{mandate.pk}/pdf/")
    assert mandate.reference in _text(pdf.content) and service.sepa_creditor_id in _text(pdf.content)


@pytest.mark.parametrize(("iban", "message"), [
    ("FR77 3000 6000 0112 3456 7890 189", "La clé de contrôle de l'IBAN est fausse"),
    ("FR06 3000 6000 0112 3456 7890 188", "La clé RIB contenue dans l'IBAN est fausse"),
    ("FR76 3000 6000 0112 3456 7890 18", "longueur"),
])
def test_sepa_mandate_wrong_iban_keeps_other_fields(client_a, member_a, service, iban, message):
    response = client_a.post("/factures/prelevement-sepa/", {**VALID, "iban": iban})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'")
    assert 'value="1 rue de la Paix"' in html and 'value="ENTREPRISE A"' in html
    assert not SepaMandate.objects.filter(member=member_a).exists()


def test_sepa_mandate_requires_consent_and_valid_bic(client_a, member_a, service):
    response = client_a.post("/factures/prelevement-sepa/", {**VALID, "consent": "", "bic": "XX"})
    html = response.content.decode()
    assert "Cochez cette case pour signer le mandat." in html and "Ce BIC n" in html
    assert not SepaMandate.objects.filter(member=member_a).exists()


def test_sepa_mandate_revoke_and_isolation(client_a, client, member_a, other_member, service):
    client_a.post("/factures/prelevement-sepa/", VALID)
    mandate = SepaMandate.objects.get(member=member_a)
    client.force_login(other_member)
    assert client.post(f"/factures/prelevement-sepa/{mandate.pk}/revoquer/").status_code == 404
    assert client.get(f"/factures/prelevement-sepa/{mandate.pk}/pdf/").status_code == 404
    client.force_login(mandate.signed_by)
    assert client.post(f"/factures/prelevement-sepa/{mandate.pk}/revoquer/").status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_at is not None


def test_drafts_are_invisible_to_members(client_a, member_a, service):
    from portail.billing.services import invoice_create_draft

    draft = invoice_create_draft(member=member_a, kind="cotisation", lines=[{"description": "x", "unit_price_ht": "1"}])
    assert client_a.get(f"/factures/{draft.pk}/pdf/").status_code == 404
    assert "Aucune facture non réglée." in client_a.get("/factures/").content.decode()


def test_revoking_the_mandate_asks_first_naming_its_rum(client_a, client, member_a, other_member, service):
    """Issue 18: the question is a page of its own (no JavaScript needed); only its posted answer revokes."""
    client_a.post("/factures/prelevement-sepa/", VALID)
    mandate = SepaMandate.objects.get(member=member_a)
    page = client_a.get(f"/factures/prelevement-sepa/{mandate.pk}/revoquer/").content.decode()
    assert "Révoquer ce mandat de prélèvement SEPA ?" in page and mandate.reference in page
    assert "Oui, révoquer le mandat" in page and 'href="/informations/sepa/"' in page
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    for listing in ("/factures/", "/informations/sepa/"):  # a link to the question, no one-click form
        html = client_a.get(listing).content.decode()
        assert f'href="/factures/prelevement-sepa/{mandate.pk}/revoquer/"' in html
        assert f'action="/factures/prelevement-sepa/{mandate.pk}/revoquer/"' not in html
    client.force_login(other_member)
    assert client.get(f"/factures/prelevement-sepa/{mandate.pk}/revoquer/").status_code == 404


def test_a_signed_mandate_ends_on_the_sepa_page_to_print_or_download(client_a, member_a, service):
    response = client_a.post("/factures/prelevement-sepa/", VALID)
    mandate = SepaMandate.objects.get(member=member_a)
    assert response["Location"] == "/informations/sepa/"
    page = client_a.get("/informations/sepa/").content.decode()
    assert mandate.reference in page and f"/factures/prelevement-sepa/{mandate.pk}/pdf/" in page
    assert "print-button" in page


def test_invoice_years_are_chosen_with_real_controls(client_a, member_a, service):
    page = client_a.get("/factures/").content.decode()
    assert '<select id="annee" name="annee">' in page and "Afficher</button>" in page
    assert "&lt;-" not in page and "-&gt;" not in page
