"""Issue 21 on a phone (375 px): a member books a real slot for an employee (the rules propose the visit owed),
downloads the .ics (parsed back with icalendar) and the convocation PDF (opened), opens the change of slot; then
sends an employee a booking link, which the employee uses without an account, and which is refused on reuse.
axe-core and no horizontal overflow on every page."""

import re
from datetime import date, timedelta
from io import BytesIO

from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.conftest import fetch, record_routes

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _fits(page, axe_check) -> None:
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} déborde horizontalement"
    axe_check(page)


def test_booking_journey(mobile_page, browser, live_server, demo_data, login, axe_check, settings):
    settings.PORTAL_BASE_URL = live_server.url  # the employee follows the link the page shows
    page = mobile_page
    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/rendez-vous/")
    page.get_by_role("link", name="Réserver un rendez-vous").click()
    expect(page.get_by_role("heading", name="Réserver un rendez-vous")).to_be_visible()
    expect(page.get_by_text("Réservation directe possible pour : visite d'embauche")).to_be_visible()
    _fits(page, axe_check)

    page.get_by_label("Salarié").select_option(label="BERNARD Lucas")
    page.get_by_role("button", name="Voir la visite et les créneaux").click()
    expect(page.get_by_test_id("proposal")).to_contain_text(re.compile(r"périodique – à passer au plus tard le"))
    expect(page.get_by_label("Type de visite")).to_have_value("periodique")
    _fits(page, axe_check)
    # Two weeks ahead, whatever the hour the suite runs: the slot can still be changed (2 business days before).
    page.get_by_label("À partir du").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Afficher les créneaux").click()
    page.get_by_label("Créneaux libres").get_by_role("button").first.click()
    expect(page.get_by_role("heading", name="Confirmer le rendez-vous ?")).to_be_visible()
    _fits(page, axe_check)
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    expect(page.get_by_text("Rendez-vous confirmé : la convocation est envoyée")).to_be_visible()
    expect(page.get_by_test_id("appointment")).to_contain_text("Visite périodique – Lucas BERNARD")
    _fits(page, axe_check)

    ics_href = page.get_by_role("link", name="Ajouter à l'agenda (.ics)").get_attribute("href")
    event = Calendar.from_ical(fetch(page, ics_href)).walk("VEVENT")[0]
    assert "Lucas BERNARD" in str(event["summary"]) and event.decoded("dtstart").tzinfo is not None
    pdf_href = page.get_by_role("link", name="Convocation (PDF)").get_attribute("href")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(fetch(page, pdf_href))).pages)
    assert "Convocation – Visite périodique" in text and "Lucas BERNARD" in text

    page.get_by_role("link", name="Changer de créneau").click()
    expect(page.get_by_test_id("limit")).to_contain_text("Changement possible jusqu'au")
    _fits(page, axe_check)

    # The link for an employee: created, shown once with its SMS text.
    page.goto("/rendez-vous/")
    page.get_by_role("link", name="Envoyer un lien au salarié").click()
    _fits(page, axe_check)
    page.get_by_role("combobox", name=re.compile(r"^Salarié")).select_option(label="MERCIER Paul")
    page.get_by_label("Type de visite").select_option(label="Visite d'embauche (VIP initiale ou examen d'aptitude)")
    page.get_by_role("button", name="Créer le lien").click()
    expect(page.get_by_test_id("sms-text")).to_contain_text("TEST PROSPECT vous invite")
    _fits(page, axe_check)
    link = page.get_by_test_id("invitation-link").inner_text()

    # The employee, without an account, on their own phone.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 375, "height": 800})
    employee = context.new_page()
    record_routes(employee)
    employee.goto(link)
    expect(employee.get_by_role("heading", name="Bonjour Paul, choisissez votre rendez-vous")).to_be_visible()
    expect(employee.get_by_text("une pièce d'identité du salarié")).to_be_visible()
    _fits(employee, axe_check)
    employee.get_by_label("Créneaux libres").get_by_role("button").first.click()
    expect(employee.get_by_role("heading", name="Confirmer votre rendez-vous ?")).to_be_visible()
    _fits(employee, axe_check)
    employee.get_by_role("button", name="Confirmer ce rendez-vous").click()
    expect(employee.get_by_test_id("invitation-done")).to_contain_text("Votre rendez-vous")
    _fits(employee, axe_check)
    employee.goto(link)
    expect(employee.get_by_test_id("invitation-refused")).to_have_text(
        "Ce lien de réservation a déjà été utilisé : le rendez-vous est pris.")
    _fits(employee, axe_check)
    context.close()

    # The employer sees it among its appointments.
    page.goto("/rendez-vous/")
    expect(page.get_by_text("Rendez-vous pris")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="MERCIER").first).to_be_visible()
    _fits(page, axe_check)
