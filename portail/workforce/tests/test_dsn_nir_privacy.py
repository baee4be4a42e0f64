"""A DSN never tells an account that may not see NIRs in clear (a mandataire) who holds a number it sent.

Without NIR access, an individual is the employee whose NIR and identity (birth name, first name, birth date) both
match; a NIR held by someone else, or an identity held under another NIR or none, is a row « À vérifier » that
names no one and is never written, on the preview and the apply (in the request or the background job). The
employee import's rule (test_import_nir_privacy); accounts with NIRs in clear, and staff, match by NIR as before."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory, NamedUserFactory, client_acting_for, logged_in
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.dsn.model import Contract, DsnFile, Establishment, Individual
from portail.dsn.testing import dsn_bytes
from portail.workforce import dsn_sync
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee, ImportJob
from portail.workforce.tests.dsn_files import ALL, dsn_upload, pending_token
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

BIRTH = date(1980, 5, 4)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 10), tick=False):
        yield


@pytest.fixture
def holder(member_a):
    return EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", sex="F", birth_date=BIRTH,
                           job_title="Comptable", nir=_nir(7))


def _nir(order: int) -> str:
    return nirlib.generate(sex="F", birth_date=BIRTH, order=order)


def person(name: str, first: str = "Zoé", *, order: int, job: str = "Opératrice") -> Individual:
    """An individual of the DSN carrying the NIR numbered `order` (7 is the holder's), as the norm sends it."""
    contract = Contract(start_date=date(2020, 1, 6), number="1", nature="01", job_title=job, pcs_ese="")
    return Individual(nir=_nir(order)[:13], birth_name=name, first_names=first, birth_date=BIRTH, sex="F",
                      contracts=[contract])


def dsn_of(member, *people: Individual) -> bytes:
    return dsn_bytes(DsnFile(month=date(2026, 2, 1), establishments=[
        Establishment(siren=member.siret[:9], nic=member.siret[9:], individuals=list(people))]))


@pytest.fixture
def mandataire_client(mandataire, member_a):
    return client_acting_for(mandataire, member_a)


def preview(client, member, *people: Individual):
    """The preview page of a DSN holding `people`, uploaded by `client` for `member`."""
    dsn_upload(client, dsn_of(member, *people))
    return client.get(f"/salaries/import/dsn/{pending_token(client, member)}/")


def apply(client, member, data=None):
    return client.post(f"/salaries/import/dsn/{pending_token(client, member)}/valider/", data or ALL, follow=True)


def test_preview_for_a_mandataire_never_names_the_holder_of_a_nir_sent_with_another_identity(mandataire_client,
                                                                                              member_a, holder):
    response = preview(mandataire_client, member_a, person("SONDE", order=7))
    html = response.content.decode()
    assert "0 entrée, 0 sortie, 0 modification, 0 réembauche, 0 inchangé, 0 non repris, 1 à vérifier." in html
    assert "À vérifier (1)" in html and escape(dsn_sync.REVIEW) in html
    assert "SONDE" in html  # the name the file carries, which the uploader sent
    assert "DURAND" not in html and "Léa" not in html and "Comptable" not in html
    assert "Modifications (" not in html and "Nouveaux salariés" not in html
    row = response.context["plan"].rows[0]
    assert (row.action, row.employee, row.changes, row.data) == ("review", None, [], {})
    assert response.context["plan"].matched == 0
    assert "leur nom de naissance, leur prénom et leur date de naissance" in html


def test_an_identity_held_under_another_nir_or_none_is_to_review_too(mandataire_client, member_a, holder):
    no_nir = EmployeeFactory(member=member_a, birth_name="SANS", first_name="Inès", sex="F", birth_date=BIRTH)
    Employee.objects.filter(pk=no_nir.pk).update(nir_hash="", nir_encrypted="", nir_masked="")
    html = preview(mandataire_client, member_a, person("Durand", "LEA", order=9),
                   person("SANS", "Inès", order=10)).content.decode()
    assert "À vérifier (2)" in html and "0 entrée," in html
    assert "Comptable" not in html


def test_apply_for_a_mandataire_writes_nothing_for_rows_to_review(mandataire_client, member_a,
                                                                                  holder):
    other = EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Zoé", sex="F", birth_date=BIRTH,
                            job_title="Comptable", nir=_nir(8))
    preview(mandataire_client, member_a, person("SONDE", order=7), person("MARTIN", order=9))
    done = apply(mandataire_client, member_a).content.decode()  # every kind of change ticked, no row unticked
    assert "DSN de février 2026 appliquée : 0 entrée, 0 sortie, 0 modification, 0 réembauche." in done
    assert "Salariés à vérifier, laissés tels quels : 2. Vérifiez-les" in done
    holder.refresh_from_db()
    other.refresh_from_db()
    assert (holder.birth_name, holder.first_name, holder.job_title) == ("DURAND", "Léa", "Comptable")
    assert (other.birth_name, other.job_title, other.nir_hash) == ("MARTIN", "Comptable", nirlib.keyed_hash(_nir(8)))
    assert Employee.objects.filter(member=member_a).count() == 2


def test_same_identity_and_same_nir_updates_and_new_identity_with_new_nir_creates(mandataire_client, member_a,
                                                                                  holder):
    html = preview(mandataire_client, member_a, person("Durand", "LEA", order=7),
                   person("NOUVEAU", order=2, job="Magasinière")).content.decode()
    assert "1 entrée, 0 sortie, 1 modification" in html and "à vérifier" not in html
    assert "Poste de travail : Comptable → Opératrice" in html  # the employee's own, found by NIR and identity
    done = apply(mandataire_client, member_a).content.decode()
    assert "1 entrée, 0 sortie, 1 modification, 0 réembauche." in done
    holder.refresh_from_db()
    assert holder.job_title == "Opératrice"
    created = Employee.objects.get(member=member_a, birth_name="NOUVEAU")
    assert created.job_title == "Magasinière" and created.nir_hash == nirlib.keyed_hash(_nir(2))


def test_an_employee_typed_with_all_their_first_names_is_found(mandataire_client, member_a):
    typed = EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa Marie", sex="F", birth_date=BIRTH,
                            job_title="Comptable", nir=_nir(7))
    html = preview(mandataire_client, member_a, person("DURAND", "LEA MARIE", order=7)).content.decode()
    assert "0 entrée, 0 sortie, 1 modification" in html and "à vérifier" not in html
    apply(mandataire_client, member_a)
    typed.refresh_from_db()
    assert typed.job_title == "Opératrice"


def test_a_named_user_without_nir_access_is_matched_as_a_mandataire(member_a, holder):
    user = NamedUserFactory()
    MembershipFactory(user=user, member=member_a, role=Role.READ_ONLY.value)
    assert not dsn_sync.dsn_nir_full(user=user, member_id=member_a.pk, back_office=False)
    MembershipFactory(user=(hr := NamedUserFactory()), member=member_a, role=Role.HR.value)
    assert dsn_sync.dsn_nir_full(user=hr, member_id=member_a.pk, back_office=False)


def test_a_background_apply_for_a_mandataire_matches_as_its_preview(mandataire_client, member_a, holder, settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 1
    preview(mandataire_client, member_a, person("SONDE", order=7), person("NOUVEAU", order=2))
    mandataire_client.post(f"/salaries/import/dsn/{pending_token(mandataire_client, member_a)}/valider/", ALL)
    job = ImportJob.objects.get(member=member_a)
    assert job.status == "done" and job.counts == {"create": 1, "exit": 0, "update": 0, "rehire": 0, "review": 1}
    page = mandataire_client.get(f"/salaries/import/suivi/{job.pk}/").content.decode()
    assert "1 salarié de la DSN ressemble à un salarié déjà enregistré : rien n'a été écrit pour lui. Vérifiez-le dans votre liste" in page
    assert "DURAND" not in page
    holder.refresh_from_db()
    assert (holder.birth_name, holder.first_name, holder.job_title) == ("DURAND", "Léa", "Comptable")


def test_the_member_s_own_account_still_matches_by_nir_alone(client_a, member_a, holder):
    response = preview(client_a, member_a, person("SONDE", order=7))
    html = response.content.decode()
    assert "0 entrée, 0 sortie, 1 modification" in html and "à vérifier" not in html
    assert "Nom de naissance : DURAND → SONDE" in html
    assert "reconnus par leur N° de Sécurité Sociale : 1." in html
    apply(client_a, member_a)
    holder.refresh_from_db()
    assert holder.birth_name == "SONDE"


def test_staff_in_the_back_office_match_by_nir_alone(client, member_a, holder):
    client = login_verified(client, *staff_with_device(StaffRole.RECEPTION))
    content = dsn_of(member_a, person("SONDE", order=7))
    response = client.post(f"/gestion/adherents/{member_a.pk}/dsn/",
                           {"files": [SimpleUploadedFile("paie.dsn", content)]})
    html = client.get(response["Location"]).content.decode()
    assert "1 modification," in html and "Nom de naissance : DURAND → SONDE" in html


def test_a_background_job_started_by_staff_matches_by_nir_alone(staff_user, member_a):
    assert dsn_sync.dsn_job_nir_full(user=staff_user, member_id=member_a.pk)
    assert not dsn_sync.dsn_job_nir_full(user=None, member_id=member_a.pk)


def test_another_member_s_employees_never_appear(mandataire_client, member_a, member_b, other_member, holder):
    stranger = EmployeeFactory(member=member_b, birth_name="ETRANGER", first_name="Zoé", sex="F", birth_date=BIRTH,
                               job_title="Directrice", nir=_nir(3))
    # Member B's NIR and identity mean nothing in member A's list: a hire there, nothing to review, B untouched.
    html = preview(mandataire_client, member_a, person("ETRANGER", order=3)).content.decode()
    assert "1 entrée," in html and "à vérifier" not in html and "Directrice" not in html
    outsider = logged_in(other_member)
    token = pending_token(mandataire_client, member_a)
    assert outsider.get(f"/salaries/import/dsn/{token}/").status_code == 404
    assert outsider.post(f"/salaries/import/dsn/{token}/valider/", ALL).status_code == 404
    apply(mandataire_client, member_a)
    stranger.refresh_from_db()
    assert (stranger.member_id, stranger.birth_name, stranger.job_title) == (member_b.pk, "ETRANGER", "Directrice")
    assert Employee.objects.filter(member=member_b).count() == 1
    assert Employee.objects.filter(member=member_a, birth_name="ETRANGER").count() == 1


def test_a_choice_never_keeps_a_row_to_review():
    row = dsn_sync.DsnRow(0, "review", "SONDE Zoé", "12345678900011")
    everything = dsn_sync.DsnChoice(actions=frozenset({*dsn_sync.ACTIONS, "review", "unchanged", "skipped"}))
    assert not everything.keeps(row)
    assert everything.keeps(dsn_sync.DsnRow(1, "create", "NOUVEAU Zoé", "12345678900011"))
