"""Issue 19 in the browser: the administrator invites a colleague, who accepts, signs in by e-mail and sees only
what the role allows; the accountant's cockpit and its filters; the consolidated view of grouped
establishments. axe-core on each new screen."""

import re

from django.core import mail
from playwright.sync_api import expect

from e2e.conftest import fetch

PASSWORD = "Demo-Utilisateur-2026"
NEW_PASSWORD = "Une phrase de passe pour la paie"


def _logout(page):
    page.get_by_role("button", name="Déconnexion").click()


def test_invite_accept_log_in_by_email_and_see_only_the_role(page, demo_data, login, axe_check):
    login(page, "admin@test-prospect.example", PASSWORD)
    expect(page.get_by_test_id("current-member")).to_contain_text("Claire MOREAU (Administrateur)")
    page.get_by_role("link", name="Utilisateurs").click()
    expect(page.get_by_role("heading", name=re.compile("Utilisateurs de TEST PROSPECT"))).to_be_visible()
    expect(page.get_by_test_id("users")).to_contain_text("rh@test-prospect.example")
    axe_check(page)
    page.get_by_label("E-mail de la personne").fill("paie@test-prospect.example")
    page.locator("#id_role").select_option(label="Comptabilité")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Invitation envoyée à paie@test-prospect.example.")).to_be_visible()
    expect(page.get_by_test_id("invitations")).to_contain_text("paie@test-prospect.example")
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    _logout(page)

    page.goto(link)
    expect(page.get_by_role("heading", name="Rejoindre l'espace de TEST PROSPECT")).to_be_visible()
    axe_check(page)
    page.locator("#id_first_name").fill("Lucie")
    page.locator("#id_last_name").fill("FABRE")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Accepter l'invitation").click()
    expect(page.get_by_test_id("current-member")).to_contain_text("Lucie FABRE (Comptabilité)")
    _logout(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="Cette invitation n'est plus valable")).to_be_visible()

    login(page, "Paie@Test-Prospect.example", NEW_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name=re.compile("Vos factures"))).to_be_visible()
    expect(menu.get_by_role("link", name=re.compile("Liste de vos salariés"))).to_have_count(0)
    expect(page.get_by_role("link", name="Utilisateurs")).to_have_count(0)
    axe_check(page)
    response = page.goto("/salaries/")
    assert response.status == 403
    response = page.goto("/factures/")
    assert response.status == 200


def test_cockpit_filters_export_and_open_a_company(page, demo_data, login, axe_check):
    login(page, "cabinet.demo", "Demo-Mandataire-2026", mandataire=True)
    expect(page.get_by_role("heading", name="Vos entreprises clientes")).to_be_visible()
    table = page.get_by_test_id("cockpit")
    expect(table.locator("tbody tr")).to_have_count(3)
    axe_check(page)
    page.get_by_label("Afficher").select_option(label="Solde dû > 0")
    expect(page).to_have_url(re.compile("filtre=solde_du"))
    for row in table.locator("tbody tr").all():
        expect(row.locator("td").nth(2)).not_to_have_text(re.compile(r"^0,00"))
    page.get_by_label("Rechercher (nom, n° adhérent ou SIRET)").fill("100001")
    expect(page.get_by_role("status").filter(has_text="entreprise")).to_contain_text(re.compile(r"^[01] entreprise"))
    assert fetch(page, "/tableau-de-bord/export.xlsx")[:2] == b"PK"
    page.goto("/tableau-de-bord/")
    page.get_by_role("button", name="Ouvrir TEST PROSPECT", exact=True).click()
    expect(page.get_by_test_id("current-member")).to_contain_text("TEST PROSPECT · n° 100001")


def test_consolidated_view_of_grouped_establishments(page, demo_data, login, axe_check):
    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/choisir-adherent/")
    page.get_by_role("link", name="Vue consolidée des établissements regroupés").click()
    expect(page.get_by_role("heading", name="Vue consolidée des établissements regroupés")).to_be_visible()
    expect(page.get_by_test_id("group").locator("tbody tr")).to_have_count(3)  # the head and its two
    expect(page.get_by_test_id("group-totals")).to_contain_text("Total")
    axe_check(page)
