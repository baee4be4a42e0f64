from datetime import date

import pytest

from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory, client_acting_for
from portail.audit.models import Event
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.tests.factories import EmployeeFactory

BIRTH = date(1990, 3, 15)
GOOD_NIR = nirlib.generate(sex="F", birth_date=BIRTH, order=42)


def payload(**overrides):
    data = {
        "birth_name": "  Martin ",
        "usage_name": "",
        "first_name": "Léa",
        "birth_date": "15/03/1990",
        "sex": "F",
        "nir": GOOD_NIR,
        "hire_date": "2024-09-02",
        "job_title": "Comptable",
        "contract": "CDI",
        "pcs_code": "344B – Médecins salariés non hospitaliers",
        "trial_end": "",
        "contract_end": "",
        "determinants": ["NONE"],
        "employer_risk_justification": "",
        "scheduling_constraints": "Pas le lundi",
        "comments": "",
    }
    data.update(overrides)
    return data


def test_form_shows_seed_wording_and_all_21_determinants(client_a):
    html = client_a.get("/salaries/ajouter/").content.decode()
    for text in (
        "Situation civile :",
        "Situation dans l'entreprise :",
        "Déterminant Suivi Individuel :",
        "Catégorie déclarée : SI",
        "Contrainte(s) de convocation",
        "Commentaire(s)",
        "champs obligatoires",
        "Annuler",
        "Valider",
        "Pensez à bien valider l'ensemble des informations",
        "Par défaut, la catégorie de votre salarié est « Suivi Individuel - SI »",
    ):
        assert text in html, text
    assert html.count('name="determinants"') == 21


def test_create_with_cmr_declares_sir_and_stores_nir_encrypted(client_a, member_a):
    response = client_a.post("/salaries/ajouter/", payload(determinants=["CMR", "NIGHT"]))
    employee = Employee.objects.get(member=member_a)
    assert response.status_code == 302 and response.url == f"/salaries/{employee.pk}/"
    assert employee.birth_name == "Martin" and employee.declared_category == "SIR"
    assert employee.service_category is None and employee.pcs_code == "344b"
    assert GOOD_NIR not in employee.nir_encrypted and employee.nir_masked == "2 •• •• •• ••• 042 ••"
    event = Event.objects.get(action="employee.create")
    assert GOOD_NIR not in str(event.data) + event.summary


def test_category_preview_gives_reason_and_legal_basis(client_a):
    response = client_a.post("/salaries/categorie/", {"determinants": ["ASBESTOS", "NIGHT"]})
    html = response.content.decode()
    assert "Catégorie déclarée : SIR" in html and "exposition à l&#x27;amiante – art. R4624-23 I 1°" in html
    assert "Catégorie déclarée : SI<" in client_a.post("/salaries/categorie/", {}).content.decode()


def test_wrong_nir_keeps_what_was_typed(client_a, member_a):
    bad = GOOD_NIR[:13] + "00" if GOOD_NIR[13:] != "00" else GOOD_NIR[:13] + "01"
    response = client_a.post("/salaries/ajouter/", payload(nir=bad, birth_name="Dupont-Moretti"))
    html = response.content.decode()
    assert response.status_code == 200 and "clé du N° de Sécurité Sociale" in html
    assert 'value="Dupont-Moretti"' in html and not Employee.objects.exists()


def test_nir_disagreeing_with_sex_is_explained(client_a):
    html = client_a.post("/salaries/ajouter/", payload(sex="H")).content.decode()
    assert "ne correspond pas à le sexe" in html or "sexe (1er chiffre)" in html


def test_duplicate_nir_within_member_is_refused_with_link(client_a, member_a, member_b):
    existing = EmployeeFactory(member=member_a, birth_name="DURAND <&>", first_name="Léa", nir=GOOD_NIR)
    html = client_a.post("/salaries/ajouter/", payload()).content.decode()
    assert "<li>Ce N° de Sécurité Sociale est déjà utilisé par DURAND &lt;&amp;&gt; Léa.</li>" in html
    assert '<a href="/salaries/' + str(existing.pk) + '/">Voir la fiche de DURAND &lt;&amp;&gt; Léa</a>' in html
    assert Employee.objects.filter(member=member_a).count() == 1


def test_a_role_with_nir_access_is_told_who_holds_the_nir(member_a):
    existing = EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", nir=GOOD_NIR)
    hr = client_acting_for(MembershipFactory(member=member_a, role=Role.HR).user, member_a)
    html = hr.post("/salaries/ajouter/", payload()).content.decode()
    assert "<li>Ce N° de Sécurité Sociale est déjà utilisé par DURAND Léa.</li>" in html
    assert f'href="/salaries/{existing.pk}/"' in html


def test_a_mandataire_without_nir_access_is_not_told_who_holds_the_nir(mandataire, member_a):
    existing = EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", nir=GOOD_NIR)
    html = client_acting_for(mandataire, member_a).post("/salaries/ajouter/", payload()).content.decode()
    assert ("<li>Ce N° de Sécurité Sociale est déjà utilisé par un autre salarié de votre entreprise.</li>"
            in html)
    assert "DURAND" not in html and f'href="/salaries/{existing.pk}/"' not in html
    assert Employee.objects.filter(member=member_a).count() == 1


def test_same_nir_at_another_member_is_allowed(client_a, member_a, member_b):
    EmployeeFactory(member=member_b, nir=GOOD_NIR)
    assert client_a.post("/salaries/ajouter/", payload()).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "2024-09-03"}, "La date de naissance doit précéder la date d&#x27;embauche."),
        ({"birth_date": "2012-01-01", "nir": nirlib.generate(sex="F", birth_date=date(2012, 1, 1))}, "au moins 14 ans"),
        ({"trial_end": "2024-09-01"}, "fin de période d&#x27;essai doit être postérieure"),
        ({"contract": "CDD"}, "La date de fin de contrat est obligatoire"),
        ({"contract": "CDD", "contract_end": "2024-08-01"}, "fin de contrat doit être postérieure"),
        ({"determinants": ["EMPLOYER"]}, "Justifiez par écrit"),
        ({"birth_name": "", "job_title": ""}, "Ce champ est obligatoire"),
        ({"pcs_code": "999Z"}, "Code PCS inconnu"),
        ({"birth_date": "31/02/1990"}, "Saisissez une date valide"),
        ({"determinants": ["NOPE"]}, "Sélectionnez un choix valide"),
    ],
)
def test_validation_messages_are_french_and_nothing_is_saved(client_a, overrides, message):
    response = client_a.post("/salaries/ajouter/", payload(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employee.objects.exists()


def test_employer_risk_with_justification_is_sir(client_a, member_a):
    client_a.post("/salaries/ajouter/", payload(determinants=["EMPLOYER"], employer_risk_justification="Travail isolé"))
    assert Employee.objects.get(member=member_a).declared_category == "SIR"


def test_edit_keeps_nir_when_left_blank_and_records_history(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="ROUX", sex="F", birth_date=BIRTH, nir=GOOD_NIR)
    form_html = client_a.get(f"/salaries/{employee.pk}/modifier/").content.decode()
    assert GOOD_NIR not in form_html and employee.nir_masked in form_html
    data = payload(nir="", birth_name="ROUX", job_title="Chef comptable", determinants=["BIO2"])
    assert client_a.post(f"/salaries/{employee.pk}/modifier/", data).status_code == 302
    employee.refresh_from_db()
    assert employee.declared_category == "SIA" and nirlib.decrypt(employee.nir_encrypted) == GOOD_NIR
    detail = client_a.get(f"/salaries/{employee.pk}/").content.decode()
    assert "Poste de travail : Assistante → Chef comptable" in detail
    assert "Salarié exposé aux agents biologiques groupe 2 (AB2)" in detail


def test_edit_submitted_unchanged_with_a_long_pcs_label_is_saved(client_a, member_a):
    """The PCS field is pre-filled with "CODE – label"; 633A's is 63 characters long."""
    employee = EmployeeFactory(member=member_a, birth_name="ROUX", sex="F", birth_date=BIRTH, pcs_code="633a")
    pcs = "633A – Electriciens qualifiés de type artisanal (y.c. bâtiment)"
    assert pcs in client_a.get(f"/salaries/{employee.pk}/modifier/").content.decode()
    data = payload(nir="", birth_name="ROUX", pcs_code=pcs)
    assert client_a.post(f"/salaries/{employee.pk}/modifier/", data).status_code == 302
    employee.refresh_from_db()
    assert employee.pcs_code.upper() == "633A"


def test_nir_reveal_is_audited_without_the_value(client_a, member_a):
    employee = EmployeeFactory(member=member_a, nir=GOOD_NIR)
    assert GOOD_NIR not in client_a.get(f"/salaries/{employee.pk}/").content.decode()
    response = client_a.post(f"/salaries/{employee.pk}/nir/")
    assert GOOD_NIR in response.content.decode() and response["Cache-Control"] == "no-store"
    event = Event.objects.get(action="employee.nir_reveal")
    assert GOOD_NIR not in event.summary + str(event.data)
    assert client_a.get(f"/salaries/{employee.pk}/nir/").status_code == 405


def test_exit_before_hire_refused_then_listed_under_former_and_rehired(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="PETIT", hire_date=date(2022, 5, 2))
    html = client_a.post(f"/salaries/{employee.pk}/sortir/", {"exit_date": "2022-05-01", "exit_reason": "RESIGNATION", "confirme": "oui"})
    assert "ne peut pas précéder la date d&#x27;embauche" in html.content.decode()
    response = client_a.post(
        f"/salaries/{employee.pk}/sortir/", {"exit_date": "2024-01-31", "exit_reason": "RESIGNATION", "confirme": "oui"}
    )
    assert response.status_code == 302
    client_a.get("/salaries/")  # consumes the success message naming the employee
    assert "PETIT" not in client_a.get("/salaries/").content.decode()
    former = client_a.get("/salaries/?status=anciens").content.decode()
    assert "Anciens salariés" in former and "PETIT" in former and "31/01/2024" in former
    client_a.post(f"/salaries/{employee.pk}/reembaucher/", {"hire_date": "2024-06-03", "contract": "CDI"})
    employee.refresh_from_db()
    assert employee.exit_date is None and employee.hire_date == date(2024, 6, 3)
    assert Event.objects.filter(action__in=["employee.exit", "employee.rehire"]).count() == 2


def test_list_search_filters_and_sort(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="ZOLA", first_name="Émile", declared_category="SIR")
    EmployeeFactory(
        member=member_a, birth_name="ABEL", first_name="Rose", contract="CDD", contract_end=date(2025, 1, 1)
    )
    html = client_a.get("/salaries/?q=zol").content.decode()
    assert "ZOLA" in html and "ABEL" not in html
    assert "ABEL" not in client_a.get("/salaries/?category=SIR").content.decode()
    assert "ZOLA" not in client_a.get("/salaries/?contract=CDD").content.decode()
    html = client_a.get("/salaries/?sort=-nom").content.decode()
    assert html.index("ZOLA") < html.index("ABEL")
    assert client_a.get("/salaries/?page=abc&sort=%27;drop").status_code == 200
    partial = client_a.get("/salaries/?q=a", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "ABEL" in partial
