"""Invitation links (issue 21): the member creates one (e-mail and SMS-ready text), the employee books through the
public page without an account, sees the address and what to bring, then the link is refused; expired and unknown
links get a clear French page; the public pages are rate-limited; outsiders get 404."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from portail.appointments.models import Appointment, BookingInvitation, VisitKind
from portail.appointments.tests.test_booking_services import SLOT_AT, book, bookable, invite, run_of_slots
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified_as
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen(db):
    bookable(VisitKind.PERIODIC)
    with time_machine.travel(NOW, tick=False):
        yield


def _link(sent) -> str:
    return sent.url.replace("https://portail.test", "")


def test_the_member_creates_a_link_shown_once_with_an_sms_text(client_a, member_a):
    employee = EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN")
    url = reverse("appointments:invitation_new")
    assert "Envoyer un lien de réservation au salarié" in client_a.get(url, {"salarie": employee.pk}).content.decode()
    response = client_a.post(url, {"salarie": employee.pk, "type": VisitKind.PERIODIC, "email": "c@exemple.test"})
    page = response.content.decode()
    invitation = BookingInvitation.objects.get()
    assert response.status_code == 200 and "Lien de réservation créé" in page
    assert "http://testserver/rendez-vous/lien/" in page and "Texte prêt pour un SMS" in page
    assert mail.outbox[0].to == ["c@exemple.test"] and "http://testserver/rendez-vous/lien/" in mail.outbox[0].body
    assert invitation.token_hash not in page
    listing = client_a.get(reverse("appointments:list")).content.decode()
    assert "Liens de réservation envoyés aux salariés" in listing and "Non utilisé" in listing


def test_the_form_refuses_a_request_only_visit_and_a_bad_email_in_french(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    response = client_a.post(reverse("appointments:invitation_new"),
                             {"salarie": employee.pk, "type": VisitKind.RETURN, "email": "pas-une-adresse"})
    page = response.content.decode()
    assert "Ce type de visite ne se réserve pas en ligne." in page and "Saisissez une adresse e-mail valide." in page
    assert not BookingInvitation.objects.exists()


def test_the_employee_books_without_an_account_then_the_link_is_refused(member_a):
    employee = EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN")
    link = _link(invite(member_a, employee))
    slots = run_of_slots(count=6)
    anonymous = Client()
    page = anonymous.get(link).content.decode()
    assert "Bonjour Camille, choisissez votre rendez-vous" in page and "ENTREPRISE A" in page
    assert "pièce d&#x27;identité" in page and f'value="{slots[0].pk}"' in page
    assert "MARTIN" not in page  # the employee's first name only; nothing else of theirs
    confirm = anonymous.post(link, {"creneau": slots[0].pk}).content.decode()
    assert "Confirmer votre rendez-vous ?" in confirm and "12 avenue du Prado" in confirm
    done = anonymous.post(link, {"creneau": slots[0].pk, "confirme": "oui"})
    assert done.status_code == 200 and "Rendez-vous confirmé" in done.content.decode()
    assert "12 avenue du Prado" in done.content.decode()
    appointment = Appointment.objects.get()
    assert (appointment.member, appointment.employee, appointment.start) == (member_a, employee, SLOT_AT)
    again = anonymous.get(link)
    assert again.status_code == 410 and "a déjà été utilisé" in again.content.decode()
    assert anonymous.post(link, {"creneau": slots[3].pk, "confirme": "oui"}).status_code == 410
    assert Appointment.objects.count() == 1


def test_the_employer_sees_the_booking_in_its_appointments(client_a, member_a):
    employee = EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN")
    link = _link(invite(member_a, employee))
    slot = run_of_slots()[0]
    Client().post(link, {"creneau": slot.pk, "confirme": "oui"})
    listing = client_a.get(reverse("appointments:list")).content.decode()
    assert "Camille MARTIN" in listing and "Rendez-vous pris" in listing


def test_an_expired_or_unknown_link_gets_a_clear_french_page(member_a):
    link = _link(invite(member_a, EmployeeFactory(member=member_a)))
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        response = Client().get(link)
    assert response.status_code == 410 and "Ce lien de réservation a expiré." in response.content.decode()
    unknown = Client().get(reverse("appointments:invitation", args=["inconnu"]))
    assert unknown.status_code == 404 and "n&#x27;est pas valide" in unknown.content.decode()


def test_a_slot_taken_meanwhile_keeps_the_link_usable(member_a, member_b):
    link = _link(invite(member_a, EmployeeFactory(member=member_a)))
    slots = run_of_slots(count=6)
    book(member_b, EmployeeFactory(member=member_b), slots[0])
    response = Client().post(link, {"creneau": slots[0].pk, "confirme": "oui"})
    assert response.status_code == 400 and "vient d&#x27;être attribué" in response.content.decode()
    assert BookingInvitation.objects.get().used_at is None


def test_the_public_pages_are_rate_limited(member_a, settings):
    settings.RATE_LIMITS = {"booking_link": (3, 3600)}
    link = _link(invite(member_a, EmployeeFactory(member=member_a)))
    anonymous = Client()
    assert [anonymous.get(link).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_an_outsider_cannot_invite_another_member_s_employee(client_b, member_a):
    employee = EmployeeFactory(member=member_a)
    response = client_b.post(reverse("appointments:invitation_new"),
                             {"salarie": employee.pk, "type": VisitKind.PERIODIC})
    assert response.status_code == 200 and "Salarié inconnu." in response.content.decode()
    assert not BookingInvitation.objects.exists()


def test_anonymous_cannot_create_a_link(client):
    response = client.get(reverse("appointments:invitation_new"))
    assert response.status_code == 302 and "/connexion/" in response.url


def test_the_service_sends_a_link_from_the_back_office(client, staff_user, member_a):
    employee = EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN")
    login_verified_as(client, staff_user, role=StaffRole.RECEPTION)
    url = reverse("backoffice:appointments_invitation", args=[employee.pk])
    assert "Lien de réservation pour Camille MARTIN" in client.get(url).content.decode()
    page = client.post(url, {"type": VisitKind.PERIODIC, "email": ""}).content.decode()
    assert "Texte prêt pour un SMS" in page and "http://testserver/rendez-vous/lien/" in page
    invitation = BookingInvitation.objects.get()
    assert (invitation.member, invitation.employee, invitation.created_by) == (member_a, employee, staff_user)
    link = page.split('copy-text"><a href="http://testserver', 1)[1].split('"', 1)[0]
    slot = run_of_slots()[0]
    assert Client().post(link, {"creneau": slot.pk, "confirme": "oui"}).status_code == 200
    assert Appointment.objects.get().member == member_a


def test_members_do_not_reach_the_back_office_link_page(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    assert client_a.get(reverse("backoffice:appointments_invitation", args=[employee.pk])).status_code in (302, 403)
