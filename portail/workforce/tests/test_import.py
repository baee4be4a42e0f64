import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.workforce import import_files, imports
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory

HEADER = "Nom de naissance;Prénom;Date de naissance;Sexe;N° Sécurité Sociale;Date d'embauche;Poste de travail;Contrat;Date de fin de contrat"


def line(name, first="Hélène", birth=date(1980, 5, 4), sex="F", order=1, hire="01/02/2020", contract="CDI", end=""):
    number = nirlib.generate(sex=sex, birth_date=birth, order=order)
    return f"{name};{first};{birth:%d/%m/%Y};{sex};{number};{hire};Opératrice;{contract};{end}"


def csv_bytes(*rows, encoding="utf-8", delimiter=";"):
    text = "\n".join([HEADER, *rows]).replace(";", delimiter)
    return text.encode(encoding)


def upload(client, content, name="salaries.csv", **choices):
    """Upload, then submit the mapping screen as pre-filled (with `col_N=target` overrides)."""
    response = client.post("/salaries/import/", {"file": SimpleUploadedFile(name, content)})
    if response.status_code != 302:
        return response
    assert response["Location"] == "/salaries/import/colonnes/"
    form = client.get("/salaries/import/colonnes/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | choices
    return client.post("/salaries/import/colonnes/", data)


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("latin-1", ",")]
)
def test_each_encoding_and_separator_reads_accented_names(member_a, encoding, delimiter):
    content = csv_bytes(line("CÉLINE-ÉTÉ"), encoding=encoding, delimiter=delimiter)
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    assert plan.counts["create"] == 1 and not plan.errors
    assert plan.rows[0].data["birth_name"] == "CÉLINE-ÉTÉ" and plan.rows[0].data["first_name"] == "Hélène"


def test_preview_counts_then_apply_creates_updates_and_exits(client_a, member_a):
    kept = EmployeeFactory(member=member_a, birth_name="ANCIEN", sex="H", birth_date=date(1970, 1, 1), nir__order=9)
    leaving = EmployeeFactory(member=member_a, birth_name="PARTANT", sex="H", birth_date=date(1971, 1, 1),
                              nir__order=10)
    header = HEADER + ";Date de sortie;Motif de sortie"
    rows = [
        line("NOUVEAU", order=2) + ";;",
        line("ANCIEN", first="Camille", sex="H", birth=date(1970, 1, 1), order=9, hire="06/01/2020").replace(
            "Opératrice", "Chef"
        )
        + ";;",
        line("PARTANT", first="Camille", sex="H", birth=date(1971, 1, 1), order=10, hire="06/01/2020").replace(
            "Opératrice", "Assistante"
        )
        + ";31/03/2024;démission",
        "BAD;X;01/01/1980;F;123;01/02/2020;Opératrice;CDD;;;",
    ]
    content = "\n".join([header, *rows]).encode()
    html = upload(client_a, content).content.decode()
    assert "1 nouveau salarié, 1 modifié, 1 sorti, 2 erreurs" in html
    assert "Date de fin de contrat" in html and "N° Sécurité Sociale" in html
    # errors: nothing can be applied
    client_a.post("/salaries/import/valider/")
    assert Employee.objects.filter(member=member_a).count() == 2
    content = "\n".join([header, *rows[:3]]).encode()
    assert "0 erreur" in upload(client_a, content).content.decode()
    assert client_a.post("/salaries/import/valider/").status_code == 302
    kept.refresh_from_db()
    leaving.refresh_from_db()
    assert kept.job_title == "Chef" and leaving.exit_date == date(2024, 3, 31) and leaving.exit_reason == "RESIGNATION"
    assert Employee.objects.filter(member=member_a, birth_name="NOUVEAU").exists()


def test_a_row_matching_an_employee_recorded_without_a_nir_is_refused_not_created_twice(member_a):
    EmployeeFactory(member=member_a, birth_name="SANSNIR", first_name="Hélène", sex="F", birth_date=date(1980, 5, 4))
    Employee.objects.filter(member=member_a).update(nir_hash="", nir_encrypted="", nir_masked="")
    content = csv_bytes(line("SANSNIR", order=3), line("AUTRE", order=4))
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    assert [row.action for row in plan.rows] == ["error", "create"]
    assert plan.rows[0].errors == [("__all__", imports.WITHOUT_NIR)]


def test_error_on_last_row_writes_nothing(member_a, member_admin):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2), line("TROIS", order=3, contract="CDD"))
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    assert plan.errors == [
        (4, "Date de fin de contrat", "La date de fin de contrat est obligatoire pour ce type de contrat.")
    ]
    with pytest.raises(import_files.ImportRefused):
        imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    assert not Employee.objects.exists()


def test_service_failure_on_last_row_rolls_back_the_whole_file(member_a, member_admin, monkeypatch):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2))
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    plan.rows[-1].data["hire_date"] = date(1900, 1, 1)  # became invalid after the preview
    with pytest.raises(import_files.ImportRefused, match="Ligne 3"):
        imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    assert not Employee.objects.exists()


def test_new_employees_written_in_bulk_keep_their_history_audit_and_exit(member_a, member_admin):
    from portail.audit.models import Event

    content = csv_bytes(line("UN", order=1), line("DEUX", order=2)).replace(
        b"Contrat;Date de fin de contrat", b"Contrat;Date de fin de contrat;Date de sortie") + b";15/03/2024"
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    two, one = Employee.objects.filter(member=member_a).order_by("birth_name")  # DEUX, UN
    assert (two.birth_name, two.exit_date, one.exit_date) == ("DEUX", date(2024, 3, 15), None)
    assert two.nir_masked and two.nir_hash and two.declared_category and two.birth_name_key == "DEUX"
    assert [h.history_user for h in one.history.all()] == [member_admin]
    assert two.history.count() == 2  # created, then the exit, as when added on the screen
    created = Event.objects.filter(action="employee.create", member_id=member_a.pk)
    assert sorted(created.values_list("object_id", flat=True)) == sorted([str(one.pk), str(two.pk)])
    assert Event.objects.filter(action="employee.exit", object_id=str(two.pk)).exists()


def test_a_nir_taken_between_preview_and_apply_names_its_line(member_a, member_admin):
    content = csv_bytes(line("UN", order=1), line("DEUX", order=2))
    plan = imports.plan_import(member=member_a, name="x.csv", content=content, nir_full=True)
    EmployeeFactory(member=member_a, nir=plan.rows[1].data["nir"], sex="F", birth_date=date(1980, 5, 4))
    with pytest.raises(import_files.ImportRefused, match="Ligne 3 : Ce N° de Sécurité Sociale est déjà utilisé"):
        imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    assert Employee.objects.filter(member=member_a).count() == 1


def test_reimporting_an_export_changes_nothing(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="=CMD", pcs_code="344b", contract="CDD", contract_end=date(2025, 6, 30))
    EmployeeFactory(member=member_a, birth_name="STABLE")
    exported = client_a.get("/salaries/export.xlsx").content
    plan = imports.plan_import(member=member_a, name="export.xlsx", content=exported, nir_full=True)
    assert plan.counts == {"create": 0, "update": 0, "exit": 0, "unchanged": 2, "error": 0}, plan.errors
    csv_export = b"".join(client_a.get("/salaries/export.csv").streaming_content)
    plan = imports.plan_import(member=member_a, name="export.csv", content=csv_export, nir_full=True)
    assert plan.counts["unchanged"] == 2


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"a" * (import_files.MAX_BYTES + 1), "taille maximale"),
        ("fake.xlsx", b"Nom;Prenom\nA;B", "pas un vrai fichier Excel"),
        ("bomb.xlsx", _zip([("xl/big.xml", b"0" * (import_files.MAX_UNCOMPRESSED + 1))]), "décompressé"),
        ("many.xlsx", _zip([(f"f{i}.xml", b"x") for i in range(import_files.MAX_ZIP_ENTRIES + 1)]), "décompressé"),
        ("broken.xlsx", _zip([("hello.txt", b"not a workbook")]), "ne peut pas être lu"),
        ("junk.csv", bytes(range(256)) * 4, "pas un fichier texte"),
        ("photo.png", b"\x89PNG\r\n", "Seuls les fichiers CSV et Excel"),
        ("nohead.csv", b"Foo;Bar\n1;2", "Colonnes obligatoires absentes"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(client_a, name, content, message):
    response = upload(client_a, content, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Employee.objects.exists()


def test_cancel_discards_the_pending_file_and_anonymous_is_refused(client_a, member_a):
    from django.test import Client

    upload(client_a, csv_bytes(line("UN")))
    client_a.post("/salaries/import/annuler/")
    assert client_a.post("/salaries/import/valider/").status_code == 302
    assert not Employee.objects.exists()
    assert Client().get("/salaries/import/").status_code == 302
