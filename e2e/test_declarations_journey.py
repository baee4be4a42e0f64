"""A new member's annual declaration (issue 5 §6): open "Vos déclarations", read the legend, "Saisir votre
déclaration", complete an employee flagged incomplete, mark the exits the checks ask for and see the counts
update (htmx), submit, download the acknowledgement, see "Confirmée". axe-core on every page."""

import re

from playwright.sync_api import expect

from e2e.conftest import complete_flagged_employees, declare_expired_contracts_exits


def test_member_fills_and_submits_the_declaration(page, demo_data, login, axe_check):
    login(page, "100004", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    expect(page.get_by_role("heading", name="2.5 Vos déclarations")).to_be_visible()
    legend = page.get_by_test_id("legend")
    for label in ("validée par le service", "Confirmée", "En cours", "À saisir", "Non saisissable"):
        expect(legend).to_contain_text(label)
    expect(page.get_by_test_id("declarations")).to_contain_text("À saisir")
    axe_check(page)

    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Déclaration d'effectif"))).to_be_visible()
    # A missing PCS code is a warning (it does not block); a contract over before the reference date blocks.
    expect(page.get_by_test_id("warnings")).to_contain_text("le code PCS est manquant")
    expect(page.get_by_test_id("problems")).to_contain_text("a pris fin")
    axe_check(page)

    # An employee flagged incomplete: completed in place, back to the declaration.
    complete_flagged_employees(page, on_each_form=axe_check)
    expect(page.get_by_test_id("status")).to_have_text("En cours")

    # Fixed-term contracts over before the reference date: declare the exit, the counts follow.
    declare_expired_contracts_exits(page)
    expect(page.get_by_test_id("problems")).to_have_count(0)
    expect(page.get_by_test_id("warnings")).to_have_count(0)
    expect(page.get_by_test_id("amount-ttc")).to_contain_text("€")
    axe_check(page)

    page.get_by_role("button", name="Transmettre ma déclaration").click()
    expect(page.get_by_role("heading", name=re.compile("Transmettre votre déclaration"))).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Oui, transmettre ma déclaration").click()
    expect(page.get_by_text(re.compile(r"Votre déclaration n° D\d{4}-\d{6} a été transmise"))).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Confirmée")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger l'accusé de réception")).click()
    assert re.fullmatch(r"accuse-reception-D\d{4}-\d{6}\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    expect(page.get_by_test_id("declarations")).to_contain_text("Confirmée")
    expect(page.get_by_role("link", name="Saisir votre déclaration", exact=True)).to_have_count(0)
    axe_check(page)
