"""An import never tells an account that may not see NIRs in clear (a mandataire) who holds a number it typed: its
rows are matched on birth name, first name and birth date, and a NIR held by another employee refuses the row
without naming anyone, on the preview, the import (in the request or in the background) and the rejected rows.
The form's rule (test_employee_form: the holder is named only to a role with NIR access)."""

import io
from datetime import date

import pytest
import time_machine
from django.utils.html import escape
from openpyxl import load_workbook

from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory, client_acting_for
from portail.workforce import import_tasks, imports
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee, ImportJob
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tests.test_import import csv_bytes, line, upload

pytestmark = pytest.mark.django_db

BIRTH = date(1980, 5, 4)  # `line`'s default birth date: its NIRs are those of `holder`'s sex and birth date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        yield


@pytest.fixture
def holder(member_a):
    return EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", sex="F", birth_date=BIRTH,
                           job_title="Comptable", nir__order=7)


@pytest.fixture
def mandataire_client(mandataire, member_a):
    return client_acting_for(mandataire, member_a)


def probe(order=7, name="SONDE", first="Zoé"):
    """A row of another identity carrying the NIR numbered `order` (the holder's by default)."""
    return line(name, first=first, order=order)


def test_preview_for_a_mandataire_refuses_a_held_nir_without_naming_its_holder(mandataire_client, holder):
    html = upload(mandataire_client, csv_bytes(probe())).content.decode()
    assert "0 nouveau salarié, 0 modifié, 0 sorti, 1 erreur" in html
    assert escape(imports.NIR_HELD) in html
    assert "DURAND" not in html and "Léa" not in html
    assert 'data-testid="import-matching"' in html  # says how its rows find known employees


def test_apply_for_a_mandataire_leaves_the_holder_untouched_and_counts_no_update(mandataire_client, member_a,
                                                                                  holder):
    upload(mandataire_client, csv_bytes(probe(), line("NOUVEAU", order=2)))
    refused = mandataire_client.post("/salaries/import/valider/", follow=True).content.decode()
    assert "corrigez-les avant d&#x27;importer" in refused
    assert Employee.objects.filter(member=member_a).count() == 1
    upload(mandataire_client, csv_bytes(probe(), line("NOUVEAU", order=2)))
    done = mandataire_client.post("/salaries/import/valider/", {"valid_only": "1"}, follow=True).content.decode()
    assert "Import terminé : 1 nouveaux salariés, 0 modifiés, 0 sortis, 1 lignes rejetées non importées." in done
    holder.refresh_from_db()
    assert (holder.birth_name, holder.first_name, holder.job_title) == ("DURAND", "Léa", "Comptable")
    assert set(Employee.objects.filter(member=member_a).values_list("birth_name", flat=True)) == {"DURAND",
                                                                                                  "NOUVEAU"}


def test_a_mandataires_row_finds_its_employee_by_identity_whatever_nir_it_carries(mandataire_client, member_a,
                                                                                  holder):
    other = EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH,
                            job_title="Comptable", nir__order=8)
    # The holder's row with its own NIR, with the other employee's NIR, and with a NIR no one holds: one answer.
    previews = [upload(mandataire_client, csv_bytes(line("Durand", first="LEA", order=order))).content.decode()
                for order in (7, 8, 9)]
    for html in previews:
        assert "0 nouveau salarié, 1 modifié, 0 sorti, 0 erreur" in html
        assert "MARTIN" not in html
    mandataire_client.post("/salaries/import/valider/")  # the last one: a NIR no one holds
    upload(mandataire_client, csv_bytes(line("Durand", first="LEA", order=8)))
    mandataire_client.post("/salaries/import/valider/")
    holder.refresh_from_db()
    other.refresh_from_db()
    assert holder.job_title == "Opératrice" and holder.nir_masked == nirlib.mask(
        nirlib.generate(sex="F", birth_date=BIRTH, order=7))  # the import never rewrites a NIR
    assert (other.birth_name, other.first_name, other.job_title) == ("MARTIN", "Zoé", "Comptable")


def test_a_mandataires_rows_refuse_homonyms_and_the_same_employee_twice(mandataire_client, member_a, holder):
    html = upload(mandataire_client, csv_bytes(line("DURAND", first="Léa", order=9),
                                               line("DURAND", first="Léa", order=10))).content.decode()
    assert escape(imports.ALREADY_ABOVE) in html
    EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", sex="F", birth_date=BIRTH,
                    nir__order=11)
    html = upload(mandataire_client, csv_bytes(line("DURAND", first="Léa", order=7))).content.decode()
    assert escape(imports.HOMONYMS) in html and "0 modifié" in html


def test_rejected_rows_for_a_mandataire_say_the_nir_is_held_without_naming_anyone(mandataire_client, holder):
    upload(mandataire_client, csv_bytes(probe(), line("NOUVEAU", order=2)))
    sheet = load_workbook(io.BytesIO(mandataire_client.get("/salaries/import/rejets/").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "SONDE"
    assert rows[1][-1] == f"N° Sécurité Sociale : {imports.NIR_HELD}"
    assert not any("DURAND" in str(cell) for row in rows for cell in row)


def test_a_background_import_for_a_mandataire_does_not_match_on_the_nir(mandataire_client, member_a, holder,
                                                                         settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 1
    upload(mandataire_client, csv_bytes(probe(), line("NOUVEAU", order=2)))
    mandataire_client.post("/salaries/import/valider/", {"valid_only": "1"})
    job = ImportJob.objects.get(member=member_a)
    assert job.status == "done"
    assert job.counts == {"create": 1, "update": 0, "exit": 0, "unchanged": 0}
    assert job.errors == [[2, "N° Sécurité Sociale", imports.NIR_HELD]]
    holder.refresh_from_db()
    assert (holder.birth_name, holder.first_name) == ("DURAND", "Léa")


def test_a_role_with_nir_access_still_updates_the_holder_of_the_nir(member_a, holder):
    hr = client_acting_for(MembershipFactory(member=member_a, role=Role.HR).user, member_a)
    html = upload(hr, csv_bytes(probe())).content.decode()
    assert "0 nouveau salarié, 1 modifié, 0 sorti, 0 erreur" in html
    assert 'data-testid="import-matching"' not in html
    hr.post("/salaries/import/valider/")
    holder.refresh_from_db()
    assert (holder.birth_name, holder.first_name) == ("SONDE", "Zoé")


def test_a_background_job_matches_on_the_nir_as_its_author_may_now(member_a, member_admin, mandataire):
    hr = MembershipFactory(member=member_a, role=Role.HR)
    assert import_tasks._nir_full(ImportJob(member=member_a, created_by=member_admin))
    assert import_tasks._nir_full(ImportJob(member=member_a, created_by=hr.user))
    assert not import_tasks._nir_full(ImportJob(member=member_a, created_by=mandataire))
    assert not import_tasks._nir_full(ImportJob(member=member_a, created_by=None))
    hr.is_active = False  # a membership ended since the upload: no NIR access left
    hr.save()
    assert not import_tasks._nir_full(ImportJob(member=member_a, created_by=hr.user))
