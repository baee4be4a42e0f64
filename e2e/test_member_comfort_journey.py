"""Issue 18, the member's and the mandataire's comfort at 1280×800 and 375×812: lists that fit, cards on a phone,
a compact declaration, a question before every irreversible action (without JavaScript too), receipts that print
and download as PDF, French words, and one pass over every page kind checking overflow, axe-core and the console."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from e2e.conftest import AXE, axe_check, fetch, login, record_routes, sign_sepa_mandate

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
LONG_COMPANY = "SOCIÉTÉ COOPÉRATIVE D'EXPLOITATION DES TRANSPORTS ET DE LA LOGISTIQUE DES BOUCHES-DU-RHÔNE"
LONG_NAME = "DE LA TOUR D'AUVERGNE-LAURAGUAIS-MONTMORENCY"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# Each table that needs its scroll box to show all its columns (its last column: the row's actions).
SCROLLED_TABLES = """Array.from(document.querySelectorAll('main table')).filter(t => {
    const box = t.closest('.table-wrap') || t.parentElement;
    return t.offsetParent !== null && t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
}).map(t => (t.querySelector('caption') || t).textContent.trim().slice(0, 60))"""


def _demo(**names):
    """The demo member 100001, its data shaped for the check: a long company name, a long employee name."""
    from django_scopes import scopes_disabled

    from portail.members.models import Member

    with scopes_disabled():
        member = Member.objects.get(number="100001")
        if names.get("long_names"):
            Member.objects.filter(pk=member.pk).update(name=LONG_COMPANY)
            employee = member.employees.filter(exit_date__isnull=True).order_by("pk").first()
            type(employee).objects.filter(pk=employee.pk).update(birth_name=LONG_NAME)
        return member


def _sign_sepa_mandate(member):
    from django_scopes import scopes_disabled

    from portail.billing.sepa import sepa_mandate_sign

    with scopes_disabled():
        from portail.accounts.models import User

        user = User.objects.filter(member=member, kind="member").first()
        return sepa_mandate_sign(member=member, holder_name=LONG_COMPANY, iban="FR7630006000011234567890189",
                                 bic="", address="12 rue de la République, 13001 MARSEILLE", actor=user)


def _watch_console(page) -> list[str]:
    errors = []
    page.on("console", lambda message: errors.append(f"{page.url} : {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url} : {error}"))
    return errors


def test_employee_list_fits_a_laptop_and_turns_into_cards_on_a_phone(page, mobile_page, demo_data):
    page.set_viewport_size(DESKTOP)
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    menus = page.locator("details.row-menu summary")
    expect(menus.first).to_be_visible()  # the list has loaded: count() and evaluate() do not wait
    assert page.evaluate(SCROLLED_TABLES) == []
    assert menus.count() > 10
    for index in (0, menus.count() - 1):  # each row's menu lies inside the screen's width
        box = menus.nth(index).bounding_box()
        assert box["x"] + box["width"] <= DESKTOP["width"]
    menus.first.click()
    expect(page.locator("details.row-menu[open]").get_by_role("link", name=re.compile("^Modifier"))).to_be_visible()
    expect(page.locator("details.row-menu[open]").get_by_role("link", name=re.compile("^Sortir le salarié"))).to_be_visible()
    axe_check(page)

    mobile_page.set_viewport_size(PHONE)
    login(mobile_page, "100001", "Demo-Adherent-2026")
    mobile_page.goto("/salaries/")
    assert mobile_page.evaluate(OVERFLOW) <= 0
    first = mobile_page.locator("table.stack tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"  # a card, not a table row
    expect(first.locator("td[data-label='Catégorie']")).to_be_visible()
    expect(first.locator("td[data-label='Prochain rendez-vous']")).to_be_visible()
    assert first.locator("td[data-label='Catégorie']").evaluate(
        "td => getComputedStyle(td, '::before').content") == '"Catégorie : "'
    expect(first.locator("summary")).to_be_visible()
    axe_check(mobile_page)
    # The header keeps help, notifications, messages and logout in sight; the account's other links fold.
    header = mobile_page.locator("header.topbar")
    password = header.get_by_role("link", name=re.compile("Gestion mot de passe"))
    expect(password).to_be_hidden()
    expect(header.get_by_role("button", name=re.compile("Déconnexion"))).to_be_visible()
    header.get_by_text("Mon compte").click()
    expect(password).to_be_visible()
    page.goto("/salaries/")  # on a laptop every link of the header shows, with no "Mon compte" to open
    expect(page.locator("header.topbar").get_by_role("link", name=re.compile("Gestion mot de passe"))).to_be_visible()
    expect(page.locator("header.topbar").get_by_text("Mon compte")).to_be_hidden()


def test_declaration_lists_one_line_per_employee_and_opens_one_exit_form_at_a_time(page, demo_data):
    page.set_viewport_size(DESKTOP)
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Vos déclarations")).first.click()
    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    employees = page.get_by_test_id("employees")
    expect(employees.locator("tbody tr").first).to_be_visible()
    assert employees.locator("form").count() == 0  # no exit form until one is asked for
    assert employees.locator("tbody tr").count() > 20
    assert page.evaluate("document.documentElement.scrollHeight") < 7000
    assert page.evaluate(SCROLLED_TABLES) == []

    exit_link = re.compile("^Déclarer la sortie")
    rows = employees.locator("tbody tr").filter(has=page.get_by_role("link", name=exit_link))
    first_row, second_row = rows.nth(0), rows.nth(1)
    first_row.get_by_role("link", name=exit_link).click()
    expect(first_row.get_by_label("Date de sortie")).to_be_visible()
    second_row.get_by_role("link", name=exit_link).click()
    expect(second_row.get_by_label("Date de sortie")).to_be_visible()
    expect(employees.locator("form")).to_have_count(1)  # the first one closed
    axe_check(page)
    second_row.get_by_role("link", name="Annuler").click()
    expect(employees.locator("form")).to_have_count(0)

    # The exit of one employee: the message says it there, and the next page does not say it again.
    name = first_row.locator("td").first.locator("a").inner_text()
    first_row.get_by_role("link", name=exit_link).click()
    first_row.get_by_label("Date de sortie").fill("2026-01-15")
    first_row.get_by_label("Motif de sortie").select_option(label="démission")
    first_row.get_by_role("button", name=re.compile("Confirmer la sortie")).click()
    said = page.get_by_test_id("inplace-messages")
    expect(said).to_contain_text("a été enregistrée")
    expect(said).to_contain_text(name.split()[0])
    page.get_by_role("link", name=re.compile("Vos factures et votre échéancier")).click()
    expect(page.get_by_role("heading", name="2.4 Vos factures et votre échéancier")).to_be_visible()
    expect(page.get_by_text("a été enregistrée")).to_have_count(0)


def test_contact_detail_chart_and_year_controls_read_well_at_both_sizes(page, mobile_page, demo_data):
    for current, size in ((page, DESKTOP), (mobile_page, PHONE)):
        current.set_viewport_size(size)
        login(current, "100001", "Demo-Adherent-2026")
        current.goto("/contacts/")
        expect(current.get_by_role("heading", name="Équipe pluridisciplinaire")).to_be_visible()
        eye = current.get_by_role("link", name=re.compile("Voir les coordonnées de")).first
        before = eye.bounding_box()
        eye.click()
        detail = current.get_by_test_id("person-detail").first
        expect(detail).to_be_visible()
        inside = detail.evaluate("""d => { const r = d.getBoundingClientRect(), c = d.closest('.card').getBoundingClientRect();
            return r.left >= c.left && r.right <= c.right && r.width >= c.width * 0.6; }""")
        assert inside, f"le détail sort de sa carte ou s'y tasse ({size['width']} px)"
        after = eye.bounding_box()
        assert (round(after["width"]), round(after["height"])) == (round(before["width"]), round(before["height"]))
        assert current.evaluate(OVERFLOW) <= 0
        axe_check(current)

        current.goto("/syntheses/")
        chart = current.get_by_test_id("activity-chart")
        sizes = chart.locator("text").evaluate_all("texts => texts.map(t => t.getBoundingClientRect().height)")
        assert sizes and min(sizes) >= 11, f"libellés du graphique trop petits à {size['width']} px : {min(sizes)}"
        expect(current.get_by_role("table", name=re.compile("Nombre d'actions par type"))).to_be_attached()
        axe_check(current)

        current.goto("/factures/")
        years = current.get_by_test_id("year-selector")
        expect(years.get_by_label("Année affichée")).to_be_visible()
        expect(years.get_by_role("button", name="Afficher")).to_be_visible()
        expect(years.get_by_role("link", name=re.compile(r"^Année \d{4}$"))).to_be_visible()
        assert "<-" not in years.inner_text() and "->" not in years.inner_text()
        assert current.evaluate(OVERFLOW) <= 0


def test_appointment_request_chooses_employees_by_ticking_and_searching(page, demo_data):
    login(page, "100001", "Demo-Adherent-2026")
    page.goto("/rendez-vous/demander/")
    group = page.get_by_role("group", name="Salariés")
    assert page.locator("select[multiple]").count() == 0
    boxes = group.get_by_role("checkbox")
    total = boxes.count()
    assert total > 10
    search = group.get_by_role("searchbox")
    search.fill("martin")
    expect(group.locator("li:visible")).not_to_have_count(total)
    visible = group.locator("li:visible")
    assert all("MARTIN" in text.upper() for text in visible.all_inner_texts())
    visible.first.get_by_role("checkbox").check()
    search.fill("")
    expect(group.locator("li:visible")).to_have_count(total)
    axe_check(page)


def test_irreversible_actions_ask_first_even_without_javascript(browser, live_server, demo_data):
    member = _demo()
    _sign_sepa_mandate(member)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    record_routes(page)
    page.set_default_timeout(10_000)
    login(page, "100001", "Demo-Adherent-2026")

    # A contact: asked, "Non" keeps it; asked again, "Oui" deletes it.
    page.goto("/informations/")
    contacts = page.get_by_test_id("contacts").locator("li")
    count = contacts.count()
    page.get_by_role("link", name=re.compile("^Modifier le contact")).first.click()
    page.get_by_role("link", name=re.compile("Supprimer ce contact")).click()
    expect(page.get_by_role("heading", name="Supprimer ce contact ?")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("link", name="Non, revenir en arrière").click()
    expect(contacts).to_have_count(count)
    page.get_by_role("link", name=re.compile("^Modifier le contact")).first.click()
    page.get_by_role("link", name=re.compile("Supprimer ce contact")).click()
    page.get_by_role("button", name="Oui, supprimer le contact").click()
    expect(page.get_by_text("Le contact a été supprimé.")).to_be_visible()
    expect(contacts).to_have_count(count - 1)

    page.get_by_role("link", name=re.compile("^Modifier l'adresse")).first.click()
    page.get_by_role("link", name=re.compile("Supprimer cette adresse")).click()
    expect(page.get_by_role("heading", name="Supprimer cette adresse ?")).to_be_visible()
    page.get_by_role("button", name="Oui, supprimer l'adresse").click()
    expect(page.get_by_text("L'adresse a été supprimée.")).to_be_visible()

    # The SEPA mandate: its RUM named on the question, which fits a phone.
    page.goto("/informations/sepa/")
    page.get_by_role("link", name=re.compile("Révoquer ce mandat")).click()
    expect(page.get_by_role("heading", name="Révoquer ce mandat de prélèvement SEPA ?")).to_be_visible()
    expect(page.get_by_text(re.compile(r"RUM100001"))).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("button", name="Oui, révoquer le mandat").click()
    expect(page.get_by_text(re.compile("Votre mandat de prélèvement SEPA est révoqué"))).to_be_visible()

    # An appointment's cancellation.
    page.goto("/rendez-vous/annulation/")
    page.get_by_role("link", name=re.compile("Annuler ce rendez-vous")).last.click()
    page.get_by_label("Motif de l'annulation").select_option(label="Salarié indisponible (congés, formation, déplacement)")
    page.get_by_role("button", name="Demander l'annulation").click()
    expect(page.get_by_role("heading", name="Demander l'annulation de ce rendez-vous ?")).to_be_visible()
    page.get_by_role("button", name="Oui, demander l'annulation").click()
    expect(page.get_by_test_id("cancellation-result")).to_contain_text("Reçue")

    # An employee's exit: the row's menu opens without script; the form, then the question.
    page.goto("/salaries/")
    menu = page.locator("details.row-menu", has=page.get_by_role("link", name=re.compile("^Sortir le salarié"),
                                                                 include_hidden=True)).first
    menu.locator("summary").click()
    menu.get_by_role("link", name=re.compile("^Sortir le salarié")).click()
    page.get_by_label("Date de sortie").fill(date.today().isoformat())
    page.get_by_label("Motif de sortie").select_option(label="démission")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name=re.compile("de votre effectif \\?"))).to_be_visible()
    page.get_by_role("button", name="Oui, sortir le salarié").click()
    expect(page.get_by_text(re.compile("sorti de votre effectif|quitte votre effectif|La sortie de")).first).to_be_visible()

    # The exit form of a declaration opens as a page of its own.
    page.goto("/declarations/")
    page.get_by_role("link", name="Saisir votre déclaration", exact=True).click()
    page.get_by_role("link", name=re.compile("^Déclarer la sortie de")).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Déclarer la sortie de"))).to_be_visible()
    context.close()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content[:4] == b"%PDF"
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_every_request_ends_on_a_receipt_to_print_or_download(page, demo_data):
    login(page, "100001", "Demo-Adherent-2026")

    page.goto("/rendez-vous/demander/")
    page.get_by_role("group", name="Salariés").get_by_role("checkbox").first.check()
    page.get_by_label("Type de visite").select_option(label="Visite périodique")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", name=re.compile("Accusé de réception de la demande n° RDV-"))).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()
    number = re.search(r"RDV-\d{4}-\d{6}", page.get_by_test_id("receipt").inner_text()).group(0)
    text = _pdf_text(fetch(page, page.url + "?format=pdf"))
    assert number in text and "Accusé de réception" in text
    axe_check(page)

    page.goto("/rendez-vous/annulation/")
    page.get_by_role("link", name=re.compile("Annuler ce rendez-vous")).last.click()
    page.get_by_label("Motif de l'annulation").select_option(label="Salarié indisponible (congés, formation, déplacement)")
    page.get_by_role("button", name="Demander l'annulation").click()
    page.get_by_role("button", name="Oui, demander l'annulation").click()
    expect(page.get_by_role("heading", name="Accusé de réception de la demande d'annulation")).to_be_visible()
    assert "Salarié indisponible" in _pdf_text(fetch(page, page.url + "?format=pdf"))

    page.goto("/informations/changement-de-situation/")
    page.get_by_label("Type de changement").select_option(index=1)
    page.get_by_label("Date d'effet").fill("2027-01-01")
    page.get_by_label("Commentaire").fill("Nouveau siège social au 1er janvier.")
    page.get_by_role("button", name="Envoyer à nos services").click()
    expect(page.get_by_role("heading", name="Accusé de réception de votre changement de situation")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Télécharger l'accusé de réception"))).to_be_visible()
    assert "Nouveau siège social" in _pdf_text(fetch(page, page.url + "?format=pdf"))
    axe_check(page)

    page.goto("/factures/prelevement-sepa/")
    sign_sepa_mandate(page, iban="FR76 3000 6000 0112 3456 7890 189")
    expect(page.get_by_role("heading", name="Mes informations SEPA")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()
    href = page.get_by_role("link", name=re.compile("Télécharger le mandat signé")).get_attribute("href")
    assert "RUM100001" in _pdf_text(fetch(page, href))


def test_french_words_and_the_mandataire_chooser(page, demo_data):
    login(page, "100001", "Demo-Adherent-2026")
    assert "(s)" not in page.locator("main").inner_text()
    page.goto("/mot-de-passe/")
    assert page.locator("main").inner_text().count("Au moins 12 caractères") == 1
    assert "sans autre contrainte" not in page.locator("main").inner_text()
    page.goto("/")
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    login(page, "cabinet.demo", "Demo-Mandataire-2026", mandataire=True)
    expect(page.get_by_role("heading", name=re.compile("Vos entreprises clientes"))).to_be_visible()  # the cockpit
    for path, heading in (("/tableau-de-bord/", "Vos entreprises clientes"), ("/choisir-adherent/", "Choisir l'entreprise")):
        page.goto(path)
        expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
        header = page.locator("header.topbar")
        expect(header.get_by_role("button", name=re.compile("Déconnexion"))).to_be_visible()
        expect(header.get_by_role("link", name=re.compile("Gestion mot de passe"))).to_be_visible()
        axe_check(page)


MEMBER_PAGES = [
    "/", "/informations/", "/informations/modifier/", "/informations/adresses/ajouter/",
    "/informations/contacts/ajouter/", "/informations/sepa/", "/informations/changement-de-situation/", "/contacts/",
    "/salaries/", "/salaries/?status=anciens", "/salaries/ajouter/", "/factures/", "/declarations/",
    "/rendez-vous/", "/rendez-vous/demander/", "/rendez-vous/annulation/", "/rendez-vous/suivi/", "/syntheses/",
    "/mot-de-passe/", "/aide/",
]


def _object_pages(member, mandate) -> list[str]:
    """One page of each kind that shows an object: an employee, an invoice, a declaration, an appointment…"""
    from django_scopes import scopes_disabled

    from portail.appointments.models import Appointment
    from portail.declarations.models import Declaration

    with scopes_disabled():
        employee = member.employees.filter(exit_date__isnull=True).order_by("pk").first()
        invoice = member.invoices.filter(number__gt="").order_by("pk").first()
        declaration = Declaration.objects.filter(member=member, number__gt="").order_by("pk").first()
        fillable = next(d for d in Declaration.objects.filter(member=member) if d.is_fillable)
        appointment = Appointment.objects.filter(employee__member=member).order_by("-start").first()
        contact = member.contacts.order_by("pk").first()
    return [f"/salaries/{employee.pk}/", f"/salaries/{employee.pk}/modifier/", f"/salaries/{employee.pk}/sortir/",
            f"/factures/{invoice.pk}/", f"/declarations/{declaration.pk}/", f"/declarations/{fillable.pk}/saisie/",
            f"/declarations/{fillable.pk}/salaries/{employee.pk}/sortie/", f"/rendez-vous/{appointment.pk}/annuler/",
            f"/informations/contacts/{contact.pk}/supprimer/",
            f"/factures/prelevement-sepa/{mandate.pk}/revoquer/"]


def _check_page(page, path: str, size: dict, console: list[str]) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    problems = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"{size['width']} px {path} : la page défile de côté ({overflow} px)")
    if size == DESKTOP and (scrolled := page.evaluate(SCROLLED_TABLES)):
        problems.append(f"{size['width']} px {path} : tableaux à faire défiler pour voir leurs actions {scrolled}")
    try:
        axe_check(page)
    except AssertionError as error:
        problems.append(f"{size['width']} px {path} : {error}")
    if console:
        problems.append(f"{size['width']} px {path} : console {console[:2]}")
        console.clear()
    return problems


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_every_member_and_mandataire_page_fits_is_accessible_and_quiet(browser, live_server, demo_data, size):
    assert AXE.exists()
    member = _demo(long_names=True)
    mandate = _sign_sepa_mandate(member)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=size)
    page = context.new_page()
    record_routes(page)
    page.set_default_timeout(15_000)
    console = _watch_console(page)
    login(page, "100001", "Demo-Adherent-2026")
    problems = []
    for path in MEMBER_PAGES + _object_pages(member, mandate):
        problems += _check_page(page, path, size, console)
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    login(page, "cabinet.demo", "Demo-Mandataire-2026", mandataire=True)
    problems += _check_page(page, "/choisir-adherent/", size, console)
    page.get_by_role("button", name=re.compile("^Choisir")).first.click()
    for path in ("/", "/salaries/", "/factures/", "/declarations/"):
        problems += _check_page(page, path, size, console)
    context.close()
    assert not problems, "\n".join(problems)

