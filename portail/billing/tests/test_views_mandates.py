"""Issue 23: the back office's SEPA mandate screens: the list of every member's mandates (search, state, last
collection, rejects), one mandate's history, revocation behind a confirmation page, a paper mandate recorded by
staff. Only accounting staff (and administrators) reach them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from portail.audit.models import Event
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.billing.models import MandateChannel, SepaMandate
from portail.billing.selectors import billing_settings_get
from portail.billing.sepa import sepa_mandate_sign
from portail.billing.sepa_batch import direct_debit_batch_create, direct_debit_batch_submit, direct_debit_item_reject
from portail.billing.tests.factories import issued_invoice, page_text
from portail.members.models import MemberNotice
from portail.portal.demo.members import _service

pytestmark = pytest.mark.django_db
BASE = "/gestion/facturation"
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 3, 10, tzinfo=PARIS)
IBAN = "FR7630006000011234567890189"
OTHER_IBAN = "FR7610107001011234567890129"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def accountant(db):
    _service()
    return login_verified(Client(), *staff_with_device(StaffRole.ACCOUNTING))


def _mandate(member, actor, iban=IBAN) -> SepaMandate:
    return sepa_mandate_sign(member=member, holder_name=member.name, iban=iban, bic="AGRIFRPPXXX",
                             address="1 rue de la Paix, 13001 MARSEILLE", actor=actor)


def _collected_then_rejected(member, mandate):
    terms = billing_settings_get()
    terms.creditor_iban, terms.creditor_bic = IBAN, "AGRIFRPPXXX"
    terms.save()
    issued_invoice(member, issue_date=date(2026, 10, 20))
    batch = direct_debit_batch_create(collection_date=date(2026, 12, 21))
    direct_debit_batch_submit(batch=batch)
    direct_debit_item_reject(item=batch.items.get(), reason="AM04", on=date(2026, 12, 3))
    return batch


def test_list_shows_every_members_mandates_masked_with_last_collection_and_rejects(
        accountant, member_a, member_b, member_admin, other_member):
    mandate_a = _mandate(member_a, member_admin)
    batch = _collected_then_rejected(member_a, mandate_a)
    _mandate(member_b, other_member, iban=OTHER_IBAN)
    page = page_text(accountant.get(f"{BASE}/mandats/"))
    assert "2 mandats" in page and mandate_a.reference in page and "ENTREPRISE B" in page
    assert IBAN not in page and mandate_a.iban_masked in page  # never the whole IBAN
    assert f"{batch.collection_date:%d/%m/%Y}" in page
    row = page.split(mandate_a.reference)[1].split("</tr>")[0]
    assert "Actif" in row and ">1</td>" in row  # one reject


def test_list_searches_by_member_number_name_or_rum_and_filters_by_state(
        accountant, member_a, member_b, member_admin, other_member):
    first = _mandate(member_a, member_admin)
    second = _mandate(member_a, member_admin, iban=OTHER_IBAN)  # replaces the first
    other = _mandate(member_b, other_member)
    page = page_text(accountant.get(f"{BASE}/mandats/", {"q": "900001"}))
    assert first.reference in page and second.reference in page and other.reference not in page
    page = page_text(accountant.get(f"{BASE}/mandats/", {"q": "900001", "statut": "revoque"}))
    assert first.reference in page and second.reference not in page
    page = page_text(accountant.get(f"{BASE}/mandats/", {"q": other.reference.lower()}))
    assert "1 mandat" in page and other.reference in page
    page = page_text(accountant.get(f"{BASE}/mandats/", {"q": "entreprise b", "statut": "actif"}))
    assert other.reference in page and first.reference not in page
    assert "Aucun mandat" in page_text(accountant.get(f"{BASE}/mandats/", {"q": "inconnu"}))


def test_junk_page_number_and_state_do_not_break_the_list(accountant, member_a, member_admin):
    _mandate(member_a, member_admin)
    response = accountant.get(f"{BASE}/mandats/", {"page": "abc", "statut": "n'importe"})
    assert response.status_code == 200 and "1 mandat" in page_text(response)


def test_mandate_page_shows_its_collections_rejects_and_history(accountant, member_a, member_admin):
    mandate = _mandate(member_a, member_admin)
    batch = _collected_then_rejected(member_a, mandate)
    page = page_text(accountant.get(f"{BASE}/mandats/{mandate.pk}/"))
    assert batch.message_id in page and "AM04 le 03/12/2026" in page and "dont 1 rejet" in page
    assert "Mandat SEPA signé" in page and "(signé en ligne" in page
    assert "Révoquer ce mandat" in page and IBAN not in page
    pdf = accountant.get(f"{BASE}/mandats/{mandate.pk}/mandat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_missing_mandate_is_404(accountant):
    assert accountant.get(f"{BASE}/mandats/999999/").status_code == 404
    assert accountant.get(f"{BASE}/mandats/999999/revoquer/").status_code == 404


def test_revocation_needs_a_reason_and_a_confirmation_then_tells_the_member(
        accountant, member_a, member_admin, django_capture_on_commit_callbacks):
    mandate = _mandate(member_a, member_admin)
    url = f"{BASE}/mandats/{mandate.pk}/revoquer/"
    page = page_text(accountant.get(url))
    assert "Révoquer le mandat SEPA" in page and "Une révocation est définitive" in page
    refused = accountant.post(url, {"reason": "Courrier de l'adhérent"})
    assert refused.status_code == 400 and "Cochez la case pour confirmer." in page_text(refused)
    assert "Courrier de l'adhérent" in page_text(refused)  # what was typed stays
    refused = accountant.post(url, {"confirm": "on"})
    assert refused.status_code == 400 and "Indiquez le motif de la révocation." in page_text(refused)
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = accountant.post(url, {"reason": "Compte clôturé", "confirm": "on"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_at is not None and mandate.revocation_reason == "Compte clôturé"
    assert mandate.revoked_by.staff_profile.role == StaffRole.ACCOUNTING
    notice = MemberNotice.objects.filter(member=member_a).latest("pk")
    assert "révoqué" in notice.subject and "Compte clôturé" in notice.body
    assert any("Compte clôturé" in message.body for message in mail.outbox)
    assert Event.objects.filter(action="billing.sepa_mandate_revoked", object_id=str(mandate.pk)).exists()
    page = page_text(accountant.get(f"{BASE}/mandats/{mandate.pk}/"))
    assert "Révoqué le 03/12/2026" in page and "motif : Compte clôturé" in page and "Révoquer ce mandat" not in page
    again = accountant.get(url)
    assert again.status_code == 302  # already revoked: back to the mandate, nothing to confirm


def test_revocation_page_warns_of_collections_still_in_a_batch(accountant, member_a, member_admin):
    mandate = _mandate(member_a, member_admin)
    terms = billing_settings_get()
    terms.creditor_iban, terms.creditor_bic = IBAN, "AGRIFRPPXXX"
    terms.save()
    issued_invoice(member_a, issue_date=date(2026, 10, 20))
    batch = direct_debit_batch_create(collection_date=date(2026, 12, 21))
    page = page_text(accountant.get(f"{BASE}/mandats/{mandate.pk}/revoquer/"))
    assert "déjà dans un lot non réglé" in page and batch.message_id in page


def test_paper_mandate_is_recorded_replacing_the_active_one_and_the_member_is_told(
        accountant, member_a, member_admin):
    online = _mandate(member_a, member_admin)
    url = f"{BASE}/adherents/900001/mandat-papier/"
    assert online.reference in page_text(accountant.get(url))  # the page says which mandate gets replaced
    response = accountant.post(url, {
        "holder_name": "ENTREPRISE A", "iban": "FR76 1010 7001 0112 3456 7890 129", "bic": "",
        "address_line1": "1 rue de la Paix", "postal_code": "13001", "city": "MARSEILLE",
        "signed_on": "2026-11-28", "reference": "rum papier 2026 001"})
    assert response.status_code == 302
    paper = SepaMandate.objects.get(reference="RUMPAPIER2026001")
    assert paper.channel == MandateChannel.PAPER and paper.iban == OTHER_IBAN
    assert paper.signed_at.astimezone(PARIS).date() == date(2026, 11, 28) and paper.creditor_id == "FR72ZZZ123456"
    online.refresh_from_db()
    assert online.revoked_at is not None and online.revocation_reason == "Remplacé par un nouveau mandat"
    assert MemberNotice.objects.filter(member=member_a, subject__contains="enregistré").exists()
    page = page_text(accountant.get(f"{BASE}/mandats/{paper.pk}/"))
    assert "Mandat SEPA papier enregistré" in page and "mandat papier" in page.lower()
    assert paper.reference in page_text(accountant.get(f"{BASE}/adherents/900001/"))


@pytest.mark.parametrize(("change", "field_error"), [
    ({"iban": "FR76 3000 6000 0112 3456 7890 188"}, "La clé de contrôle de l'IBAN est fausse"),
    ({"signed_on": "2026-12-04"}, "La date de signature ne peut pas être dans le futur."),
    ({"reference": "RUM-AVEC-TIRETS"}, "La RUM compte 1 à 35 caractères"),
    ({"reference": "RUMDEJAPRISE"}, "Cette RUM est déjà celle d'un autre mandat."),
    ({"postal_code": "ABCDE"}, "code postal"),
])
def test_paper_mandate_errors_are_shown_next_to_the_field_keeping_the_typing(
        accountant, member_a, member_b, other_member, change, field_error):
    taken = _mandate(member_b, other_member)
    SepaMandate.objects.filter(pk=taken.pk).update(reference="RUMDEJAPRISE")
    data = {"holder_name": "Titulaire saisi", "iban": IBAN, "address_line1": "1 rue de la Paix",
            "postal_code": "13001", "city": "MARSEILLE", "signed_on": "2026-11-28", "reference": "", **change}
    response = accountant.post(f"{BASE}/adherents/900001/mandat-papier/", data)
    page = page_text(response)
    assert response.status_code == 400 and field_error.lower() in page.lower()
    assert 'class="field has-error' in page and "Titulaire saisi" in page
    assert not SepaMandate.objects.filter(member=member_a).exists()


def test_paper_mandate_needs_the_services_creditor_identifier(accountant, member_a):
    from portail.members.models import Service

    Service.objects.update(sepa_creditor_id="")
    response = accountant.post(f"{BASE}/adherents/900001/mandat-papier/", {
        "holder_name": "ENTREPRISE A", "iban": IBAN, "address_line1": "1 rue de la Paix", "postal_code": "13001",
        "city": "MARSEILLE", "signed_on": "2026-11-28"})
    assert response.status_code == 400 and "ICS non renseigné" in page_text(response)


def test_paper_mandate_of_an_unknown_member_is_404(accountant):
    assert accountant.get(f"{BASE}/adherents/999999/mandat-papier/").status_code == 404


def _urls(mandate) -> list[tuple[str, str]]:
    return [("GET", f"{BASE}/mandats/"), ("GET", f"{BASE}/mandats/{mandate.pk}/"),
            ("GET", f"{BASE}/mandats/{mandate.pk}/mandat.pdf"), ("GET", f"{BASE}/mandats/{mandate.pk}/revoquer/"),
            ("POST", f"{BASE}/mandats/{mandate.pk}/revoquer/"), ("GET", f"{BASE}/adherents/900001/mandat-papier/"),
            ("POST", f"{BASE}/adherents/900001/mandat-papier/")]


def _call(client, method, url):
    data = {"reason": "essai", "confirm": "on"}
    return client.get(url) if method == "GET" else client.post(url, data)


def test_outsiders_cannot_reach_the_mandate_screens(member_a, member_admin):
    _service()
    mandate = _mandate(member_a, member_admin)
    anonymous, member = Client(), Client()
    member.force_login(member_admin)
    reception = login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))
    doctor = login_verified(Client(), *staff_with_device(StaffRole.DOCTOR))
    for method, url in _urls(mandate):
        response = _call(anonymous, method, url)
        assert response.status_code == 302 and response["Location"].startswith("/gestion/connexion/"), url
        assert _call(member, method, url).status_code == 403, url
        assert _call(reception, method, url).status_code == 403, url
        assert _call(doctor, method, url).status_code == 403, url
    mandate.refresh_from_db()
    assert mandate.revoked_at is None and SepaMandate.objects.count() == 1


def test_administrator_reaches_the_mandate_screens(member_a, member_admin):
    _service()
    mandate = _mandate(member_a, member_admin)
    admin = login_verified(Client(), *staff_with_device(StaffRole.ADMIN))
    assert admin.get(f"{BASE}/mandats/").status_code == 200
    assert admin.get(f"{BASE}/mandats/{mandate.pk}/revoquer/").status_code == 200


def test_billing_home_links_to_the_mandates(accountant):
    assert "/gestion/facturation/mandats/" in page_text(accountant.get(f"{BASE}/"))


def test_the_list_counts_with_a_fixed_number_of_queries(accountant, member_a, member_b, member_admin, other_member,
                                                        django_assert_max_num_queries):
    _mandate(member_a, member_admin)
    _mandate(member_b, other_member)
    for _ in range(3):
        _mandate(member_a, member_admin, iban=OTHER_IBAN)
    with django_assert_max_num_queries(12):
        assert accountant.get(f"{BASE}/mandats/").status_code == 200
