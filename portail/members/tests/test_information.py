import html

from portail.audit.models import Event
from portail.members.models import Member

VALID = {
    "name": "ENTREPRISE A RENOMMÉE", "address_line1": "3 rue Neuve", "address_line2": "", "address_line3": "",
    "postal_code": "66330", "city": "Cabestany", "country": "France", "siret": "77618638900024",
    "naf_code": "86.21Z", "phone": "04 68 00 00 00", "email": "contact@a.example",
}


def text(response):
    return html.unescape(response.content.decode())


def test_information_shows_admin_data(client_a, member_a):
    member_a.siret = "77618638900024"
    member_a.save()
    page = text(client_a.get("/informations/"))
    assert "776 186 389 00024" in page
    assert "FR71776186389" in page  # TVA derived from the SIREN
    assert "86.21Z – Activité des médecins généralistes" in page
    assert "Je souhaite déclarer un changement de situation" in page
    assert "Tout changement de situation sera directement visible dans votre espace" in page


def test_anonymous_is_sent_to_login(client, db):
    for url in ("/informations/", "/informations/modifier/", "/informations/sepa/", "/contacts/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_edit_is_saved_and_kept_in_history(client_a, member_a, member_admin):
    response = client_a.post("/informations/modifier/", VALID)
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.name == "ENTREPRISE A RENOMMÉE" and member_a.postal_code == "66330"
    previous = member_a.history.all()[1]
    assert previous.name == "ENTREPRISE A"
    assert member_a.history.first().history_user == member_admin
    event = Event.objects.get(action="member.updated")
    assert event.actor == member_admin and "name" in event.data["fields"]


def test_invalid_siret_is_explained_and_input_kept(client_a):
    response = client_a.post("/informations/modifier/", {**VALID, "siret": "77618638900025"})
    page = text(response)
    assert response.status_code == 200
    assert "Ce SIRET n'est pas valide" in page
    assert 'value="ENTREPRISE A RENOMMÉE"' in page


def test_city_must_match_postal_code(client_a):
    page = text(client_a.post("/informations/modifier/", {**VALID, "city": "Marseille"}))
    assert "ne correspond pas au code postal 66330" in page and "CABESTANY" in page


def test_unknown_naf_and_bad_phone_are_refused(client_a):
    page = text(client_a.post("/informations/modifier/", {**VALID, "naf_code": "99.99Z", "phone": "12"}))
    assert "Code NAF inconnu" in page
    assert "Numéro de téléphone invalide" in page


def test_never_a_500_on_junk(client_a):
    junk = {k: "\x00<script>" * 40 for k in VALID}
    assert client_a.post("/informations/modifier/", junk).status_code == 200
    assert Member.objects.filter(name__contains="script").count() == 0


def test_communes_are_proposed_for_a_postal_code(client_a):
    page = text(client_a.get("/informations/communes/", {"postal_code": "66330", "liste": "x-communes"}))
    assert '<datalist id="x-communes">' in page and "CABESTANY" in page
