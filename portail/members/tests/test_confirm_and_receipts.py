"""Issue 18: deleting a contact or an address asks first, on a page of its own (works without JavaScript); a
situation change ends on a receipt, printable and downloadable as a PDF; another member's answers 404."""

import html
import io

from pypdf import PdfReader

from portail.members.models import MemberAddress, MemberContact, SituationChangeRequest
from portail.members.tests.factories import MemberAddressFactory, MemberContactFactory

CHANGE = {"kind": "address", "effective_date": "2026-12-01", "comment": "Déménagement du siège"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_deleting_a_contact_asks_first_and_only_the_posted_answer_deletes(client_a, member_a):
    contact = MemberContactFactory(member=member_a, first_name="Inès", last_name="GARCIA")
    url = f"/informations/contacts/{contact.pk}/supprimer/"
    page = text(client_a.get(url))
    assert "Supprimer ce contact ?" in page and "Inès GARCIA" in page
    assert '<button type="submit" class="danger">Oui, supprimer le contact</button>' in page
    assert 'href="/informations/"' in page  # "Non, revenir en arrière"
    assert MemberContact.objects.filter(pk=contact.pk).exists()
    assert client_a.post(url, {"confirme": "oui"}).status_code == 302
    assert not MemberContact.objects.filter(pk=contact.pk).exists()


def test_deleting_an_address_asks_first(client_a, member_a):
    address = MemberAddressFactory(member=member_a)
    page = text(client_a.get(f"/informations/adresses/{address.pk}/supprimer/"))
    assert "Supprimer cette adresse ?" in page and address.one_line in page
    assert MemberAddress.objects.filter(pk=address.pk).exists()


def test_the_edit_forms_link_to_the_question_not_to_a_one_click_delete(client_a, member_a):
    contact = MemberContactFactory(member=member_a)
    page = text(client_a.get(f"/informations/contacts/{contact.pk}/modifier/"))
    assert f'<a class="button danger" href="/informations/contacts/{contact.pk}/supprimer/">' in page


def test_another_members_question_pages_answer_404(client_a, member_b):
    contact = MemberContactFactory(member=member_b)
    address = MemberAddressFactory(member=member_b)
    assert client_a.get(f"/informations/contacts/{contact.pk}/supprimer/").status_code == 404
    assert client_a.get(f"/informations/adresses/{address.pk}/supprimer/").status_code == 404


def test_a_situation_change_ends_on_its_receipt_page_and_pdf(client_a, member_a):
    response = client_a.post("/informations/changement-de-situation/", CHANGE)
    change = SituationChangeRequest.objects.get(member=member_a)
    assert response["Location"] == f"/informations/changement-de-situation/{change.pk}/"
    page = text(client_a.get(response["Location"]))
    assert "Accusé de réception de votre changement de situation" in page
    assert "Changement d'adresse" in page and "Déménagement du siège" in page and "01/12/2026" in page
    assert "?format=pdf" in page and "Imprimer" in page
    pdf = client_a.get(response["Location"] + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="changement-de-situation-{change.pk}.pdf"'
    content = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Déménagement du siège" in content and member_a.name in content
    listing = text(client_a.get("/informations/changement-de-situation/"))
    assert f'href="/informations/changement-de-situation/{change.pk}/"' in listing


def test_another_members_receipt_answers_404(client_b, member_a):
    change = SituationChangeRequest.objects.create(member=member_a, kind="address", effective_date="2026-12-01")
    assert client_b.get(f"/informations/changement-de-situation/{change.pk}/").status_code == 404
    assert client_b.get(f"/informations/changement-de-situation/{change.pk}/?format=pdf").status_code == 404


def test_anonymous_is_sent_to_login(client, member_a):
    assert client.get("/informations/changement-de-situation/1/").status_code == 302
