from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from portail.accounts.tests.factories import logged_in
from portail.workforce import import_tasks, imports, services
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee, ImportJob, ImportMapping
from portail.workforce.tests.test_import import HEADER, csv_bytes, line, upload

# Titles nobody's auto-recognition knows: the member has to map them by hand.
ODD_HEADER = "NOM_NAISS;PRENOM_USUEL;NE_LE;G;SECU;ENTREE;FCT;TYPE_CONTRAT;FIN"
ODD_MAPPING = {
    "col_0": "birth_name",
    "col_1": "first_name",
    "col_2": "birth_date",
    "col_3": "sex",
    "col_4": "nir",
    "col_5": "hire_date",
    "col_6": "job_title",
    "col_7": "contract",
    "col_8": "contract_end",
}


@pytest.fixture
def other_client(other_member):
    """Member B in its own browser (the conftest's client_a and other_client share one client)."""
    return logged_in(other_member)


def odd_file(*rows):
    return "\n".join([ODD_HEADER, *rows]).encode()


def post_file(client, content, name="salaries.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/salaries/import/", {"file": SimpleUploadedFile(name, content)})


def test_mapping_is_remembered_for_the_member_and_not_offered_to_another(client_a, other_client, member_a, member_b):
    content = odd_file(line("UN"))
    html = upload(client_a, content, **ODD_MAPPING).content.decode()
    assert "1 nouveau salarié, 0 modifié, 0 sorti, 0 erreur" in html
    assert ImportMapping.objects.filter(member=member_a).count() == 1
    # Next time, the same layout comes back pre-filled with the member's choices.
    post_file(client_a, content)
    form = client_a.get("/salaries/import/colonnes/").context["form"]
    assert [form[f"col_{i}"].value() for i in range(9)] == list(ODD_MAPPING.values())
    # Another member uploading the same layout gets nothing of A's choices.
    post_file(other_client, content)
    form = other_client.get("/salaries/import/colonnes/").context["form"]
    assert all(not form[f"col_{i}"].value() for i in range(9))
    assert not ImportMapping.objects.filter(member=member_b).exists()


def test_missing_required_column_shows_a_french_error_and_keeps_the_choices(client_a):
    choices = {**ODD_MAPPING, "col_4": ""}
    response = upload(client_a, odd_file(line("UN")), **choices)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Colonnes obligatoires absentes : N° Sécurité Sociale." in html
    form = response.context["form"]
    assert form["col_0"].value() == "birth_name" and form["col_4"].value() == ""
    # Two columns for one field is refused too.
    html = upload(client_a, odd_file(line("UN")), **{**ODD_MAPPING, "col_8": "birth_name"}).content.decode()
    assert "Plusieurs colonnes ont la même correspondance : Nom de naissance." in html
    # Nothing pending can be applied.
    client_a.post("/salaries/import/valider/")
    assert not Employee.objects.exists()


def test_mapping_screen_without_a_pending_file_redirects_and_anonymous_is_refused(client_a):
    response = client_a.get("/salaries/import/colonnes/")
    assert response.status_code == 302 and response["Location"] == "/salaries/import/"
    assert Client().get("/salaries/import/colonnes/").status_code == 302


def det_file(*rows):
    return "\n".join([HEADER + ";Déterminants;Justification", *rows]).encode()


def test_determinants_column_accepts_codes_and_seed_labels_and_computes_the_category(client_a, member_a):
    content = det_file(
        line("CODES", order=1) + ";CMR, NIGHT;",
        line("LIBELLES", order=2) + ';"Femme enceinte, allaitante ou venant d\'accoucher; travailleur de nuit";',
        line("EMPLOYEUR", order=3) + ";EMPLOYER;Travail isolé en cuve",
        line("SANS", order=4) + ";;",
    )
    html = upload(client_a, content).content.decode()
    assert "4 nouveaux salariés, 0 modifié, 0 sorti, 0 erreur" in html
    assert client_a.post("/salaries/import/valider/").status_code == 302
    people = {e.birth_name: e for e in Employee.objects.filter(member=member_a)}
    assert set(people["CODES"].determinants) == {"CMR", "NIGHT"} and people["CODES"].declared_category == "SIR"
    assert set(people["LIBELLES"].determinants) == {"PREGNANT", "NIGHT"}
    assert people["LIBELLES"].declared_category == "SIA"
    assert people["EMPLOYEUR"].declared_category == "SIR"
    assert people["SANS"].determinants == ["NONE"] and people["SANS"].declared_category == "SI"
    # Re-importing the same file changes nothing.
    assert (
        "0 nouveau salarié, 0 modifié, 0 sorti, 0 erreur (4 inchangés)"
        in upload(client_a, content).content.decode()
    )


def test_invalid_determinants_are_errors_with_their_line(member_a):
    content = det_file(
        line("UN", order=1) + ";CMR;",
        line("DEUX", order=2) + ";CMR;Amiante des toits",
        line("TROIS", order=3) + ";NONE, CMR;",
        line("QUATRE", order=4) + ";EMPLOYER;",
        line("CINQ", order=5) + ';"CMR; licorne";',
    )
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    errors = {line: (field, message) for line, field, message in plan.errors}
    assert set(errors) == {5, 6}
    # "Aucun suivi particulier" beside a risk is no error: the risk is what the line declares.
    [both] = [row for row in plan.rows if row.line == 4]
    assert (both.action, both.data["determinants"]) == ("create", ["CMR"])
    assert errors[5][0] == "Justification" and "R4624-23 III" in errors[5][1]
    assert errors[6][0] == "Déterminants" and "« licorne »" in errors[6][1]


def test_parse_determinants_handles_commas_inside_labels():
    codes, unknown = imports.parse_determinants(
        "Femme enceinte, allaitante ou venant d'accoucher, Salarié exposé à manutention manuelle, "
        "port de charges > 55kg (R4541-9);bio2"
    )
    assert codes == ["PREGNANT", "LOAD55", "BIO2"] and unknown == []


@pytest.fixture
def small_threshold(settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 2


def test_large_file_runs_as_a_background_job_with_progress(client_a, other_client, member_a, small_threshold):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2), line("TROIS", order=3))
    upload(client_a, content)
    response = client_a.post("/salaries/import/valider/")
    job = ImportJob.objects.get(member=member_a)
    assert response["Location"] == f"/salaries/import/suivi/{job.pk}/"
    assert job.status == "done" and job.total == job.done == 3 and job.finished_at
    assert job.counts == {"create": 3, "update": 0, "exit": 0, "unchanged": 0}
    assert Employee.objects.filter(member=member_a).count() == 3
    assert job.path == ""  # the uploaded file is not kept (test_import_files.py)
    page = client_a.get(f"/salaries/import/suivi/{job.pk}/").content.decode()
    assert "Import terminé : 3 nouveaux salariés, 0 modifié, 0 sorti" in page
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert "Import terminé" in fragment and "hx-trigger" not in fragment  # polling stops
    # Another member's job is not found; anonymous users go to the login page.
    assert other_client.get(f"/salaries/import/suivi/{job.pk}/").status_code == 404
    assert other_client.get(f"/salaries/import/suivi/{job.pk}/progression/").status_code == 404
    assert Client().get(f"/salaries/import/suivi/{job.pk}/progression/")["Location"].startswith("/connexion/")


def test_running_job_fragment_polls_every_second_and_shows_lines(client_a, member_a, member_admin):
    job = ImportJob.objects.create(
        member=member_a, created_by=member_admin, status="running", phase="write", total=3000, done=1200
    )
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and f'hx-get="/salaries/import/suivi/{job.pk}/progression/"' in fragment
    assert "Enregistrement des salariés" in fragment
    assert "1200 / 3000 lignes" in fragment and 'value="1200"' in fragment
    ImportJob.objects.filter(pk=job.pk).update(phase="check", done=10)
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert "Vérification des lignes" in fragment and "10 / 3000 lignes" in fragment


def test_background_job_writes_nothing_when_the_last_row_fails(client_a, member_a, small_threshold, monkeypatch):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2), line("TROIS", order=3))
    upload(client_a, content)
    real_build = services.employee_build  # new employees are checked one by one, then written in bulk
    calls = []

    def failing_build(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError("Ce salarié a changé entre-temps.")
        return real_build(**kwargs)

    monkeypatch.setattr(services, "employee_build", failing_build)
    client_a.post("/salaries/import/valider/")
    job = ImportJob.objects.get(member=member_a)
    assert job.status == "failed" and job.done == 0
    assert job.errors[0][2] == "Ligne 4 : Ce salarié a changé entre-temps."
    assert not Employee.objects.exists()
    fragment = client_a.get(f"/salaries/import/suivi/{job.pk}/progression/").content.decode()
    assert "rien n'a été enregistré" in fragment and "Ligne 4" in fragment


def test_background_job_with_an_invalid_row_at_the_end_lists_it_and_writes_nothing(member_a, member_admin):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2), line("TROIS", order=3, contract="CDD"))
    path = default_storage.save(f"imports/{member_a.pk}/test", ContentFile(nirlib.encrypt_bytes(content)))
    job = ImportJob.objects.create(
        member=member_a,
        created_by=member_admin,
        name="x.csv",
        path=path,
        mapping=imports.auto_mapping(HEADER.split(";")),
        total=3,
    )
    import_tasks.import_job_run.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert [
        4,
        "Date de fin de contrat",
        "La date de fin de contrat est obligatoire pour ce type de contrat.",
    ] in job.errors
    assert not Employee.objects.exists()
    # A retried task does not run a finished job again.
    import_tasks.import_job_run.call(job.pk)
    assert not Employee.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_the_import_transaction_is_open(member_a):
    from django.db import connections, transaction

    job = ImportJob.objects.create(member=member_a, total=10)
    observer = connections.create_connection("default")
    try:
        with transaction.atomic():
            Employee.objects.filter(member=member_a).update(job_title="x")  # the import's open transaction
            with import_tasks._progress_writer(job.pk) as progress:
                progress(7)
            with observer.cursor() as cursor:
                cursor.execute("SELECT done, phase FROM workforce_importjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (7, "write")
    finally:
        observer.close()


def test_nir_of_the_file_never_shows_on_the_mapping_screen(client_a):
    number = nirlib.generate(sex="F", birth_date=date(1980, 5, 4), order=1)
    post_file(client_a, csv_bytes(line("UN", order=1)))
    assert number not in client_a.get("/salaries/import/colonnes/").content.decode()
