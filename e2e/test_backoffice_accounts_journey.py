"""Staff create a member, look at its portal read-only; the member logs in with the e-mailed
credentials and must choose a password first. axe-core on each new screen."""

import re

from django.core import mail
from playwright.sync_api import expect

NEW_PASSWORD = "Une phrase de passe toute neuve"


def test_staff_creates_a_member_who_logs_in_and_must_change_the_password(page, demo_data, staff_login, login,
                                                                         axe_check):
    staff_login(page, "/gestion/adherents/")
    page.get_by_role("link", name="Nouvel adhérent").click()
    expect(page.get_by_role("heading", name="Nouvel adhérent")).to_be_visible()
    axe_check(page)
    page.get_by_label("Raison sociale").fill("BOULANGERIE DU PORT")
    page.get_by_label("SIRET").fill("51234567900017")
    page.get_by_label("Activité (code NAF)").fill("10.71C")
    page.get_by_label("Date d'adhésion").fill("2026-01-15")
    page.locator("#id_address_line1").fill("3 quai du Port")
    page.get_by_label("Code Postal").fill("13002")
    page.get_by_label("Ville").fill("Marseille")
    page.get_by_label("E-mail pour l'envoi des identifiants").fill("gerant@boulangerie.example")
    page.get_by_role("button", name="Créer l'adhérent et envoyer les identifiants").click()

    heading = page.get_by_role("heading", name=re.compile(r"^\d{6} – BOULANGERIE DU PORT$"))
    expect(heading).to_be_visible()
    number = heading.inner_text().split(" – ")[0]
    expect(page.get_by_text(f"Adhérent n° {number} créé.")).to_be_visible()
    axe_check(page)

    message = mail.outbox[-1]
    assert message.to == ["gerant@boulangerie.example"]
    assert f"Identifiant : {number}" in message.body
    password = re.search(r"Mot de passe provisoire : (\S+)", message.body).group(1)

    page.get_by_role("button", name="Voir comme l'adhérent").click()
    expect(page.get_by_test_id("view-as-banner")).to_contain_text("BOULANGERIE DU PORT")
    axe_check(page)
    page.get_by_role("button", name="Quitter").click()
    expect(page.get_by_text("Consultation de l'espace de BOULANGERIE DU PORT terminée.")).to_be_visible()
    page.get_by_role("button", name="Déconnexion").click()

    login(page, number, password)
    expect(page.get_by_role("heading", name="Gestion mot de passe")).to_be_visible()
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    expect(page.get_by_test_id("current-member")).to_contain_text(f"BOULANGERIE DU PORT · n° {number}")
