"""The determinant boxes of the employee form (issue 16 §2). "Aucun suivi particulier" is ticked by default: ticking
a risk unticks it, unticking the last risk ticks it again, ticking it clears the risks, and the category follows
before saving. A minor (from the birth date, no box ticked) is shown "SIA" with R4624-17 and R4624-18. Without
JavaScript, a form posted with both ticked is saved as the risk, with no message. axe-core on every page."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from e2e.conftest import axe_check, login, record_refusals, record_routes
from portail.workforce import nir as nirlib

ADULT = date(1991, 5, 23)
MINOR_REASON = "SIA : travailleur de moins de 18 ans – art. R4624-17 et R4624-18"


def _minor_birth() -> date:
    # 16 today, whatever the day the journey runs; hired a month ago, at nearly 16.
    return date.today() - timedelta(days=16 * 365 + 30)


def _identity(page, *, name: str, birth: date, order: int) -> None:
    page.get_by_label("Nom de naissance").fill(name)
    page.get_by_label("Prénom").fill("Jules")
    page.get_by_label("Homme", exact=True).check()
    page.get_by_label("N° Sécurité Sociale").fill(nirlib.generate(sex="H", birth_date=birth, order=order))
    page.get_by_label("Date d'embauche").fill((date.today() - timedelta(days=30)).isoformat())
    page.get_by_label("Poste de travail").fill("Magasinier")
    page.get_by_role("combobox", name="Contrat").select_option(label="contrat à durée indéterminée")
    page.get_by_label("Date de naissance").fill(birth.isoformat())


def test_none_box_follows_the_risks_and_a_minor_is_sia(page, demo_data):
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    page.get_by_role("link", name="Ajout d'un nouveau salarié").click()
    none = page.get_by_label("Aucun suivi particulier pour ce salarié")
    cmr = page.get_by_label("Salarié exposé au CMR")
    night = page.get_by_label("Travailleur de nuit")
    category = page.locator("#category")
    expect(none).to_be_checked()
    axe_check(page)

    cmr.check()
    expect(none).not_to_be_checked()
    expect(category).to_contain_text("Catégorie déclarée : SIR")
    night.check()
    cmr.uncheck()
    expect(none).not_to_be_checked()  # night work is still ticked
    expect(category).to_contain_text("Catégorie déclarée : SIA")
    night.uncheck()
    expect(none).to_be_checked()
    expect(category).to_contain_text("Catégorie déclarée : SI")
    night.check()
    none.check()
    expect(night).not_to_be_checked()
    expect(category).to_contain_text("SI : aucun suivi particulier")

    # No box for age: the birth date is enough.
    _identity(page, name="JEUNE", birth=_minor_birth(), order=611)
    expect(category).to_contain_text("Catégorie déclarée : SIA")
    expect(category).to_contain_text(MINOR_REASON)
    expect(none).to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name=re.compile("JEUNE Jules"))).to_be_visible()
    expect(page.get_by_text(f"SIA — {MINOR_REASON}")).to_be_visible()
    page.reload()  # the flash message list is checked by the other journeys
    axe_check(page)


def test_without_javascript_none_beside_a_risk_is_saved_as_the_risk(browser, live_server, settings, demo_data):
    settings.AXES_ENABLED = False
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record_routes(page)
    refused = record_refusals(page)
    page.set_default_timeout(10_000)
    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/salaries/ajouter/")
    _identity(page, name="CARISTE", birth=ADULT, order=612)
    page.get_by_label("Salarié exposé au CMR").check()
    expect(page.get_by_label("Aucun suivi particulier pour ce salarié")).to_be_checked()
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name=re.compile("CARISTE Jules"))).to_be_visible()
    expect(page.get_by_text("Catégorie déclarée", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^SIR — SIR : exposition à des agents cancérogènes"))).to_be_visible()
    expect(page.locator(".errorlist")).to_have_count(0)
    context.close()
    assert not refused, "refusé par le navigateur : " + " | ".join(refused[:3])
