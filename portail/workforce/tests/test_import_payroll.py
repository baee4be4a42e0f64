"""A payroll software's employee export (Silae, Sage, PayFit…) imports on the first try."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from portail.workforce import imports
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.tests.test_import import upload

pytestmark = pytest.mark.django_db
PAYROLL_HEADER = ("Nom de famille;Prénoms;Civilité;Date de naissance;N° de sécurité sociale;Date d'entrée;"
                  "Libellé emploi;Code PCS-ESE;Nature du contrat;Date de sortie")


def payroll_row(name, *, order=1, pcs="389b", nature="Contrat de travail à durée indéterminée de droit privé",
                civility="Mme", exit_date="", nir=None):
    birth = date(1984, 3, 9)
    number = nir if nir is not None else nirlib.generate(sex="F", birth_date=birth, order=order)
    return f"{name};Claire Anne;{civility};09/03/1984;{number};02/01/2019;Technicienne;{pcs};{nature};{exit_date}"


def payroll_file(*rows):
    return "\n".join([PAYROLL_HEADER, *rows]).encode("utf-8")


def test_a_ten_column_payroll_export_is_fully_recognised():
    mapping = imports.auto_mapping(PAYROLL_HEADER.split(";"))
    assert mapping == ["birth_name", "first_name", "sex", "birth_date", "nir", "hire_date", "job_title", "pcs_code",
                       "contract", "exit_date"]


@pytest.mark.parametrize(("title", "target"), [
    ("NIR", "nir"), ("N° Sécurité Sociale", "nir"), ("Emploi", "job_title"), ("Date d'entrée", "hire_date"),
    ("Code PCS-ESE", "pcs_code"), ("Nature du contrat", "contract"), ("Date de sortie", "exit_date"),
    ("Type de contrat", "contract"), ("Motif de fin de contrat", "exit_reason"), ("Nom d'usage", "usage_name"),
])
def test_common_payroll_titles(title, target):
    assert imports.auto_mapping([title]) == [target]


@pytest.mark.parametrize(("value", "kind"), [
    ("01", "CDI"), ("Contrat de travail à durée déterminée de droit privé", "CDD"), ("Apprentissage", "APPRENTICE"),
    ("Contrat de professionnalisation", "PRO"), ("Stagiaire", "INTERN"), ("Intérimaire", "INTERIM"),
    ("CDD saisonnier", "SEASONAL"), ("CDI", "CDI"),
])
def test_contract_values_of_payroll_exports(value, kind):
    assert imports._normalise({"contract": value})["contract"] == kind


def test_unknown_pcs_code_is_a_warning_and_the_row_imports_without_it(client_a, member_a):
    html = upload(client_a, payroll_file(payroll_row("ANCIEN", pcs="46ZZ"), payroll_row("NOUVEAU", order=2))).content
    html = html.decode()
    assert "2 nouveaux salariés" in html and "0 erreur" in html and "1 avertissement" in html
    assert "inconnu de la nomenclature PCS-ESE 2017" in html
    client_a.post("/salaries/import/valider/")
    assert Employee.objects.get(member=member_a, birth_name="ANCIEN").pcs_code == ""
    new = Employee.objects.get(member=member_a, birth_name="NOUVEAU")
    assert (new.pcs_code, new.contract, new.sex, new.first_name) == ("389b", "CDI", "F", "Claire Anne")


def test_blocking_error_still_blocks_the_whole_file_unless_valid_rows_are_asked(client_a, member_a):
    upload(client_a, payroll_file(payroll_row("BON"), payroll_row("MAUVAIS", order=2, nir="123")))
    response = client_a.post("/salaries/import/valider/", follow=True)
    assert "rien" in response.content.decode() or not Employee.objects.exists()
    assert not Employee.objects.exists()


def test_import_valid_rows_then_download_rejected_ones(client_a, member_a):
    html = upload(client_a, payroll_file(payroll_row("BON"), payroll_row("MAUVAIS", order=2, nir="123"))).content
    assert "Importer les lignes valides" in html.decode()
    download = client_a.get("/salaries/import/rejets/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Erreur" and rows[0][0] == "Nom de famille"
    assert len(rows) == 2 and rows[1][0] == "MAUVAIS" and "N° Sécurité Sociale" in rows[1][-1]
    response = client_a.post("/salaries/import/valider/", {"valid_only": "1"}, follow=True)
    assert "1 lignes rejetées non importées" in response.content.decode()
    assert list(Employee.objects.filter(member=member_a).values_list("birth_name", flat=True)) == ["BON"]


def test_valid_rows_in_the_background(client_a, member_a, settings):
    from portail.workforce.models import ImportJob

    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 1
    upload(client_a, payroll_file(payroll_row("BON"), payroll_row("MAUVAIS", order=2, nir="123")))
    response = client_a.post("/salaries/import/valider/", {"valid_only": "1"})
    job = ImportJob.objects.get(member=member_a)
    assert response.url == f"/salaries/import/suivi/{job.pk}/"
    assert job.status == "done" and job.counts["create"] == 1 and job.errors[0][0] == 3
    assert "1 ligne en erreur non importée" in client_a.get(response.url).content.decode()
