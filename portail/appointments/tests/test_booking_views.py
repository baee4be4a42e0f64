"""Member pages of online booking (issue 21): pick an employee, see the visit owed, pick a slot, confirm; the
appointment's page with its convocation PDF and .ics; change of slot; anonymous and outsiders refused."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from portail.appointments.models import Appointment, VisitKind
from portail.appointments.tests.factories import AppointmentFactory
from portail.appointments.tests.test_booking_services import SLOT_AT, book, bookable, run_of_slots
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen(db):
    bookable(VisitKind.PERIODIC, VisitKind.HIRING)
    with time_machine.travel(NOW, tick=False):
        yield


def test_step_one_lists_the_present_employees_only(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="PRESENT")
    EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=NOW.date() - timedelta(days=3))
    page = client_a.get(reverse("appointments:book")).content.decode()
    assert "PRESENT Camille" in page and "PARTI" not in page


def test_the_rules_propose_the_visit_and_the_fitting_slots_are_offered(client_a, member_a):
    newcomer = EmployeeFactory(member=member_a, birth_name="NOUVEAU", hire_date=NOW.date() - timedelta(days=10))
    slots = run_of_slots(count=3)
    response = client_a.get(reverse("appointments:book"), {"salarie": newcomer.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Visite d&#x27;information et de prévention initiale" in page and "à passer au plus tard le" in page
    assert 'value="embauche" selected' in page
    assert f'name="creneau" value="{slots[0].pk}"' in page and f'value="{slots[2].pk}"' not in page


def test_choosing_a_slot_asks_to_confirm_then_books_at_once(client_a, member_a):
    employee = EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN")
    slot = run_of_slots()[0]
    data = {"salarie": employee.pk, "type": VisitKind.PERIODIC, "creneau": slot.pk}
    page = client_a.post(reverse("appointments:book_confirm"), data).content.decode()
    assert "Confirmer le rendez-vous ?" in page and "15/12/2026 à 09:00" in page
    assert not Appointment.objects.exists()
    response = client_a.post(reverse("appointments:book_confirm"), {**data, "confirme": "oui"})
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response.url == reverse("appointments:booked", args=[appointment.pk])
    page = client_a.get(response.url).content.decode()
    assert "Rendez-vous confirmé" in page and "Changer de créneau" in page
    assert "Changement de créneau ou annulation possible jusqu'au vendredi 11 décembre 2026 à 18 h" in page
    assert reverse("appointments:booked", args=[appointment.pk]) in client_a.get(
        reverse("appointments:list")).content.decode()


def test_a_slot_taken_meanwhile_sends_back_to_the_slots_with_a_french_message(client_a, member_a, member_b):
    slot = run_of_slots()[0]
    book(member_b, EmployeeFactory(member=member_b), slot)
    employee = EmployeeFactory(member=member_a)
    response = client_a.post(reverse("appointments:book_confirm"), {
        "salarie": employee.pk, "type": VisitKind.PERIODIC, "creneau": slot.pk, "confirme": "oui"}, follow=True)
    assert "Ce créneau vient d&#x27;être attribué : choisissez-en un autre." in response.content.decode()
    assert Appointment.objects.count() == 1


def test_junk_input_never_fails(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    assert client_a.get(reverse("appointments:book"), {"salarie": "²"}).status_code == 200
    response = client_a.get(reverse("appointments:book"), {"salarie": employee.pk, "type": "x", "jour": "31/02"})
    assert response.status_code == 200 and "Saisissez une date" in response.content.decode()
    response = client_a.post(reverse("appointments:book_confirm"), {"salarie": employee.pk, "creneau": "abc"})
    assert response.status_code == 302
    assert client_a.get(reverse("appointments:book_confirm")).status_code == 405


def test_the_convocation_pdf_and_the_ics_download(client_a, member_a):
    appointment = book(member_a, EmployeeFactory(member=member_a, birth_name="MARTIN"), run_of_slots()[0])
    pdf = client_a.get(reverse("appointments:convocation_pdf", args=[appointment.pk]))
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Convocation" in text and "mardi 15 décembre 2026" in text
    ics = client_a.get(reverse("appointments:ics", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == SLOT_AT


def test_a_booked_visit_changes_slot_from_its_page(client_a, member_a):
    appointment = book(member_a, EmployeeFactory(member=member_a), run_of_slots()[0])
    later = run_of_slots(start=SLOT_AT + timedelta(days=2))
    url = reverse("appointments:move", args=[appointment.pk])
    assert f'value="{later[0].pk}"' in client_a.get(url).content.decode()
    assert "Confirmer le nouveau créneau ?" in client_a.post(url, {"creneau": later[0].pk}).content.decode()
    response = client_a.post(url, {"creneau": later[0].pk, "confirme": "oui"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == later[0].start


def test_inside_the_limit_the_page_offers_no_change(client_a, member_a):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a), start=NOW + timedelta(days=1),
                                     end=NOW + timedelta(days=1, minutes=20))
    page = client_a.get(reverse("appointments:move", args=[appointment.pk])).content.decode()
    assert "Délai dépassé" in page and 'name="creneau"' not in page


def test_anonymous_is_sent_to_the_login(client):
    for url in (reverse("appointments:book"), reverse("appointments:booked", args=[1]),
                reverse("appointments:ics", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response.url


def test_an_outsider_gets_404_for_another_member_s_employee_and_appointment(client_b, member_a):
    employee = EmployeeFactory(member=member_a)
    appointment = book(member_a, employee, run_of_slots()[0])
    assert client_b.get(reverse("appointments:book"), {"salarie": employee.pk}).status_code == 404
    slot = run_of_slots(start=SLOT_AT + timedelta(days=1))[0]
    assert client_b.post(reverse("appointments:book_confirm"), {
        "salarie": employee.pk, "type": VisitKind.PERIODIC, "creneau": slot.pk, "confirme": "oui"}).status_code == 404
    for name in ("booked", "convocation_pdf", "ics", "move"):
        assert client_b.get(reverse(f"appointments:{name}", args=[appointment.pk])).status_code == 404, name
    assert Appointment.objects.count() == 1
