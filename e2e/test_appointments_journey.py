"""Tab 2.6 as a new member uses it (issue 6 §6, issue 16 §3): request an appointment for an employee and see the
receipt; the appointment inside the 2-business-day window offers no cancellation but "Délai dépassé", its limit
and the service's contact; the one beyond it is cancelled on request (accepted, status shown). axe-core on every
page."""

import re

from playwright.sync_api import expect

from e2e.patterns import LONG_DATE


def test_appointments_journey(page, demo_data, login, axe_check):
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Demandes et annulations de rendez-vous")).click()
    expect(page.get_by_role("heading", name="Demandes et annulations de rendez-vous")).to_be_visible()
    expect(
        page.get_by_text("Il est possible de demander une annulation de rendez-vous 2 jours ouvrés à l'avance.")
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Demander un rendez-vous").click()
    page.get_by_role("group", name="Salariés").get_by_role("checkbox").first.check()
    page.get_by_label("Type de visite").select_option(label="Visite périodique")
    page.get_by_label("Périodes souhaitées").fill("Semaine prochaine, le matin")
    axe_check(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_contain_text(re.compile(r"Demande n° RDV-\d{4}-\d{6} reçue le \d{2}/\d{2}/\d{4} à \d{2}:\d{2}"))
    expect(page.get_by_text("Envoyée", exact=True)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Retour aux rendez-vous").click()
    # The appointment of the next business day: its limit has passed, the list says so with the service's contact.
    expect(page.get_by_text(re.compile(r"Délai dépassé : contactez le service au 04 91 00 00 00"))).to_be_visible()
    page.get_by_role("link", name="Demander une annulation").click()
    axe_check(page)
    links = page.get_by_role("link", name=re.compile("Annuler ce rendez-vous"))
    expect(links).to_have_count(1)

    # No cancellation is offered for it: "Délai dépassé", its limit, and how to reach the service instead.
    too_late = page.get_by_test_id("too-late")
    expect(too_late).to_have_count(1)
    expect(too_late).to_have_text("Contactez le service au 04 91 00 00 00 ou à hotline-adherents@spst-demo.example")
    late_row = page.get_by_role("row").filter(has=too_late)
    expect(late_row).to_contain_text(re.compile(rf"Délai dépassé \(jusqu'au {LONG_DATE} à 18 h\)"))

    # The second one is three weeks ahead: accepted, waiting for the service.
    page.get_by_role("link", name=re.compile("Annuler ce rendez-vous")).click()
    expect(page.get_by_text("Délai dépassé", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("limit")).to_contain_text("Annulation possible jusqu'au")
    page.get_by_label("Motif de l'annulation").select_option(
        label="Salarié indisponible (congés, formation, déplacement)"
    )
    page.get_by_role("button", name="Demander l'annulation").click()
    page.get_by_role("button", name="Oui, demander l'annulation").click()
    expect(page.get_by_test_id("cancellation-result")).to_contain_text("Statut : Reçue, en cours de traitement.")
    axe_check(page)

    page.get_by_role("link", name="Retour aux rendez-vous").click()
    expect(page.get_by_text(re.compile(r"Délai dépassé : contactez le service")).first).to_be_visible()
    expect(page.get_by_text("Reçue, en cours de traitement").first).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Suivi des visites de vos salariés").click()
    expect(page.get_by_role("heading", name="Suivi des visites de vos salariés")).to_be_visible()
    axe_check(page)


def test_every_past_visit_is_reachable(page, demo_data, login, axe_check):
    """The tab shows the ten latest past visits; the demo member has more, a page at a time on their own page."""
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Demandes et annulations de rendez-vous")).click()
    past = page.get_by_role("table", name="Rendez-vous passés et documents transmis")
    expect(past.locator("tbody tr")).to_have_count(10)
    page.get_by_role("link", name="Voir tous les rendez-vous passés").click()
    expect(page.get_by_role("heading", name="Rendez-vous passés", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Rendez-vous passés et documents transmis").locator("tbody tr").first
           ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Retour aux rendez-vous").click()
    expect(page.get_by_role("heading", name="Demandes et annulations de rendez-vous")).to_be_visible()
