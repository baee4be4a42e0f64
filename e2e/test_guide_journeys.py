"""The user guide's journeys (issue 9): they walk the portal by its French labels, as a member
or a staff member would, and shoot every screenshot of guide/ with numbered callouts drawn on
the real elements.

- `make guide` runs them with GUIDE_CAPTURES=1: the PNGs are (re)written into guide/captures/.
  The normal run executes the same journeys and takes the same screenshots, but in memory, so
  that they never rot and the committed images are not rewritten by every `make test`.
- Fixed viewport 1280×800 and device scale 1, and a fixed clock: the demo data is dated relative
  to today (due dates, appointments, the open declaration campaign), so the whole process —
  the live server runs in this pytest process, in a thread — travels to GUIDE_NOW before the
  demo data is loaded, and time ticks on from there. The images show the same dates on every
  run. The normal run travels too, so that it checks exactly the screens `make guide` shoots.
- The journeys record every route they load; the last step fails if a member or staff page is
  visited by no journey (minus the commented allow-list below).
"""

import contextlib
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import expect

from e2e.conftest import (
    VISITED_ROUTES,
    axe_check,
    complete_flagged_employees,
    declare_expired_contracts_exits,
    login,
    staff_login,
)
from portail.help.captures import CAPTURES

CAPTURES_DIR = Path(__file__).resolve().parent.parent / "guide" / "captures"
WRITE = os.environ.get("GUIDE_CAPTURES") == "1"
VIEWPORT = {"width": 1280, "height": 800}
MEMBER = ("100001", "Demo-Adherent-2026")
NEW_MEMBER = ("100004", "Demo-Adherent-2026")
# A Monday morning in the declaration campaign, with appointments on either side of the
# 2-business-day cancellation limit (the demo data places them relative to this day).
GUIDE_NOW = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def guide_clock():
    # Patches time.time, datetime.now, date.today… for every thread of the process (the live
    # server's too) until the test ends; the browser keeps the real clock, which only matters
    # for cookies, and Django sends Max-Age, which Chromium prefers to Expires.
    with time_machine.travel(GUIDE_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def demo_data(guide_clock, demo_data):
    """e2e/conftest.py's demo data, loaded once the clock shows GUIDE_NOW (the order of the
    arguments is the order of set-up)."""
    return demo_data


class Journey:
    """A browser page that records the routes it loads and shoots the guide's captures."""

    def __init__(self, page, name: str, visited: set[str], shots: dict[str, str]):
        self.page, self.name, self.visited, self.shots = page, name, visited, shots
        page.on("request", self._record)

    def _record(self, request) -> None:
        path = urlsplit(request.url).path
        if path.startswith("/static/"):
            return
        with contextlib.suppress(Resolver404):
            route = resolve(path).route
            self.visited.add(route)
            VISITED_ROUTES.add(route)

    def fetch(self, path: str) -> None:
        """A download (PDF, Excel…): fetched with the page's session, checked, recorded."""
        response = self.page.request.get(path)
        assert response.ok, f"{path} : {response.status}"
        route = resolve(urlsplit(path).path).route
        self.visited.add(route)
        VISITED_ROUTES.add(route)

    def shoot(self, capture: str, *markers, full_page: bool = False) -> None:
        """Number the given locators on the page (1, 2, …), screenshot, remove the callouts.
        `full_page` for a long form whose callouts do not fit in one 1280×800 screen."""
        assert CAPTURES.get(capture) == self.name, f"{capture} : absente du registre ou d'un autre parcours"
        page = self.page
        page.wait_for_load_state("networkidle")
        if markers:
            markers[0].first.scroll_into_view_if_needed()
        boxes = []
        for locator in markers:
            box = locator.first.bounding_box()
            assert box is not None, f"{capture} : élément à annoter invisible ({locator})"
            inside = box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"] \
                and box["y"] + box["height"] <= VIEWPORT["height"]
            assert inside or full_page, f"{capture} : repère {len(boxes) + 1} hors de l'image ({locator})"
            boxes.append(box)
        # evaluate() is not subject to the page's CSP; CSSOM styles are not inline styles.
        page.evaluate(DRAW, boxes)
        image = page.screenshot(animations="disabled", caret="hide", full_page=full_page)
        page.evaluate("() => document.getElementById('guide-callouts')?.remove()")
        assert image[:8] == b"\x89PNG\r\n\x1a\n"
        self.shots[capture] = self.name
        if WRITE:
            (CAPTURES_DIR / f"{capture}.png").write_bytes(image)


DRAW = """(boxes) => {
  const layer = document.createElement('div');
  layer.id = 'guide-callouts';
  Object.assign(layer.style, {position: 'absolute', left: '0', top: '0', width: '0', height: '0',
    pointerEvents: 'none', zIndex: '2147483647'});
  const sx = window.scrollX, sy = window.scrollY;
  boxes.forEach((b, i) => {
    const frame = document.createElement('div');
    Object.assign(frame.style, {position: 'absolute', left: (sx + b.x - 4) + 'px', top: (sy + b.y - 4) + 'px',
      width: (b.width + 8) + 'px', height: (b.height + 8) + 'px', border: '3px solid #d4145a',
      borderRadius: '6px', boxSizing: 'border-box'});
    const badge = document.createElement('div');
    badge.textContent = String(i + 1);
    Object.assign(badge.style, {position: 'absolute', left: (sx + Math.max(b.x - 18, 2)) + 'px',
      top: (sy + Math.max(b.y - 18, 2)) + 'px', width: '26px', height: '26px', borderRadius: '50%',
      background: '#d4145a', color: '#fff', font: 'bold 15px/26px sans-serif', textAlign: 'center',
      boxShadow: '0 1px 3px rgba(0,0,0,.5)'});
    layer.append(frame, badge);
  });
  document.body.append(layer);  // body is the containing block: offsets are document offsets
}"""


# --- Member journeys (guide/adherent) ---------------------------------------------------

def journey_login(j):
    page = j.page
    page.goto("/connexion/")
    j.shoot("connexion", page.get_by_label("N° adhérent"), page.get_by_label("Mot de passe"),
            page.get_by_label("Je dispose d'une connexion en tant que mandataire"),
            page.get_by_role("button", name="Se connecter"))
    login(page, *MEMBER)
    expect(page.get_by_role("heading", name="Cher adhérent, bienvenue !")).to_be_visible()
    j.shoot("accueil", page.get_by_role("navigation", name="Menu principal"), page.locator(".tiles"),
            page.get_by_test_id("help-link"))


def journey_information(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Vos informations")).click()
    expect(page.get_by_role("heading", name="2.1 Vos informations")).to_be_visible()
    j.shoot("informations", page.get_by_role("link", name="Modifier les informations"),
            page.get_by_role("link", name="Je souhaite déclarer un changement de situation"),
            page.get_by_role("link", name="Ajouter un contact"))
    page.get_by_role("link", name="Modifier les informations").click()
    page.go_back()
    page.get_by_role("link", name="Ajouter une adresse").click()
    page.go_back()
    page.get_by_role("link", name="Ajouter un contact").click()
    j.shoot("contact-ajout")
    page.go_back()
    page.get_by_role("link", name="Visualiser mes informations SEPA").click()
    page.go_back()
    page.get_by_role("link", name=re.compile("^Modifier le contact")).first.click()
    page.go_back()
    page.get_by_role("link", name=re.compile("^Modifier l'adresse")).first.click()
    page.go_back()
    j.fetch("/informations/communes/?postal_code=13001")  # the towns offered for a postal code
    page.get_by_role("link", name=re.compile("Gestion mot de passe")).click()
    page.go_back()
    page.get_by_role("link", name="Je souhaite déclarer un changement de situation").click()
    j.shoot("changement-situation")


def journey_service_contacts(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Vos contacts")).click()
    eye = page.get_by_role("link", name=re.compile("Voir les coordonnées de"))
    eye.first.click()
    j.shoot("contacts-service", page.get_by_role("heading", name="Centre de visite"),
            page.get_by_role("heading", name="Équipe pluridisciplinaire"), eye)


def journey_workforce(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    expect(page.get_by_role("heading", name="Liste de vos salariés").first).to_be_visible()
    j.shoot("salaries-liste", page.get_by_label("Rechercher un salarié (nom, prénom)"),
            page.get_by_role("link", name="Ajout d'un nouveau salarié"),
            page.get_by_role("link", name="Importer", exact=True))
    page.locator("table a[href^='/salaries/']").first.click()  # an employee's page
    page.go_back()
    page.locator("details.row-menu summary").first.click()  # a row's actions menu
    page.locator("details.row-menu[open] a[href$='/modifier/']").first.click()
    page.go_back()
    page.locator("details.row-menu", has=page.get_by_role("link", name=re.compile("^Sortir le salarié"), include_hidden=True)
                 ).first.locator("summary").click()
    page.get_by_role("link", name=re.compile("^Sortir le salarié")).first.click()
    page.go_back()
    page.goto("/salaries/?status=anciens")
    page.locator("details.row-menu summary").first.click()
    page.get_by_role("link", name="Réembaucher").first.click()
    page.goto("/salaries/")
    for path in ("/salaries/imprimer/", "/salaries/export.xlsx", "/salaries/export.csv", "/salaries/export.pdf"):
        j.fetch(path)
    page.get_by_role("link", name="Ajout d'un nouveau salarié").click()
    page.get_by_label("Aucun suivi particulier pour ce salarié").uncheck()
    page.get_by_label("Salarié exposé au CMR").check()
    expect(page.get_by_text("Catégorie déclarée : SIR")).to_be_visible()
    page.get_by_label("Code PCS").fill("médecin")  # the PCS suggestions
    j.shoot("salarie-ajout", page.get_by_label("N° Sécurité Sociale"), page.get_by_label("Salarié exposé au CMR"),
            page.get_by_text("Catégorie déclarée : SIR"), page.get_by_role("button", name="Valider"), full_page=True)
    page.goto("/salaries/")
    page.get_by_role("link", name="Importer", exact=True).click()
    j.shoot("salaries-import", page.locator("input[type=file]"), page.get_by_role("button", name="Continuer"))


def journey_billing(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Vos factures et votre échéancier")).click()
    j.shoot("factures", page.get_by_test_id("year-selector"),
            page.get_by_role("link", name="Je souhaite opter pour le prélèvement SEPA"),
            page.get_by_role("heading", name="Mes factures"), page.get_by_role("heading", name="Mon échéancier"),
            full_page=True)
    page.locator("table a[href^='/factures/']").first.click()
    j.fetch(urlsplit(page.url).path + "pdf/")
    page.go_back()
    j.fetch("/factures/echeancier/pdf/")
    page.get_by_role("link", name="Je souhaite opter pour le prélèvement SEPA").click()
    j.shoot("mandat-sepa", page.get_by_label("Titulaire du compte"), page.get_by_role("button", name="Signer le mandat"))


def journey_declarations(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    expect(page.get_by_role("heading", name="2.5 Vos déclarations")).to_be_visible()
    expect(page.get_by_test_id("legend").locator("li")).to_have_count(5)
    j.shoot("declarations", page.get_by_test_id("declarations"), page.get_by_test_id("legend"),
            page.get_by_role("link", name="Saisir votre déclaration", exact=True), full_page=True)
    # The demo member's list shows every status, but its workforce is too large for one screen:
    # the declaration is filled as the newly joined member, whose few employees fit.
    page.context.clear_cookies()
    login(page, *NEW_MEMBER)
    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Déclaration d'effectif"))).to_be_visible()
    j.shoot("declaration-controles", page.get_by_test_id("problems"),
            page.get_by_role("link", name=re.compile("^Compléter")).first,
            page.locator("tr.decl-flagged", has_text="a pris fin").first, full_page=True)
    # Employees flagged incomplete: completed in place, back to the declaration.
    complete_flagged_employees(page)
    # A fixed-term contract over before the reference date: its exit, and the counts follow.
    declare_expired_contracts_exits(page)
    expect(page.get_by_test_id("problems")).to_have_count(0)
    j.shoot("declaration-saisie", page.get_by_test_id("totals"),
            page.get_by_role("link", name=re.compile("Déclarer la sortie")).first,
            page.get_by_role("button", name="Transmettre ma déclaration"), full_page=True)
    with page.expect_navigation():  # a plain form post: wait for its answer, not for the page it leaves
        page.get_by_role("button", name="Transmettre ma déclaration").click()
    _confirm_if_asked(page, "Oui, transmettre ma déclaration")
    refused = page.get_by_test_id("submit-errors")
    if refused.count() and "Cochez la case" in refused.inner_text():
        # The exits made the headcount vary past the threshold: the service asks for a confirmation, as a user
        # would read on this page, then ticks and sends again.
        page.get_by_label("Je confirme que cette variation de mon effectif est exacte").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Transmettre ma déclaration").click()
        _confirm_if_asked(page, "Oui, transmettre ma déclaration")
    if refused.count():
        raise AssertionError(f"déclaration refusée : {refused.inner_text()}")
    expect(page.get_by_test_id("status")).to_have_text("Confirmée")
    j.shoot("declaration-accuse", page.get_by_text(re.compile(r"Votre déclaration n° D\d{4}-\d{6} a été transmise")),
            page.get_by_test_id("status"), page.get_by_role("link", name=re.compile("Télécharger l'accusé de réception")))


def _confirm_if_asked(page, button: str) -> None:
    """The confirmation page asked before an irreversible action, when the service asks (not after a refusal)."""
    confirm = page.get_by_role("button", name=button)
    if confirm.count():
        with page.expect_navigation():
            confirm.click()


def journey_appointments(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Demandes et annulations de rendez-vous")).click()
    notice = page.get_by_text("Il est possible de demander une annulation de rendez-vous 2 jours ouvrés à l'avance.")
    j.shoot("rendez-vous", page.get_by_role("heading", name="Mes rendez-vous à venir"), notice,
            page.get_by_role("link", name="Demander un rendez-vous"),
            page.get_by_role("link", name="Demander une annulation"))
    page.get_by_role("link", name="Demander un rendez-vous").click()
    employees = page.get_by_role("group", name="Salariés")
    employees.get_by_role("checkbox").first.check()
    page.get_by_label("Type de visite").select_option(label="Visite périodique")
    page.get_by_label("Périodes souhaitées").fill("Semaine prochaine, le matin")
    j.shoot("rendez-vous-demande", employees, page.get_by_label("Type de visite"),
            page.get_by_label("Périodes souhaitées"), page.get_by_role("button", name="Envoyer la demande"), full_page=True)
    page.get_by_role("button", name="Envoyer la demande").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_contain_text(re.compile(r"Demande n° RDV-\d{4}-\d{6} reçue le"))
    j.shoot("rendez-vous-accuse", receipt, page.get_by_text("Envoyée", exact=True))
    page.get_by_role("link", name="Retour aux rendez-vous").click()
    page.get_by_role("link", name="Demander une annulation").click()
    page.get_by_role("link", name=re.compile("Annuler ce rendez-vous")).last.click()  # the one weeks ahead
    expect(page.get_by_text("Délai dépassé", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("limit")).to_contain_text("Annulation possible jusqu'au")
    page.get_by_label("Motif de l'annulation").select_option(
        label="Salarié indisponible (congés, formation, déplacement)")
    j.shoot("rendez-vous-annulation", page.get_by_test_id("limit"), page.get_by_label("Motif de l'annulation"),
            page.get_by_role("button", name="Demander l'annulation"))
    page.get_by_role("button", name="Demander l'annulation").click()
    page.get_by_role("button", name="Oui, demander l'annulation").click()
    expect(page.get_by_test_id("cancellation-result")).to_contain_text("Statut : Reçue, en cours de traitement.")
    page.get_by_role("link", name="Retour aux rendez-vous").click()
    page.get_by_role("link", name="Suivi des visites de vos salariés").click()
    expect(page.get_by_role("heading", name="Suivi des visites de vos salariés")).to_be_visible()
    page.get_by_label("Statut", exact=True).select_option(label="À planifier")
    page.get_by_role("button", name="Filtrer").click()
    j.shoot("conformite", page.get_by_role("list", name="Répartition par statut"), page.get_by_label("Statut", exact=True),
            page.get_by_role("link", name=re.compile("^Demander un rendez-vous pour")).first)
    j.fetch("/rendez-vous/suivi/?statut=a_planifier&format=csv")


def journey_activity(j):
    page = j.page
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Vos synthèses d'activité")).click()
    j.shoot("syntheses", page.get_by_label("Année"), page.get_by_role("heading", name="Fiche d'entreprise"),
            page.locator("table").last, full_page=True)
    j.fetch("/syntheses/pdf/")


def journey_help(j):
    page = j.page
    page.goto("/aide/")  # anonymous: the member guide is public
    expect(page.get_by_role("heading", name="Aide – Guide d'utilisation")).to_be_visible()
    axe_check(page)
    login(page, *MEMBER)
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    page.get_by_test_id("help-link").click()
    expect(page).to_have_url(re.compile("/aide/salaries/$"))
    expect(page.get_by_role("heading", name="2.3 Liste de vos salariés")).to_be_visible()
    expect(page.locator(".help-article img").first).to_have_js_property("complete", True)
    axe_check(page)
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Aide", exact=True).click()
    j.shoot("aide", menu.get_by_role("link", name="Aide", exact=True), page.get_by_label("Rechercher dans l'aide"),
            page.get_by_role("link", name=re.compile("Télécharger le guide complet")))
    axe_check(page)
    page.get_by_label("Rechercher dans l'aide").fill("SIR")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name=re.compile("SI, SIA, SIR"))).to_be_visible()
    axe_check(page)
    response = page.request.get("/aide/guide.pdf")
    assert response.ok and response.body()[:5] == b"%PDF-"
    j.visited.add("aide/guide.pdf")


# --- Staff journeys (guide/personnel) ---------------------------------------------------

def journey_staff(j):
    page = j.page
    staff_login(page, "/gestion/")
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    j.shoot("gestion-boite", page.get_by_role("button", name="Filtrer"),
            page.locator("a.open-link").first,
            page.get_by_role("navigation", name="Menu du back office").get_by_role("link", name="Adhérents"))
    page.locator("a.open-link").first.click()
    page.get_by_role("link", name="Adhérents").click()
    page.get_by_role("link", name="100001").click()
    j.shoot("gestion-adherent")
    for label in ("Actions en milieu de travail", "Facturation", "Journal d'audit", "Personnel"):
        menu = page.get_by_role("navigation", name="Menu du back office")
        menu.get_by_role("link", name=label).click()
    for path in ("/gestion/actions/nouvelle/", "/gestion/actions/fiches-entreprise-en-retard/",
                 "/gestion/facturation/adherents/100001/", "/gestion/codes-de-secours/"):
        page.goto(path)
    j.fetch("/gestion/facturation/export/")
    page.goto("/gestion/facturation/adherents/100001/")
    j.fetch(page.locator("a[href$='/pdf/']").first.get_attribute("href"))
    page.goto("/gestion/aide/")
    page.get_by_role("link", name="Comptabilité").click()
    expect(page.get_by_role("heading", name="Comptabilité")).to_be_visible()
    axe_check(page)


# The declaration and appointment journeys send requests the staff inbox would list: they come
# after journey_staff, so that its captures show the demo data as loaded.
JOURNEYS = [journey_login, journey_information, journey_service_contacts, journey_workforce,
            journey_billing, journey_activity, journey_help, journey_staff,
            journey_declarations, journey_appointments]


def test_guide_journeys_shoot_every_capture(browser, live_server, demo_data, guide_clock, settings):
    settings.AXES_ENABLED = False
    visited: set[str] = set()
    shots: dict[str, str] = {}
    for index, journey in enumerate(JOURNEYS):
        # Each journey starts on its own round minute, whatever the time the previous ones took:
        # the times the pages show (a receipt's "reçue le … à 09:50") are the same on every run.
        guide_clock.move_to(GUIDE_NOW + timedelta(minutes=10 * (index + 1)))
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=VIEWPORT,
                                      device_scale_factor=1, timezone_id="Europe/Paris")
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            journey(Journey(page, journey.__name__, visited, shots))
        finally:
            context.close()

    assert shots == CAPTURES, "captures du registre jamais prises : " + ", ".join(sorted(set(CAPTURES) - set(shots)))



@pytest.mark.parametrize("path", ["/aide/", "/aide/categories-de-suivi/", "/aide/recherche/?q=prelevement"])
def test_help_pages_are_axe_clean_for_anonymous_visitors(page, demo_data, path):
    page.goto(path)
    expect(page.locator("main h1").first).to_be_visible()
    axe_check(page)
