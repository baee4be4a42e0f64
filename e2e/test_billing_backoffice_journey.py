"""Accounting staff issue a batch of membership invoices (background task, progress page), then record a
cheque for member 100001 with explicit allocations: an over-allocation is refused in French with the input
kept, the right one settles part of an invoice; the account offers the "Relevé de compte" PDF. axe-core clean."""

import re

from playwright.sync_api import expect


def test_staff_issue_batch_and_allocate_a_payment(page, demo_data, staff_login, axe_check):
    staff_login(page, "/gestion/facturation/lots-de-factures/")
    expect(page.get_by_role("heading", name="Émettre un lot de factures")).to_be_visible()
    axe_check(page)
    page.get_by_label("Type de facture").select_option(label="Facture d'Adhésion")
    page.get_by_label("Désignation").fill("Droit d'entrée")
    page.get_by_label("Prix unitaire HT (€)").fill("13")
    page.get_by_label("Ou : numéros d'adhérents").fill("100002 100003")
    page.get_by_role("button", name="Émettre le lot de factures").click()
    expect(page.get_by_test_id("job")).to_contain_text("2 factures émises sur 2")
    expect(page.get_by_test_id("job")).to_contain_text("Terminé")
    axe_check(page)

    page.goto("/gestion/facturation/adherents/100001/")
    expect(page.get_by_role("link", name=re.compile("Relevé de compte"))).to_be_visible()
    page.get_by_label("Mode de règlement").select_option(label="Chèque")
    page.get_by_label("Date du règlement").fill("2026-02-01")
    page.get_by_label("Montant (€)").fill("100")
    page.get_by_label("Référence (n° de chèque, libellé du virement…)").fill("CHQ 7654321")
    page.get_by_label(re.compile("Affecter à la facture 101982")).fill("150")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    expect(page.get_by_text(re.compile("Vous ne pouvez pas affecter plus que le montant du règlement"))).to_be_visible()
    expect(page.get_by_label("Référence (n° de chèque, libellé du virement…)")).to_have_value("CHQ 7654321")
    axe_check(page)
    page.get_by_label(re.compile("Affecter à la facture 101982")).fill("100")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    expect(page.get_by_text(re.compile(r"Règlement de 100,00\s€ enregistré\."))).to_be_visible()
    expect(page.get_by_label(re.compile("Affecter à la facture 101982"))).to_be_visible()  # still partly open
    expect(page.get_by_test_id("balance")).to_have_text(re.compile(r"2\s966,00\s€"))  # seed balance 3 066,00 € − 100,00 €

    page.goto("/gestion/facturation/reglements/?start=2026-01-01&end=2026-12-31")
    expect(page.get_by_test_id("payments")).to_contain_text("CHQ 7654321")
    expect(page.get_by_test_id("payments")).to_contain_text("101982")
    axe_check(page)
