"""Staff record a workplace action; member 100001 then finds it in "Vos synthèses d'activité",
with the chart, its data table, the fiche d'entreprise status and the PDF. axe-core on every page."""

import re

from django.utils import timezone
from playwright.sync_api import expect


def test_staff_records_action_member_sees_it_in_summary(page, demo_data, login, staff_login, axe_check):
    today = timezone.localdate()
    staff_login(page, "/gestion/actions/nouvelle/")
    expect(page.get_by_role("heading", name="Enregistrer une action en milieu de travail")).to_be_visible()
    axe_check(page)

    page.get_by_label("N° adhérent").fill("100001")
    page.get_by_label("Date de l'action").fill(today.isoformat())
    page.get_by_label("Type d'action").select_option(label="Sensibilisation / information collective")
    page.get_by_label("Intitulé").fill("Sensibilisation aux gestes de premiers secours")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("Indiquez le nombre de participants à la session.")).to_be_visible()
    expect(page.get_by_label("Intitulé")).to_have_value("Sensibilisation aux gestes de premiers secours")
    axe_check(page)

    page.get_by_label("Nombre de participants").fill("11")
    page.get_by_label(re.compile("Compte rendu")).fill("Session de deux heures pour les équipes de l'atelier.")
    page.get_by_label(re.compile("PETIT Sonia")).check()
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_test_id("staff-actions")).to_contain_text("Sensibilisation aux gestes de premiers secours")
    axe_check(page)
    page.goto("/gestion/actions/fiches-entreprise-en-retard/")
    expect(page.get_by_test_id("overdue-sheets")).to_contain_text("BOULANGERIE DU PORT")
    axe_check(page)

    page.context.clear_cookies()
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Vos synthèses d'activité")).click()
    expect(page.get_by_role("heading", name="Vos synthèses d'activité")).to_be_visible()
    expect(page.get_by_text("Cette synthèse est consultable par année.")).to_be_visible()
    expect(page.get_by_text("Sensibilisation aux gestes de premiers secours")).to_be_visible()
    expect(page.get_by_test_id("company-sheet")).to_contain_text("14/03/2028")
    expect(page.get_by_role("img", name=re.compile("Actions en milieu de travail par type"))).to_be_visible()
    axe_check(page)

    page.get_by_label("Année").select_option("2024")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name=re.compile("Fiche d'entreprise – établissement de Cabestany"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger le document")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger la synthèse 2024")).click()
    assert download.value.suggested_filename == "synthese-activite-100001-2024.pdf"
    axe_check(page)
