"""Staff drop a DSN for a member from its page: upload → preview → apply or cancel, for that member and the
establishments grouped with it only."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.backoffice.models import StaffRole
from portail.dsn.testing import dsn_bytes
from portail.workforce.models import Employee, ImportJob
from portail.workforce.tests.dsn_files import ALL, apply_all, dsn_for

pytestmark = pytest.mark.django_db


def _upload(client, member, *dsn_members, **kwargs):
    content = dsn_bytes(dsn_for(*(dsn_members or (member,)), **kwargs))
    return client.post(f"/gestion/adherents/{member.pk}/dsn/", {"files": [SimpleUploadedFile("paie.dsn", content)]})


def _token(client, member):
    return next(t for t, e in client.session["backoffice_dsn"].items() if e["member"] == member.pk)


def test_the_member_page_offers_the_drop_and_the_upload_leads_to_the_preview(staff_client, member_a):
    client = staff_client()
    detail = client.get(f"/gestion/adherents/{member_a.pk}/").content.decode()
    assert f'href="/gestion/adherents/{member_a.pk}/dsn/"' in detail
    assert "Déposer une DSN pour ENTREPRISE A" in client.get(f"/gestion/adherents/{member_a.pk}/dsn/").content.decode()
    response = _upload(client, member_a, employees=8)
    token = _token(client, member_a)
    assert response["Location"] == f"/gestion/adherents/{member_a.pk}/dsn/{token}/"
    preview = client.get(response["Location"]).content.decode()
    assert "Aperçu de la DSN de janvier 2026" in preview and "Nouveaux salariés (entrées)" in preview
    assert f'action="/gestion/adherents/{member_a.pk}/dsn/{token}/valider/"' in preview
    assert not Employee.objects.filter(member=member_a).exists()


def test_apply_writes_the_member_s_list_with_the_staff_as_author_and_deletes_the_file(staff_client, member_a):
    client = staff_client()
    staff_user = client.get("/gestion/adherents/").wsgi_request.user
    _upload(client, member_a, employees=8)
    token = _token(client, member_a)
    apply_all(client, f"/gestion/adherents/{member_a.pk}/dsn/{token}/valider/", pending="backoffice_dsn", token=token,
              member=member_a, at_least=6)
    reason = Employee.history.filter(member_id=member_a.pk).first()
    assert reason.history_change_reason == "DSN de janvier 2026" and reason.history_user == staff_user


def test_a_large_file_is_applied_in_the_background(staff_client, member_a, settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 2
    client = staff_client()
    _upload(client, member_a, employees=8)
    response = client.post(f"/gestion/adherents/{member_a.pk}/dsn/{_token(client, member_a)}/valider/", ALL,
                           follow=True)
    job = ImportJob.objects.get(member=member_a)
    assert job.kind == "dsn" and job.status == "done" and job.counts["create"] >= 6
    assert "arrière-plan" in response.content.decode()


def test_another_member_s_siret_is_refused_and_nothing_is_kept(staff_client, member_a, member_b):
    client = staff_client()
    page = _upload(client, member_a, member_b).content.decode()
    assert "vous n&#x27;agissez pas pour l&#x27;établissement SIRET" in page
    assert not client.session.get("backoffice_dsn")
    assert not default_storage.exists(f"imports/{member_a.pk}") or not default_storage.listdir(
        f"imports/{member_a.pk}")[1]


def test_a_grouped_establishment_is_accepted_and_previewed_from_its_own_page(staff_client, member_a, member_b):
    member_b.group_head = member_a
    member_b.save()
    client = staff_client()
    response = _upload(client, member_a, member_a, member_b)
    assert response["Location"] == f"/gestion/adherents/{member_a.pk}/dsn/{_token(client, member_a)}/"
    token_b = _token(client, member_b)
    assert client.get(f"/gestion/adherents/{member_b.pk}/dsn/{token_b}/").status_code == 200
    assert client.get(f"/gestion/adherents/{member_a.pk}/dsn/{token_b}/").status_code == 404


def test_cancel_deletes_the_file_and_writes_nothing(staff_client, member_a):
    client = staff_client()
    _upload(client, member_a)
    token = _token(client, member_a)
    path = client.session["backoffice_dsn"][token]["path"]
    response = client.post(f"/gestion/adherents/{member_a.pk}/dsn/{token}/annuler/")
    assert response["Location"] == f"/gestion/adherents/{member_a.pk}/"
    assert not default_storage.exists(path) and not Employee.objects.exists()
    assert client.get(f"/gestion/adherents/{member_a.pk}/dsn/{token}/").status_code == 404


def test_staff_without_the_reception_role_and_members_cannot_drop(staff_client, client_a, member_a):
    assert staff_client(StaffRole.DOCTOR).get(f"/gestion/adherents/{member_a.pk}/dsn/").status_code == 403
    assert client_a.get(f"/gestion/adherents/{member_a.pk}/dsn/").status_code == 403


def test_the_file_staff_drop_is_stored_encrypted_and_still_previews(staff_client, member_a):
    client = staff_client()
    generated = dsn_for(member_a, employees=5)
    client.post(f"/gestion/adherents/{member_a.pk}/dsn/",
                {"files": [SimpleUploadedFile("paie.dsn", dsn_bytes(generated))]})
    token = _token(client, member_a)
    with default_storage.open(client.session["backoffice_dsn"][token]["path"], "rb") as handle:
        stored = handle.read()
    for person in (i for e in generated.dsn.establishments for i in e.individuals):
        assert f'"{person.nir}"'.encode() not in stored and f'"{person.birth_name}"'.encode() not in stored
    preview = client.get(f"/gestion/adherents/{member_a.pk}/dsn/{token}/").content.decode()
    assert "Aperçu de la DSN de janvier 2026" in preview
