import html

import pytest

from portail.members.models import MemberAddress, MemberContact
from portail.members.tests.factories import MemberAddressFactory, MemberContactFactory

CONTACT = {
    "contact-kind": "hr", "contact-last_name": "GARCIA", "contact-first_name": "Inès",
    "contact-email": "ines@example.org", "contact-phone": "0491000000", "contact-postal_code": "",
    "contact-city": "", "contact-country": "France",
}
ADDRESS = {
    "adresse-kind": "convocation", "adresse-company": "A", "adresse-address_line1": "1 quai du Port",
    "adresse-postal_code": "13002", "adresse-city": "Marseille", "adresse-country": "France",
}


def text(response):
    return html.unescape(response.content.decode())


def test_contact_form_has_the_seed_fields(client_a):
    page = text(client_a.get("/informations/contacts/ajouter/"))
    for label in ("Type", "Nom", "Prénom", "Fonction", "Société", "Service", "Adresse", "Code Postal", "Ville",
                  "Pays", "Téléphone", "Portable", "Fax", "Email", "-- Choisir un type --"):
        assert label in page


def test_contact_missing_name_is_refused_and_typing_kept(client_a, member_a):
    response = client_a.post("/informations/contacts/ajouter/", {**CONTACT, "contact-last_name": ""})
    page = text(response)
    assert "Ce champ est obligatoire." in page
    assert 'value="Inès"' in page and 'value="ines@example.org"' in page
    assert MemberContact.objects.count() == 0


def test_contact_is_created_with_a_formatted_phone(client_a, member_a):
    assert client_a.post("/informations/contacts/ajouter/", CONTACT).status_code == 302
    contact = MemberContact.objects.get(member=member_a)
    assert contact.phone == "04 91 00 00 00"
    assert "Inès GARCIA" in text(client_a.get("/informations/"))


def test_contact_edit_and_delete(client_a, member_a):
    contact = MemberContactFactory(member=member_a)
    assert client_a.post(f"/informations/contacts/{contact.pk}/modifier/", CONTACT).status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == "GARCIA"
    assert client_a.post(f"/informations/contacts/{contact.pk}/supprimer/").status_code == 302
    assert not MemberContact.objects.exists()


def test_address_is_created_and_edited(client_a, member_a):
    assert client_a.post("/informations/adresses/ajouter/", ADDRESS).status_code == 302
    address = MemberAddress.objects.get(member=member_a)
    assert address.postal_code == "13002"
    response = client_a.post(f"/informations/adresses/{address.pk}/modifier/", {**ADDRESS, "adresse-postal_code": "1300"})
    assert "5 chiffres" in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/informations/contacts/{c}/modifier/",
        "/informations/adresses/{a}/modifier/",
    ],
)
def test_another_members_objects_answer_404(client_a, member_b, url):
    contact = MemberContactFactory(member=member_b)
    address = MemberAddressFactory(member=member_b)
    assert client_a.get(url.format(c=contact.pk, a=address.pk)).status_code == 404


def test_another_members_objects_cannot_be_deleted(client_a, member_b):
    contact = MemberContactFactory(member=member_b)
    address = MemberAddressFactory(member=member_b)
    assert client_a.post(f"/informations/contacts/{contact.pk}/supprimer/").status_code == 404
    assert client_a.post(f"/informations/adresses/{address.pk}/supprimer/").status_code == 404
    assert MemberContact.objects.filter(pk=contact.pk).exists()
