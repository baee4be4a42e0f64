"""Applying a DSN from its preview: the choices are honoured, the file goes, the same file twice changes nothing."""

import pytest
from django.core.files.storage import default_storage

from portail.accounts.tests.factories import logged_in
from portail.dsn.testing import dsn_bytes
from portail.workforce.models import Employee
from portail.workforce.tests.dsn_files import ALL, apply_all, dsn_for, dsn_upload, pending_token

pytestmark = pytest.mark.django_db


def test_apply_writes_the_list_deletes_the_file_and_twice_changes_nothing(client_a, member_a):
    content = dsn_bytes(dsn_for(member_a, employees=10))
    dsn_upload(client_a, content)
    token = pending_token(client_a)
    created = apply_all(client_a, f"/salaries/import/dsn/{token}/valider/", pending="workforce_dsn", token=token,
                        member=member_a, at_least=8)
    dsn_upload(client_a, content)
    response = client_a.post(f"/salaries/import/dsn/{pending_token(client_a)}/valider/", ALL, follow=True)
    assert "0 entrée, 0 sortie, 0 modification" in response.content.decode()
    assert Employee.objects.filter(member=member_a).count() == created


def test_unticked_kinds_and_rows_are_not_applied(client_a, member_a):
    dsn_upload(client_a, dsn_bytes(dsn_for(member_a, employees=6)))
    token = pending_token(client_a)
    client_a.post(f"/salaries/import/dsn/{token}/valider/", {"actions": ["exit"], "excluded": ["0", "x"]})
    assert not Employee.objects.exists()


def test_excluded_row_is_left_out(client_a, member_a):
    dsn_upload(client_a, dsn_bytes(dsn_for(member_a, employees=6)))
    preview = client_a.get(f"/salaries/import/dsn/{pending_token(client_a)}/")
    creates = preview.context["plan"].count("create")
    client_a.post(f"/salaries/import/dsn/{pending_token(client_a)}/valider/", {**ALL, "excluded": ["0"]})
    assert Employee.objects.count() == creates - 1


def test_outsider_cannot_apply(client_a, member_a, other_member):
    dsn_upload(client_a, dsn_bytes(dsn_for(member_a)))
    outsider = logged_in(other_member)
    assert outsider.post(f"/salaries/import/dsn/{pending_token(client_a)}/valider/", ALL).status_code == 404
    assert not Employee.objects.exists()


def test_get_is_not_allowed(client_a, member_a):
    dsn_upload(client_a, dsn_bytes(dsn_for(member_a)))
    assert client_a.get(f"/salaries/import/dsn/{pending_token(client_a)}/valider/").status_code == 405


def test_a_large_dsn_is_applied_by_a_background_job_with_its_progress_page(client_a, member_a, settings):
    from portail.workforce.models import ImportJob

    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 2
    dsn_upload(client_a, dsn_bytes(dsn_for(member_a, employees=10)))
    token = pending_token(client_a)
    path = client_a.session["workforce_dsn"][token]["path"]
    response = client_a.post(f"/salaries/import/dsn/{token}/valider/", ALL)
    job = ImportJob.objects.get(member=member_a)
    assert response["Location"] == f"/salaries/import/suivi/{job.pk}/"
    created = Employee.objects.filter(member=member_a).count()
    assert created >= 8 and job.kind == "dsn" and job.status == "done"
    assert job.counts == {"create": created, "exit": 0, "update": 0, "rehire": 0, "review": 0}
    assert not default_storage.exists(path) and not client_a.session["workforce_dsn"]
    page = client_a.get(f"/salaries/import/suivi/{job.pk}/").content.decode()
    assert f"Import terminé : {created} nouveaux salariés" in page
    assert "DSN de janvier 2026" in Employee.history.filter(member_id=member_a.pk).first().history_change_reason


def test_a_background_dsn_job_still_running_shows_its_bar_and_a_failed_one_says_nothing_was_written(
        client_a, member_a):
    from portail.workforce.models import ImportJob

    job = ImportJob.objects.create(member=member_a, kind="dsn", status="running", phase="write", total=400, done=120)
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert "120 / 400 salariés de la DSN" in fragment and 'hx-trigger="every 1s"' in fragment
    ImportJob.objects.filter(pk=job.pk).update(status="failed", errors=[[0, "", "Fichier illisible."]])
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert "rien n'a été enregistré" in fragment and 'href="/salaries/import/dsn/"' in fragment
