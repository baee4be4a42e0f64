"""A new member's first visit: log in, home, "Vos informations", add a contact (error then success),
"Vos contacts", log out. axe-core on every page."""

import re

from playwright.sync_api import expect


def test_member_first_journey(page, demo_data, login, axe_check):
    page.goto("/connexion/")
    expect(page.get_by_text("En me connectant au site, j'accepte")).to_be_visible()
    axe_check(page)

    login(page, "100001", "Demo-Adherent-2026")
    expect(page.get_by_role("heading", name="Cher adhérent, bienvenue !")).to_be_visible()
    expect(page.get_by_test_id("current-member")).to_contain_text("TEST PROSPECT")
    axe_check(page)

    page.get_by_role("link", name=re.compile("Vos informations")).click()
    expect(page.get_by_test_id("siret")).to_have_text("776 186 389 00024")
    expect(page.get_by_test_id("main-address")).to_contain_text("66330 CABESTANY")
    axe_check(page)

    page.get_by_role("link", name="Ajouter un contact").click()
    page.get_by_label("Type").select_option(label="DRH")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Email").fill("ines.garcia@test-prospect.example")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    expect(page.get_by_label("Prénom")).to_have_value("Inès")
    expect(page.get_by_label("Email")).to_have_value("ines.garcia@test-prospect.example")
    axe_check(page)

    page.get_by_label(re.compile(r"^Nom")).fill("GARCIA")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_test_id("contacts")).to_contain_text("Inès GARCIA")

    page.get_by_role("link", name=re.compile("Vos contacts")).click()
    expect(page.get_by_role("heading", name="Équipe pluridisciplinaire")).to_be_visible()
    page.get_by_role("link", name=re.compile("Voir les coordonnées de QUESNOT")).click()
    expect(page.get_by_test_id("person-detail")).to_contain_text("a.quesnot@spst-demo.example")
    axe_check(page)

    page.get_by_role("button", name="Déconnexion").click()
    expect(page).to_have_url(re.compile("/connexion/"))


# The member's pages with wide tables: on a phone the table scrolls in its frame or turns into cards, the page
# itself does not. Every page the menus link to is checked too, so a new page cannot forget its phone layout.
PHONE_PAGES = ("/salaries/", "/declarations/", "/factures/", "/rendez-vous/", "/syntheses/", "/informations/",
               "/contacts/", "/salaries/ajouter/", "/utilisateurs/")


def test_portal_fits_a_phone(mobile_page, demo_data, login, axe_check):
    page = mobile_page
    login(page, "100001", "Demo-Adherent-2026")
    expect(page.get_by_role("heading", name="Cher adhérent, bienvenue !")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"la page déborde horizontalement ({width}px)"
    axe_check(page)
    # The menu starts folded on a phone, so the page opens on its content; "Menu" unfolds it.
    menu_entry = page.get_by_role("link", name=re.compile("Vos informations"))
    expect(menu_entry).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    menu_entry.click()
    expect(page.get_by_test_id("siret")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Vos contacts"))).to_be_hidden()
    linked = page.eval_on_selector_all("nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    for path in dict.fromkeys([*PHONE_PAGES, *(p for p in linked if "deconnexion" not in p)]):
        page.goto(path)
        page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} déborde horizontalement ({width}px)"
    # On a phone each employee is a card: it stays inside the screen, its actions menu included.
    page.goto("/salaries/")
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('main tbody tr')]"
                           ".map(r => r.getBoundingClientRect().right))")
    assert widest <= 375, f"une fiche de salarié dépasse l'écran ({widest}px)"
