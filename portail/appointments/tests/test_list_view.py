"""Tab 2.6 list: its four tables (upcoming appointments, requests, cancellation requests, past appointments with
their documents), their links, escaping and empty states; its block is kept under the member's data stamp (see
portail/members/freshness.py), so a change shows on the very next view, a kept view reads nothing of its own, and
another member never gets this block."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import MemberUserFactory
from portail.appointments import selectors
from portail.appointments.models import AppointmentStatus, CancellationRequest, SharedDocument, VisitKind
from portail.appointments.services import appointment_book
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory, SlotFactory
from portail.core.tests.html import links, table
from portail.members.models import TeamRole
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

LIST = reverse("appointments:list")


def _main(response) -> str:
    page = response.content.decode()  # around the block: the logout form and its fresh CSRF token
    return page[page.index("<main"):page.index("</main>")]


def test_an_appointment_booked_after_a_view_shows_on_the_next_one(client_a, member_a, staff_user):
    employee = EmployeeFactory(member=member_a, birth_name="NOUVEAU")
    asked = AppointmentRequestFactory(member=member_a, employees=[employee])
    assert "Aucun rendez-vous à venir." in client_a.get(LIST).content.decode()
    appointment_book(appointment_request=asked, employee=employee, slot_id=SlotFactory().pk, actor=staff_user,
                     send=False)
    page = client_a.get(LIST).content.decode()
    assert "NOUVEAU" in page and "Aucun rendez-vous à venir." not in page


def test_a_kept_view_reads_only_the_user_and_the_member(client_a, member_a, django_assert_num_queries):
    AppointmentFactory(employee=EmployeeFactory(member=member_a))
    client_a.get(reverse("help:index"))  # the session's first page: its one-off reads and writes
    selectors.settings_get()  # created on first read: a shared setting, whose creation renews every block
    first = _main(client_a.get(LIST))
    with django_assert_num_queries(2):  # the session comes from the cache
        again = _main(client_a.get(LIST))
    assert again == first


def test_outsider_never_gets_the_block_of_another_member(client_a, client, member_a, member_b):
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="SEULEMENTCHEZA"))
    assert "SEULEMENTCHEZA" in client_a.get(LIST).content.decode()
    client.force_login(MemberUserFactory(member=member_b))
    assert "SEULEMENTCHEZA" not in client.get(LIST).content.decode()


UPCOMING, REQUESTS = "Rendez-vous à venir", "Demandes de rendez-vous en cours ou refusées"
CANCELLATIONS, PAST = "Demandes d'annulation", "Rendez-vous passés et documents transmis"
ODD = "Zoé & <b> <script>alert('x')</script>"
PRADO = "Centre <Prado> & co 1 rue du Centre, Bâtiment B 13001 MARSEILLE"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 5, 12, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield timezone.now()


@pytest.fixture
def varied(frozen, member_a):
    """Every branch of the four tables, with names that need escaping."""
    now = frozen
    odd = EmployeeFactory(member=member_a, birth_name="<script>alert('x')</script>", first_name="Zoé & <b>")
    plain = EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Paul")
    prado = CentreFactory(name="Centre <Prado> & co", address_line2="Bâtiment B")
    north = CentreFactory(name="Centre Nord")
    doctor = TeamMemberFactory(first_name="Claire", last_name="fabre & <fils>")
    nurse = TeamMemberFactory(role=TeamRole.NURSE, first_name="Luc", last_name="o'neil")
    refused = AppointmentFactory(employee=odd, centre=prado, professional=doctor, start=now + timedelta(days=20))
    AppointmentFactory(employee=plain, centre=north, professional=None, start=now + timedelta(days=30),
                       visit_kind=VisitKind.HIRING)
    AppointmentFactory(employee=plain, centre=prado, professional=nurse, start=now + timedelta(hours=20))
    CancellationRequest.objects.create(member=member_a, appointment=refused, reason="activite",
                                       deadline=now + timedelta(days=1), status="refusee")
    done = AppointmentFactory(employee=plain, centre=prado, professional=doctor, start=now - timedelta(days=3),
                              status=AppointmentStatus.DONE)
    for kind in ("aptitude", "attestation"):
        SharedDocument.objects.create(member=member_a, appointment=done, kind=kind,
                                      file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    AppointmentFactory(employee=odd, centre=prado, professional=None, start=now - timedelta(days=5),
                       status=AppointmentStatus.NO_SHOW)
    AppointmentRequestFactory(member=member_a, employees=[odd, plain], status="refusee",
                              refusal_reason="Déjà <vu> & suivi", visit_kind=VisitKind.EMPLOYER)
    AppointmentRequestFactory(member=member_a, employees=[plain], status="annulee", refusal_reason="sortie du salarié")
    AppointmentRequestFactory(member=member_a, employees=[plain], status="planifiee")  # booked: not a request any more
    return member_a


def test_upcoming_appointments_with_what_each_allows(client_a, varied):
    shown = table(client_a.get(LIST).content, UPCOMING)
    assert shown.head == [["Date", "Heure", "Salarié", "Type de visite", "Professionnel", "Centre", "Annulation"]]
    assert shown.rows == [
        ["13/05/2026", "06:00", "Paul MARTIN", "Visite périodique",
         "Infirmier(ère) en santé au travail (IDEST) – Luc O'NEIL", PRADO,
         "Délai dépassé : contactez le service à hotline-adherents@spst.example"],
        ["01/06/2026", "10:00", ODD, "Visite périodique", "Médecin du travail – Claire FABRE & <FILS>", PRADO,
         "Refusée (hors délai)"],
        ["11/06/2026", "10:00", "Paul MARTIN", "Visite d'embauche (VIP initiale ou examen d'aptitude)", "—",
         "Centre Nord 1 rue du Centre 13001 MARSEILLE", "possible jusqu'au mardi 9 juin 2026 à 18 h"],
    ]


def test_requests_and_cancellations_link_to_their_receipts(client_a, varied):
    html = client_a.get(LIST).content.decode()
    requests = table(html, REQUESTS)
    assert requests.head == [["N°", "Reçue le", "Salariés", "Type de visite", "Statut"]]
    refused, withdrawn = (varied.appointment_requests.get(status=status) for status in ("refusee", "annulee"))
    assert [row[0] for row in requests.rows] == [withdrawn.number, refused.number]  # newest first
    assert requests.rows[1][2:] == [f"{ODD}, Paul MARTIN", "Visite à la demande de l'employeur",
                                    "Refusée : Déjà <vu> & suivi"]
    assert '<span class="badge">Annulée</span> : sortie du salarié' in html
    cancellations = table(html, CANCELLATIONS)
    assert cancellations.rows == [["12/05/2026 à 10:00", "01/06/2026 à 10:00", ODD, "Refusée (hors délai)"]]
    found = links(html)
    assert found[refused.number] == reverse("appointments:request_receipt", args=[refused.pk])
    cancellation = CancellationRequest.objects.get(member=varied)
    assert found["12/05/2026 à 10:00"] == reverse("appointments:cancellation_detail", args=[cancellation.pk])


def test_past_appointments_link_their_documents(client_a, varied):
    html = client_a.get(LIST).content.decode()
    shown = table(html, PAST)
    assert shown.rows == [
        ["09/05/2026 à 10:00", "Paul MARTIN", "Visite périodique", "Médecin du travail – Claire FABRE & <FILS>",
         "Réalisé", "Attestation de suivi Avis d'aptitude"],
        ["07/05/2026 à 10:00", ODD, "Visite périodique", "—", "Absent non excusé", "—"],
    ]
    assert '<span class="badge ok">Réalisé</span>' in html and '<span class="badge alert">Absent non excusé</span>' in html
    for document in SharedDocument.objects.filter(member=varied):
        assert links(html)[document.get_kind_display()] == reverse("appointments:document", args=[document.pk])


def test_names_and_reasons_are_escaped(client_a, varied):
    html = client_a.get(LIST).content.decode()
    assert "<script>alert" not in html and "<b>" not in html and "<Prado>" not in html and "<vu>" not in html
    assert "Zoé &amp; &lt;b&gt; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<strong>Centre &lt;Prado&gt; &amp; co</strong><br>1 rue du Centre, Bâtiment B<br>13001 MARSEILLE" in html


def test_nothing_yet_says_so_in_each_section(client_a, member_a):
    html = client_a.get(LIST).content.decode()
    for empty in ("Aucun rendez-vous à venir.", "Aucune demande en cours.", "Aucun rendez-vous passé."):
        assert f"<p>{empty}</p>" in html
    assert CANCELLATIONS not in html


def test_the_cancel_form_shows_the_centre_address(client_a, varied):
    appointment = varied.appointments.get(cancellations__status="refusee")
    html = client_a.get(reverse("appointments:cancel_create", args=[appointment.pk])).content.decode()
    assert "<dd><strong>Centre &lt;Prado&gt; &amp; co</strong><br>1 rue du Centre, Bâtiment B<br>13001 MARSEILLE" in html


def test_the_list_drawn_anew_costs_a_bounded_number_of_queries(client_a, varied, django_assert_max_num_queries):
    client_a.get(LIST)  # the session's first page: its one-off reads and writes
    cache.clear()  # the block is drawn again, and the service's branding and settings read again
    # 13: the 12 of before, and the booking links sent to employees (issue 21).
    with django_assert_max_num_queries(13):
        assert "Déjà &lt;vu&gt; &amp; suivi" in client_a.get(LIST).content.decode()
