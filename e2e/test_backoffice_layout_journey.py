"""Issue 18, the back office at 1280×800 and 375×812: every kind of staff page fits the screen's width (a wide
table scrolls inside its own box, never the page), passes axe-core and leaves nothing in the console. A member
with a long name and a signed SEPA mandate (its RUM is a long unbroken string) is on the pages."""

import pytest
from django_scopes import scopes_disabled

from e2e.conftest import AXE, record_routes, staff_login
from e2e.test_member_comfort_journey import DESKTOP, PHONE, _check_page, _demo, _sign_sepa_mandate, _watch_console

STAFF_PAGES = [
    "/gestion/", "/gestion/demandes/modeles-de-reponse/", "/gestion/adherents/", "/gestion/adherents/nouveau/",
    "/gestion/mandataires/", "/gestion/mandataires/nouveau/", "/gestion/structure/centres/",
    "/gestion/parametres/", "/gestion/parametres/tarifs-et-delais/", "/gestion/journal/",
    "/gestion/tableau-de-bord/", "/gestion/personnel/", "/gestion/rendez-vous/", "/gestion/rendez-vous/annulations/",
    "/gestion/rendez-vous/planning/", "/gestion/rendez-vous/calendrier/", "/gestion/rendez-vous/suivi-a-surveiller/",
    "/gestion/rendez-vous/creneaux/", "/gestion/rendez-vous/planification-groupee/",
    "/gestion/rendez-vous/disponibilites/", "/gestion/rendez-vous/durees/", "/gestion/actions/",
    "/gestion/actions/nouvelle/", "/gestion/facturation/", "/gestion/facturation/mandats/",
    "/gestion/facturation/reglements/", "/gestion/facturation/releves/", "/gestion/facturation/lots-de-factures/",
    "/gestion/declarations/", "/gestion/aide/",
]


def _object_pages(member) -> list[str]:
    """One staff page of each kind that shows an object."""
    from portail.accounts.models import User
    from portail.appointments.models import Appointment, AppointmentRequest
    from portail.declarations.models import Campaign, Declaration

    with scopes_disabled():
        campaign = Campaign.objects.order_by("-year").first()
        declaration = Declaration.objects.filter(member=member).exclude(submitted_at=None).first()
        request = AppointmentRequest.objects.filter(member=member).first()
        appointment = Appointment.objects.filter(member=member).first()
        mandataire = User.objects.get(username="cabinet.demo")
    return [f"/gestion/adherents/{member.pk}/", f"/gestion/facturation/adherents/{member.number}/",
            f"/gestion/declarations/campagnes/{campaign.pk}/",
            f"/gestion/declarations/campagnes/{campaign.pk}/appel-provisionnel/",
            f"/gestion/declarations/{declaration.pk}/", f"/gestion/rendez-vous/demandes/{request.pk}/",
            f"/gestion/rendez-vous/rdv/{appointment.pk}/", f"/gestion/mandataires/{mandataire.pk}/"]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_every_back_office_page_fits_is_accessible_and_quiet(browser, live_server, demo_data, size):
    assert AXE.exists()
    member = _demo(long_names=True)
    _sign_sepa_mandate(member)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=size)
    page = context.new_page()
    record_routes(page)
    page.set_default_timeout(15_000)
    console = _watch_console(page)
    staff_login(page)
    problems = []
    for path in STAFF_PAGES + _object_pages(member):
        problems += _check_page(page, path, size, console)
    context.close()
    assert not problems, "\n".join(problems)
