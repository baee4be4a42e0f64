"""Issue 16 §3 as the demo member 100001 lives it: a planned exit shown in the list; the open declaration's few
listed problems fixed — the employees whose contract ended leave in one action (preview, then confirmation, no
JavaScript needed) and a risk is ticked — then transmitted; an employee with an appointment tomorrow leaves,
and the member reads what became of it. axe-core on every page."""

import re
from datetime import date

from playwright.sync_api import expect

from e2e.conftest import axe_check


def test_member_fixes_the_listed_problems_and_an_exit_takes_its_appointment_along(page, demo_data, login):
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    planned = page.get_by_role("row").filter(has_text="LAURENT")
    expect(planned).to_contain_text(re.compile(r"Sortie prévue le \d{2}/\d{2}/\d{4}"))
    expect(planned.get_by_role("link", name=re.compile("Sortir le salarié"))).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    problems = page.get_by_test_id("problems").locator("li")
    expect(problems).to_have_count(4)
    expect(page.get_by_test_id("warnings")).to_contain_text("le code PCS est manquant")
    axe_check(page)

    # One action for the three contracts over before the reference date: who, with their end date, then confirm.
    page.get_by_role("link", name=re.compile(
        r"Déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence \(3\)")).click()
    leaving = page.get_by_test_id("leaving")
    expect(leaving.locator("tbody tr")).to_have_count(3)
    for name in ("GUERIN", "BOYER", "GARNIER"):
        expect(leaving).to_contain_text(name)
    axe_check(page)
    page.get_by_role("button", name="Confirmer la sortie de ces 3 salariés").click()
    expect(page.get_by_text(re.compile(r"3 salariés sortis de votre effectif"))).to_be_visible()
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("SIMON Gabriel : salarié en suivi renforcé (SIR) sans déterminant")

    # The driver the service follows in SIR: the employer ticks the risk that justifies it.
    page.get_by_role("link", name="Modifier la fiche de SIMON Gabriel").click()
    page.get_by_label("Aucun suivi particulier pour ce salarié").uncheck()
    page.get_by_label("Salarié exposé au CMR").check()
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Le salarié SIMON Gabriel a été enregistré.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    expect(page.get_by_test_id("problems")).to_have_count(0)
    expect(page.get_by_test_id("warnings")).to_be_visible()  # missing PCS codes: transmitted anyway
    page.get_by_role("button", name="Transmettre ma déclaration").click()
    page.get_by_role("button", name="Oui, transmettre ma déclaration").click()
    expect(page.get_by_text(re.compile(r"Votre déclaration n° D\d{4}-\d{6} a été transmise"))).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Confirmée")
    axe_check(page)

    # THOMAS has a visit on the next business day: leaving today, it cannot be cancelled online any more, so the
    # service is asked to, without fee; the member reads it.
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    page.locator("summary", has_text="THOMAS Hugo").click()  # the row's actions menu
    page.get_by_role("link", name="Sortir le salarié THOMAS Hugo").click()
    page.get_by_label("Date de sortie").fill(date.today().isoformat())
    page.get_by_label("Motif de sortie").select_option(label="démission")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Sortir THOMAS Hugo de votre effectif ?")).to_be_visible()
    page.get_by_role("button", name="Oui, sortir le salarié").click()
    expect(page.get_by_text(re.compile("Le salarié THOMAS Hugo quitte votre effectif ce soir"))).to_be_visible()
    expect(page.get_by_text(re.compile(
        r"Le rendez-vous du .* de THOMAS Hugo est trop proche pour être annulé en ligne : le service en est averti "
        r"et l'annulera, sans frais."))).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Demandes et annulations de rendez-vous")).click()
    expect(page.get_by_role("row").filter(has_text="THOMAS").first).to_contain_text("Reçue, en cours de traitement")
    axe_check(page)
