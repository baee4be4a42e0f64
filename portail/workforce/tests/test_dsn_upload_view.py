"""« Importer une DSN »: the upload page (routing by SIRET, refusals, several files for a mandataire)."""

import html as htmllib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portail.dsn import dump_dsn
from portail.dsn.testing import dsn_bytes
from portail.members.tests.factories import MemberFactory
from portail.workforce.models import Employee
from portail.workforce.tests.dsn_files import dsn_for, dsn_upload, pending_token, upload_one

pytestmark = pytest.mark.django_db


def text(response):
    return htmllib.unescape(response.content.decode())


def stored_files():
    if not default_storage.exists("imports"):
        return []
    return [f for d in default_storage.listdir("imports")[0] for f in default_storage.listdir(f"imports/{d}")[1]]


def test_page_offers_the_dsn_beside_the_csv_import(client_a):
    assert "Importer une DSN" in text(client_a.get("/salaries/"))
    html = text(client_a.get("/salaries/import/dsn/"))
    assert "Fichier(s) DSN mensuelle(s)" in html


def test_anonymous_goes_to_login(client):
    assert client.get("/salaries/import/dsn/").status_code == 302


def test_member_upload_goes_to_its_preview(client_a, member_a):
    response = upload_one(client_a, member_a)
    token = pending_token(client_a)
    assert response.url == f"/salaries/import/dsn/{token}/"
    assert len(stored_files()) == 1 and not Employee.objects.exists()


def test_grouped_establishment_in_the_same_file_is_routed_to_it(client_a, member_a):
    grouped = MemberFactory(group_head=member_a, name="ÉTABLISSEMENT B")
    response = dsn_upload(client_a, dsn_bytes(dsn_for(member_a, grouped)))
    assert response.url == "/salaries/import/dsn/en-attente/"
    assert {e["member"] for e in client_a.session["workforce_dsn"].values()} == {member_a.pk, grouped.pk}
    assert len(stored_files()) == 1  # one file, two entries


def test_siret_of_another_member_is_refused_and_nothing_kept(client_a, member_b):
    response = upload_one(client_a, member_b)
    assert response.status_code == 200
    assert "vous n'agissez pas pour l'établissement SIRET" in text(response)
    assert stored_files() == [] and not client_a.session.get("workforce_dsn")


def test_mandataire_without_mandate_for_a_siret_is_refused(client, mandataire, member_a, member_b):
    client.force_login(mandataire)
    client.post("/choisir-adherent/changer/", {"member": member_a.pk})
    html = text(upload_one(client, member_b))
    assert "vous n'agissez pas pour l'établissement SIRET" in html


def test_mandataire_drops_two_clients_dsns_at_once(client, mandataire, member_a, member_c):
    client.force_login(mandataire)
    client.post("/choisir-adherent/changer/", {"member": member_a.pk})
    response = dsn_upload(client, dsn_bytes(dsn_for(member_a)), dsn_bytes(dsn_for(member_c, seed=2)))
    assert response.url == "/salaries/import/dsn/en-attente/"
    html = text(client.get(response.url))
    assert member_a.name in html and member_c.name in html


@pytest.mark.parametrize(("content", "message"), [
    (b"S10.G00.00.001,'PAIE'\r\nS20.G00.05.005,'01012026'\r\n", "tronqué"),
    ("S10.G00.00.001,'PAIE'\r\n".encode("utf-16"), "Ligne 1"),
    (b"Nom;Prenom\r\nDUPONT;Jean\r\n", "Ligne 1"),
])
def test_malformed_files_get_a_french_error_and_nothing_is_written(client_a, content, message):
    html = text(dsn_upload(client_a, content))
    assert message in html and "dsn-0.txt" in html
    assert stored_files() == [] and not Employee.objects.exists()


def test_truncated_real_looking_file_is_refused(client_a, member_a):
    content = dsn_bytes(dsn_for(member_a))
    cut = content.rindex(b"\r\n", 0, len(content) // 2) + 2  # the upload stopped at a line's end
    html = text(dsn_upload(client_a, content[:cut]))
    assert "il a sans doute été tronqué" in html and "« dsn-0.txt »" in html
    assert stored_files() == []


def test_empty_file_is_refused(client_a):
    assert "Le fichier soumis est vide." in text(dsn_upload(client_a, b""))


def test_two_months_in_one_file_are_refused(client_a, member_a):
    content = dsn_bytes(dsn_for(member_a, member_a)).decode("latin-1")
    content = content.replace("S20.G00.05.005,'01012026'", "S20.G00.05.005,'01022026'", 1)
    html = text(dsn_upload(client_a, content.encode("latin-1")))
    assert "deux mois dans le même fichier" in html


def _stored_bytes(client):
    path = next(iter(client.session["workforce_dsn"].values()))["path"]
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def test_stored_file_holds_no_nir_nor_name_and_preview_and_apply_still_work(client_a, member_a):
    generated = dsn_for(member_a, employees=6)
    people = [i for e in generated.dsn.establishments for i in e.individuals]
    dsn_upload(client_a, dsn_bytes(generated))
    stored = _stored_bytes(client_a)
    for person in people:  # quoted as JSON writes them: quotes are not in the ciphertext's alphabet
        for clear in (person.nir, person.birth_name, person.first_names):
            assert f'"{clear}"'.encode() not in stored
    token = pending_token(client_a)
    preview = client_a.get(f"/salaries/import/dsn/{token}/")
    assert preview.status_code == 200 and preview.context["plan"].count("create") == len(people)
    client_a.post(f"/salaries/import/dsn/{token}/valider/", {"actions": ["create"]})
    assert Employee.objects.filter(member=member_a).count() == len(people)


def test_a_stored_file_in_clear_from_before_encryption_is_refused_not_read(client_a, member_a):
    generated = dsn_for(member_a, employees=3)
    dsn_upload(client_a, dsn_bytes(generated))
    path = next(iter(client_a.session["workforce_dsn"].values()))["path"]
    default_storage.delete(path)
    default_storage.save(path, ContentFile(dump_dsn(generated.dsn)))
    response = client_a.get(f"/salaries/import/dsn/{pending_token(client_a)}/", follow=True)
    assert "n'est plus lisible" in text(response) and not Employee.objects.exists()
