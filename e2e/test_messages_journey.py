"""Issue 21, messages and notifications: a member writes to the service (with a PDF) instead of an e-mail, the
message reaches the staff inbox, the staff answer there, and the member finds the answer in the thread with a
notification counted in the header. Member pages are walked at 375 px; axe-core on every page."""

import re

from playwright.sync_api import expect

from e2e.conftest import fetch

PHONE = {"width": 375, "height": 812}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits(page, axe_check) -> None:
    assert page.evaluate(OVERFLOW) <= 0, page.url
    axe_check(page)


def test_a_member_message_is_answered_from_the_inbox(page, demo_data, login, staff_login, axe_check):
    page.set_viewport_size(PHONE)
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_test_id("notifications-link").click()  # the demo's notifications (invoices…) are read first
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    page.get_by_role("link", name="Écrire au service").click()
    expect(page.get_by_role("heading", name="Écrire au service")).to_be_visible()
    _fits(page, axe_check)
    page.get_by_label("À propos de").select_option(label="Autre question (sujet libre)")
    page.get_by_label("Objet").fill("Visite de Léa pendant ses congés")
    page.get_by_label("Votre message").fill("Pouvez-vous décaler la visite après le 15 ?")
    page.get_by_label("Pièce jointe (PDF)").set_input_files(
        files=[{"name": "planning-conges.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Envoyer au service").click()
    expect(page.get_by_text("Message envoyé au service.")).to_be_visible()
    expect(page.get_by_role("heading", name="Visite de Léa pendant ses congés")).to_be_visible()
    expect(page.get_by_text("En attente du service")).to_be_visible()
    _fits(page, axe_check)
    link = page.get_by_role("link", name="planning-conges.pdf")
    assert fetch(page, link.get_attribute("href")) == PDF
    page.get_by_role("link", name="← Tous vos échanges").click()
    expect(page.get_by_role("link", name="Visite de Léa pendant ses congés")).to_be_visible()
    _fits(page, axe_check)
    page.get_by_role("button", name="Déconnexion").click()

    page.set_viewport_size({"width": 1280, "height": 900})
    staff_login(page)
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    page.get_by_role("link", name=re.compile("Message : ouvrir la demande de TEST PROSPECT")).click()
    expect(page.get_by_text("Pouvez-vous décaler la visite après le 15 ?")).to_be_visible()
    axe_check(page)
    page.get_by_label("Nouveau statut").select_option(label="Traitée")
    page.get_by_label("Réponse à l'adhérent").fill("C'est noté : la visite est reportée au 18.")
    page.get_by_role("button", name="Enregistrer et envoyer la réponse").click()
    expect(page.get_by_text("Réponse enregistrée et envoyée à l'adhérent.")).to_be_visible()
    page.get_by_role("button", name="Déconnexion").click()

    page.set_viewport_size(PHONE)
    login(page, "100001", "Demo-Adherent-2026")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_text("Nouveau")).to_be_visible()
    _fits(page, axe_check)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    page.get_by_role("link", name="Réponse du service : Visite de Léa pendant ses congés").click()
    expect(page.get_by_text("C'est noté : la visite est reportée au 18.")).to_be_visible()
    expect(page.get_by_text("Répondu")).to_be_visible()
    page.get_by_label("Votre message").fill("Merci beaucoup.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Message envoyé au service.")).to_be_visible()
    expect(page.get_by_text("En attente du service")).to_be_visible()

    page.goto("/messages/")
    page.get_by_role("link", name="Choisir ce que je reçois aussi par e-mail").click()
    expect(page.get_by_role("heading", name="Préférences de notification")).to_be_visible()
    _fits(page, axe_check)
    page.get_by_label("Nouvelles factures").uncheck()
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_text("Vos préférences de notification sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Nouvelles factures")).not_to_be_checked()
    expect(page.get_by_label("Réponses et messages du service")).to_be_checked()
