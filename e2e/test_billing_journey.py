"""Member 100001 reads their invoices and balance, switches years, downloads an invoice PDF, then signs a
SEPA mandate (a wrong IBAN first) and finds it under "Visualiser mes informations SEPA". axe-core on every page."""

import re

from playwright.sync_api import expect

from e2e.conftest import sign_sepa_mandate

NB = "\u202f"


def test_member_reads_invoices_and_signs_sepa_mandate(page, demo_data, login, axe_check):
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Vos factures et votre échéancier")).click()
    expect(page.get_by_role("heading", name="2.4 Vos factures et votre échéancier")).to_be_visible()
    expect(page.get_by_test_id("balance")).to_have_text(f"3{NB}066,00{NB}€")
    expect(page.get_by_test_id("total-debit")).to_have_text(f"4{NB}124,40{NB}€")
    expect(page.get_by_test_id("unpaid")).to_contain_text("101983")
    axe_check(page)

    page.get_by_role("link", name=re.compile("Année 2021")).click()  # "‹" from "Toutes les années"
    expect(page.get_by_test_id("paid")).to_contain_text("101981")
    page.get_by_role("link", name=re.compile("Année 2020")).click()
    expect(page.get_by_test_id("paid")).to_contain_text("82566")
    expect(page.get_by_test_id("unpaid")).not_to_contain_text("101983")
    page.get_by_label("Année affichée").select_option(label="Toutes les années")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_test_id("unpaid")).to_contain_text("909584")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la facture 101982 en PDF").click()
    assert download.value.suggested_filename == "facture-101982.pdf"

    page.get_by_role("link", name="Je souhaite opter pour le prélèvement SEPA").click()
    expect(page.get_by_test_id("mandate-text")).to_contain_text("FR72ZZZ123456")
    axe_check(page)
    sign_sepa_mandate(page, iban="FR77 3000 6000 0112 3456 7890 189")
    expect(page.get_by_text("La clé de contrôle de l'IBAN est fausse")).to_be_visible()
    expect(page.get_by_label("Adresse du titulaire")).to_have_value("12 rue de la République")
    axe_check(page)

    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_label(re.compile("J'autorise le service")).check()
    page.get_by_role("button", name="Signer le mandat").click()
    expect(page.get_by_test_id("sepa-mandate")).to_contain_text("RUM100001")
    expect(page.get_by_role("link", name="Je souhaite opter pour le prélèvement SEPA")).to_have_count(0)
    axe_check(page)

    page.goto("/informations/sepa/")
    expect(page.get_by_test_id("sepa-mandate")).to_contain_text("FR76 •••• •••• •••• •••• ••189")
    axe_check(page)
