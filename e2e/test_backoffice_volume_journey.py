"""The back office on a working day, at 1280×800: an inbox holding dozens of requests shows at least twelve
without scrolling, searches, sorts, saves a view, assigns in bulk and goes from one answer to the next; the
planner reads the calendar and the compliance watch; the director opens the dashboard. axe-core on each page."""

import re
from datetime import date

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _many_requests(count: int) -> None:
    from portail.accounts.tests.factories import MemberUserFactory
    from portail.members.services import situation_change_submit
    from portail.members.tests.factories import MemberFactory

    with scopes_disabled():
        for index in range(count):
            member = MemberFactory(number=f"96{index:04d}", name=f"VOLUME {index:02d}")
            situation_change_submit(member=member, kind="address", effective_date=date(2027, 1, 1),
                                    comment="Nouvelle adresse.", attachment=None,
                                    actor=MemberUserFactory(member=member))


def test_the_inbox_holds_a_working_day_and_the_planner_reads_the_calendar(page, demo_data, staff_login, axe_check,
                                                                          login):
    _many_requests(30)
    page.set_viewport_size({"width": 1280, "height": 800})
    staff_login(page)
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    rows = page.locator("tr.inbox-row")
    visible = [index for index in range(rows.count()) if _fully_in_view(page, rows.nth(index))]
    assert len(visible) >= 12, f"{len(visible)} demandes visibles sans défiler"
    expect(page.get_by_text("Raccourcis clavier")).to_be_visible()
    axe_check(page)

    page.get_by_label("Rechercher (n° adhérent, raison sociale, salarié)").fill("960007")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("tr.inbox-row")).to_have_count(1)
    page.get_by_role("link", name="Réinitialiser").click()
    page.get_by_role("link", name=re.compile("Ancienneté")).click()
    expect(page).to_have_url(re.compile("sort=anciennete"))
    page.get_by_label("Nom de la vue").fill("Par ancienneté")
    page.get_by_role("button", name="Enregistrer ces filtres").click()
    expect(page.get_by_text("Vue « Par ancienneté » enregistrée.")).to_be_visible()

    page.wait_for_load_state("load")  # the shortcuts script is deferred
    page.keyboard.press("j")
    expect(page.locator("tr.inbox-row.selected")).to_have_count(1)
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("tr.inbox-row input[type=checkbox]:checked")).to_have_count(2)
    page.get_by_label("Action groupée").select_option(label="Attribuer à")
    page.get_by_label("Agent").select_option(index=1)
    page.get_by_role("button", name="Appliquer aux demandes cochées").click()
    expect(page.get_by_text(re.compile(r"2 demande\(s\) attribuée\(s\)"))).to_be_visible()

    page.get_by_role("link", name="Modèles de réponse").click()
    page.get_by_label("Titre").fill("Adresse enregistrée")
    page.get_by_label("Texte de la réponse").fill("Votre nouvelle adresse est enregistrée.")
    page.get_by_role("button", name="Créer le modèle").click()
    expect(page.get_by_role("cell", name="Adresse enregistrée", exact=True)).to_be_visible()
    axe_check(page)

    page.goto("/gestion/")
    page.get_by_role("link", name=re.compile("ouvrir la demande de VOLUME 00$")).click()
    page.get_by_role("link", name="Adresse enregistrée").click()
    expect(page.get_by_label("Réponse à l'adhérent")).to_have_value("Votre nouvelle adresse est enregistrée.")
    page.get_by_label("Nouveau statut").select_option(label="Traitée")
    page.get_by_role("button", name="Répondre et passer à la suivante").click()
    expect(page.get_by_text("Réponse enregistrée et envoyée à l'adhérent.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Changement de situation – "))).to_be_visible()
    axe_check(page)

    page.goto("/gestion/rendez-vous/")
    page.get_by_role("link", name="Calendrier").click()
    expect(page.get_by_role("heading", name=re.compile("Calendrier du"))).to_be_visible()
    expect(page.get_by_test_id("calendar")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Vue semaine").click()
    expect(page.get_by_role("heading", name=re.compile("Calendrier de la semaine du"))).to_be_visible()
    page.get_by_role("link", name="Semaine suivante").click()
    axe_check(page)
    page.get_by_role("link", name="Suivi à surveiller").click()
    expect(page.get_by_role("heading", name="Suivi individuel à surveiller, tous adhérents")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", name=re.compile("Tableau de bord \\d{4}"))).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Déconnexion").click()

    # A member reads the service's messages from the home page.
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Lire les messages du service")).click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    axe_check(page)


def _fully_in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
