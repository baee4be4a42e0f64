"""A staff member's day: password, second factor, inbox, answer a situation change; then the member
sees the answer. axe-core on every back-office page."""

import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect


def _demo_code() -> str:
    out = StringIO()
    call_command("demo_totp", stdout=out)
    return re.search(r": (\d{6})", out.getvalue()).group(1)


def test_staff_answers_a_situation_change_and_the_member_sees_it(page, demo_data, login, axe_check):
    page.goto("/gestion/")
    expect(page).to_have_url(re.compile("/gestion/connexion/"))
    expect(page.get_by_role("heading", name="Connexion du personnel")).to_be_visible()
    axe_check(page)
    page.get_by_label("Identifiant").fill("staff.demo")
    page.get_by_label("Mot de passe").fill("Demo-Staff-2026-Secure")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Vérification en deux étapes")).to_be_visible()
    axe_check(page)
    page.get_by_label("Code à 6 chiffres ou code de secours").fill(_demo_code())
    page.get_by_role("button", name="Valider").click()

    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    expect(page.get_by_text("Back office – SPST Démo")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Changement de situation : ouvrir la demande de TEST PROSPECT")).click()

    expect(page.get_by_role("heading", name=re.compile("Changement de situation – TEST PROSPECT"))).to_be_visible()
    axe_check(page)
    page.get_by_label("Commentaire interne").fill("Appeler le dirigeant pour la nouvelle adresse.")
    page.get_by_role("button", name="Ajouter le commentaire").click()
    expect(page.get_by_text("Commentaire interne ajouté.")).to_be_visible()
    page.get_by_label("Nouveau statut").select_option(label="Traitée")
    page.get_by_label("Réponse à l'adhérent").fill("Votre nouvelle adresse est enregistrée.")
    page.get_by_role("button", name="Enregistrer et envoyer la réponse").click()
    expect(page.get_by_text("Réponse enregistrée et envoyée à l'adhérent.")).to_be_visible()
    expect(page.get_by_text("Statut : Envoyée → Traitée")).to_be_visible()

    page.get_by_role("link", name="Journal d'audit").click()
    page.get_by_label("Action").fill("situation_change_answered")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("1 événement")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Adhérents").click()
    page.get_by_label("N° adhérent, raison sociale ou SIRET").fill("100001")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="100001").click()
    expect(page.get_by_role("heading", name="100001 – TEST PROSPECT")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Déconnexion").click()
    expect(page).to_have_url(re.compile("/gestion/connexion/"))

    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/informations/changement-de-situation/")
    expect(page.get_by_text("Votre nouvelle adresse est enregistrée.")).to_be_visible()
    expect(page.get_by_text("Appeler le dirigeant")).to_have_count(0)


def test_new_staff_member_enrols_the_second_factor(page, transactional_db, axe_check):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portail.backoffice.models import StaffRole
    from portail.backoffice.tests.factories import STAFF_PASSWORD, StaffProfileFactory
    from portail.members.models import Service

    Service.objects.get_or_create(pk=1, defaults={"name": "SPST Test", "hotline_email": "h@example.org"})
    user = StaffProfileFactory(role=StaffRole.NURSE).user
    page.goto("/gestion/connexion/")
    page.get_by_label("Identifiant").fill(user.username)
    page.get_by_label("Mot de passe").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Activer la double authentification")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe_check(page)
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code à 6 chiffres affiché par l'application").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    axe_check(page)
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    expect(page.get_by_role("link", name="Journal d'audit")).to_have_count(0)


def test_administrator_sets_the_cancellation_limit_and_the_member_reads_it(page, demo_data, staff_login, login,
                                                                          axe_check):
    staff_login(page)
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    # Appointment requests are in the one inbox, and lead to the appointments screen for booking.
    page.get_by_label("Type", exact=True).select_option(label="Demande de rendez-vous")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=re.compile("Demande de rendez-vous : ouvrir la demande de TEST PROSPECT")).first.click()
    expect(page.get_by_role("heading", name=re.compile("Demande de rendez-vous – TEST PROSPECT"))).to_be_visible()
    axe_check(page)
    expect(page.get_by_role("link", name="Planifier dans l'écran Rendez-vous")).to_be_visible()

    page.get_by_role("navigation", name="Menu du back office").get_by_role(
        "link", name="Structure et paramètres").click()
    page.get_by_role("navigation", name="Paramètres").get_by_role("link", name="Tarifs, délais et objectifs").click()
    expect(page.get_by_role("heading", name="Tarifs, délais et objectifs", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Heure limite le dernier jour").fill("25")
    page.get_by_role("button", name="Enregistrer – Rendez-vous : délai d'annulation").click()
    expect(page.get_by_text("Indiquez une heure entre 0 et 24.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Délai d'annulation (jours ouvrés)").fill("3")
    page.get_by_label("Heure limite le dernier jour").fill("12")
    page.get_by_role("button", name="Enregistrer – Rendez-vous : délai d'annulation").click()
    expect(page.get_by_text("« Rendez-vous : délai d'annulation » enregistré.")).to_be_visible()
    page.get_by_role("button", name="Déconnexion").click()

    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/rendez-vous/annulation/")
    expect(page.get_by_text(re.compile("3 jours ouvrés à l'avance, jusqu'à 12 h le dernier jour"))).to_be_visible()
