"""Uploaded employee files hold clear NIRs: none survives an import, whatever its end (applied,
cancelled, refused, failed in the background, abandoned then purged after 24 h)."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from portail.workforce import import_tasks, nir
from portail.workforce.models import Employee, ImportJob
from portail.workforce.tests.test_import import csv_bytes, line, upload

pytestmark = pytest.mark.django_db


def import_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / import_tasks.IMPORT_DIR
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def small_threshold(settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 2


def test_no_file_left_once_applied(client_a, member_a):
    upload(client_a, csv_bytes(line("UN")))
    assert len(import_files()) == 1  # waiting between the steps, as designed
    client_a.post("/salaries/import/valider/")
    assert Employee.objects.filter(member=member_a).count() == 1 and import_files() == []


def test_no_file_left_once_cancelled(client_a):
    upload(client_a, csv_bytes(line("UN")))
    client_a.post("/salaries/import/annuler/")
    assert import_files() == []


def test_no_file_left_when_applying_is_refused(client_a):
    upload(client_a, csv_bytes(line("UN"), "BAD;X;01/01/1980;F;123;01/02/2020;Opératrice;CDI;"))
    response = client_a.post("/salaries/import/valider/", follow=True)
    assert "corrigez-les avant d&#x27;importer" in response.content.decode()
    assert not Employee.objects.exists() and import_files() == []


def test_no_file_left_when_the_upload_itself_is_refused(client_a):
    upload(client_a, b"Nom;Prenom\n\"" + b"x" * 140_000 + b"\";Y\n")
    upload(client_a, b"\x00" * 100)
    assert import_files() == []


def test_no_file_left_after_a_background_job_done_or_failed(client_a, member_a, small_threshold):
    upload(client_a, csv_bytes(line("UN", order=1), line("DEUX", order=2), line("TROIS", order=3)))
    client_a.post("/salaries/import/valider/")
    upload(client_a, csv_bytes(line("A", order=4), line("B", order=5), line("C", order=6, contract="CDD")))
    client_a.post("/salaries/import/valider/")
    jobs = ImportJob.objects.filter(member=member_a).order_by("pk")
    assert [job.status for job in jobs] == ["done", "failed"]
    assert [job.path for job in jobs] == ["", ""] and import_files() == []


def test_abandoned_upload_and_unrun_job_are_purged_after_24_hours(client_a, member_a, member_admin):
    upload(client_a, csv_bytes(line("UN")))  # then the user goes away
    path = default_storage.save(f"imports/{member_a.pk}/job", ContentFile(nir.encrypt_bytes(csv_bytes(line("DEUX")))))
    job = ImportJob.objects.create(member=member_a, created_by=member_admin, name="x.csv", path=path, total=1)
    assert import_tasks.import_files_purge() == 0 and len(import_files()) == 2  # still young: kept
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        call_command("purge_import_files", stdout=(out := io.StringIO()))
    assert "2 fichiers d'import supprimés." in out.getvalue()
    assert import_files() == []
    job.refresh_from_db()
    assert job.path == "" and job.status == "failed" and job.finished_at is not None
    assert "plus disponible" in job.errors[0][2]
    # The pending import is gone for the user too: the next step asks for the file again.
    response = client_a.post("/salaries/import/valider/", follow=True)
    assert "Aucun import en attente" in response.content.decode()


def test_the_uploaded_file_is_kept_encrypted_until_it_is_imported(client_a, member_a):
    content = csv_bytes(line("CHIFFRE", order=7))
    upload(client_a, content)
    [stored] = import_files()
    kept = stored.read_bytes()
    number = content.decode().split("\n")[1].split(";")[4]
    assert b"CHIFFRE" not in kept and number.encode() not in kept and nir.decrypt_bytes(kept) == content
    client_a.post("/salaries/import/valider/")
    assert Employee.objects.filter(member=member_a, birth_name="CHIFFRE").exists()
    assert import_files() == []
