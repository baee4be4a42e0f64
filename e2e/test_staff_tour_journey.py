"""The back office seen by its administrator: every screen of every domain opens, in French, and passes
axe-core. Actions behind these screens have their own journeys and unit tests."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from e2e.conftest import fetch


def _ids():
    from portail.appointments.models import Appointment, AppointmentRequest, AvailabilityException, AvailabilityPattern
    from portail.declarations.models import Campaign, Declaration
    from portail.members.models import Centre, Member

    with scopes_disabled():
        head = Member.objects.get(number="100001")
        return {
            "campaign": Campaign.objects.order_by("-year").first().pk,
            "declaration": Declaration.objects.filter(member=head).exclude(submitted_at=None).first().pk,
            "request": AppointmentRequest.objects.filter(member=head).first().pk,
            "appointment": Appointment.objects.filter(member=head).first().pk,
            "centre": Centre.objects.first().pk,
            "pattern": AvailabilityPattern.objects.first().pk,
            "exception": AvailabilityException.objects.first().pk,
            "exception_day": AvailabilityException.objects.first().first_day.isoformat(),
            "mandataire": __import__("portail.accounts.models", fromlist=["User"]).User.objects.get(
                username="cabinet.demo").pk,
        }


def test_administrator_opens_every_back_office_screen(page, demo_data, staff_login, axe_check):
    ids = _ids()
    staff_login(page)
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    screens = [
        ("/gestion/rendez-vous/", "Demandes de rendez-vous"),
        (f"/gestion/rendez-vous/demandes/{ids['request']}/", None),
        ("/gestion/rendez-vous/annulations/", None),
        ("/gestion/rendez-vous/planning/", None),
        (f"/gestion/rendez-vous/planning/?jour={ids['exception_day']}", None),
        (f"/gestion/rendez-vous/planning/?jour={ids['exception_day']}&vue=semaine", None),
        ("/gestion/rendez-vous/disponibilites/", "Disponibilités des professionnels"),
        ("/gestion/rendez-vous/disponibilites/nouvelle/", "Nouvelle disponibilité"),
        (f"/gestion/rendez-vous/disponibilites/{ids['pattern']}/", "Modifier la disponibilité"),
        ("/gestion/rendez-vous/exceptions/nouvelle/", "Nouvelle exception"),
        (f"/gestion/rendez-vous/exceptions/{ids['exception']}/", "Indisponibilité"),
        ("/gestion/rendez-vous/durees/", "Durées des visites"),
        (f"/gestion/rendez-vous/rdv/{ids['appointment']}/", None),
        ("/gestion/rendez-vous/creneaux/", None),
        ("/gestion/rendez-vous/planification-groupee/", None),
        ("/gestion/declarations/", None),
        (f"/gestion/declarations/campagnes/{ids['campaign']}/", None),
        (f"/gestion/declarations/{ids['declaration']}/", None),
        ("/gestion/mandataires/", None),
        ("/gestion/mandataires/nouveau/", None),
        (f"/gestion/mandataires/{ids['mandataire']}/", None),
        ("/gestion/structure/centres/", None),
        ("/gestion/structure/centres/nouveau/", None),
        (f"/gestion/structure/centres/{ids['centre']}/", None),
        ("/gestion/parametres/", None),
    ]
    for path, heading in screens:
        response = page.goto(path)
        assert response.ok, f"{path} : {response.status}"
        expect(page.locator("main h1").first).to_be_visible()
        if heading:
            expect(page.locator("main h1").first).to_contain_text(re.compile(heading, re.I))
        axe_check(page)
    fetch(page, f"/gestion/declarations/campagnes/{ids['campaign']}/export.csv")
    fetch(page, f"/gestion/declarations/{ids['declaration']}/accuse-reception.pdf")
    fetch(page, "/gestion/facturation/adherents/100001/releve.pdf")


def test_member_downloads_and_imports(page, demo_data, login, settings):
    settings.WORKFORCE_IMPORT_BACKGROUND_ROWS = 5  # a background job with its progress page
    from portail.appointments.models import SharedDocument

    ids = _ids()
    with scopes_disabled():
        document = SharedDocument.objects.filter(member__number="100001").first()
        open_declaration = __import__("portail.declarations.models", fromlist=["Declaration"]).Declaration.objects.filter(
            member__number="100001", submitted_at=None).first()
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Vos déclarations")).click()
    assert fetch(page, f"/declarations/{ids['declaration']}/accuse-reception.pdf")[:5] == b"%PDF-"
    assert fetch(page, f"/declarations/{ids['declaration']}/declaration.pdf")[:5] == b"%PDF-"
    fetch(page, f"/declarations/{open_declaration.pk}/totaux/")
    assert fetch(page, f"/rendez-vous/documents/{document.pk}/")[:5] == b"%PDF-"
    assert fetch(page, "/aide/guide.pdf")[:5] == b"%PDF-"

    # Importing our own export: the column-mapping step recognises every column.
    csv = fetch(page, "/salaries/export.csv")
    page.goto("/salaries/import/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "salaries.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name=re.compile("Correspondance des colonnes"))).to_be_visible()
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.get_by_role("button", name="Valider l'import").click()
    expect(page.get_by_test_id("import-progress")).to_contain_text("Import terminé")
    # The fragment the page polls while a worker runs the job (finished at once in tests).
    job_path = re.search(r"/salaries/import/suivi/\d+/", page.url).group(0)
    fragment = fetch(page, job_path + "progression/").decode()
    assert "Import terminé" in fragment and "hx-trigger" not in fragment  # finished: polling stops
