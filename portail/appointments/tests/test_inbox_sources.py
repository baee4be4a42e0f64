"""Appointment and cancellation requests reach the single staff inbox; answering there updates the member's side."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.appointments import services
from portail.appointments.models import (
    AppointmentStatus,
    CancellationReason,
    CancellationStatus,
    RequestStatus,
    VisitKind,
)
from portail.appointments.tests.factories import AppointmentFactory, SlotFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    # Its own client: `client_a` (the member) uses pytest-django's `client`.
    return login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))


def _member_request(member, user):
    employee = EmployeeFactory(member=member, birth_name="MARTIN", first_name="Léa")
    return services.appointment_request_create(
        member=member, actor=user, employees=[employee],
        data={"visit_kind": VisitKind.PERIODIC, "preferred_periods": "Les mardis"})


def _member_cancellation(member, user):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member, birth_name="DURAND"),
                                     start=timezone.now() + timedelta(days=30))
    return services.cancellation_request_create(member=member, actor=user, appointment=appointment,
                                                reason=CancellationReason.UNAVAILABLE)


def _item_url(key, obj, action=""):
    name = f"backoffice:item_{action}" if action else "backoffice:item"
    return reverse(name, args=[key, obj.pk])


def test_a_members_appointment_request_appears_in_the_inbox_with_its_due_date(staff, member_a, member_admin):
    req = _member_request(member_a, member_admin)
    html = staff.get(reverse("backoffice:inbox")).content.decode()
    assert "Demande de rendez-vous" in html and req.number in html and "Envoyée" in html
    assert staff.get(reverse("backoffice:inbox") + "?type=appointment_request").content.decode().count(req.number)
    page = staff.get(_item_url("appointment_request", req)).content.decode()
    assert "Léa MARTIN" in page and "Les mardis" in page
    assert reverse("backoffice:appointments_request", args=[req.pk]) in page  # booking happens in the appointments screen


def test_requests_the_service_creates_itself_stay_out_of_the_inbox(staff, member_a, staff_user):
    batch = services.periodic_batch_create(member=member_a, employees=[EmployeeFactory(member=member_a)],
                                           actor=staff_user)
    assert batch.number not in staff.get(reverse("backoffice:inbox") + "?status=all").content.decode()


def test_refusing_from_the_inbox_refuses_the_request_and_tells_the_member(
        staff, client_a, member_a, member_admin, django_capture_on_commit_callbacks):
    req = _member_request(member_a, member_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(_item_url("appointment_request", req, "answer"),
                              {"status": "refused", "answer": "Salarié sorti des effectifs."})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REFUSED and req.processed_at is not None
    assert req.refusal_reason == "Salarié sorti des effectifs."
    assert mail.outbox and "Refusée" in mail.outbox[-1].subject
    member_page = client_a.get(reverse("appointments:request_receipt", args=[req.pk])).content.decode()
    assert "Refusée" in member_page and "Salarié sorti des effectifs." in member_page
    # Out of the "to process" list, still there under "Refusée".
    assert req.number not in staff.get(reverse("backoffice:inbox")).content.decode()
    assert req.number in staff.get(reverse("backoffice:inbox") + "?status=refused").content.decode()


def test_in_progress_answer_takes_the_request_and_shows_the_answer(staff, client_a, member_a, member_admin):
    req = _member_request(member_a, member_admin)
    staff.post(_item_url("appointment_request", req, "answer"),
               {"status": "in_progress", "answer": "Nous cherchons un créneau un mardi."})
    req.refresh_from_db()
    assert req.status == RequestStatus.IN_PROGRESS
    page = client_a.get(reverse("appointments:request_receipt", args=[req.pk])).content.decode()
    assert "Nous cherchons un créneau un mardi." in page and "En cours" in page


def test_processed_needs_the_booking_first_then_carries_the_answer(staff, member_a, member_admin, staff_user):
    req = _member_request(member_a, member_admin)
    response = staff.post(_item_url("appointment_request", req, "answer"),
                          {"status": "done", "answer": "Rendez-vous fixé."})
    assert response.status_code == 400 and "Planifiez d&#x27;abord le rendez-vous" in response.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.SENT and req.answer == ""
    services.appointment_book(appointment_request=req, employee=req.employees.get(), slot_id=SlotFactory().pk,
                              actor=staff_user, send=False)
    req.refresh_from_db()
    assert req.status == RequestStatus.PLANNED and req.processed_at is not None
    # Booked from the appointments screen: the item left the open list, and can still be answered.
    assert staff.post(_item_url("appointment_request", req, "answer"),
                      {"status": "done", "answer": "Rendez-vous fixé."}).status_code == 302


def test_a_cancellation_request_appears_and_processing_it_cancels_the_appointment(staff, client_a, member_a,
                                                                                 member_admin):
    cancellation = _member_cancellation(member_a, member_admin)
    assert cancellation.status == CancellationStatus.RECEIVED
    inbox = staff.get(reverse("backoffice:inbox") + "?type=cancellation").content.decode()
    assert "Demande d&#x27;annulation" in inbox and "DURAND" in inbox
    response = staff.post(_item_url("cancellation", cancellation, "answer"),
                          {"status": "done", "answer": "Rendez-vous annulé, à bientôt."})
    assert response.status_code == 302
    cancellation.refresh_from_db()
    cancellation.appointment.refresh_from_db()
    assert cancellation.status == CancellationStatus.DONE and cancellation.processed_at is not None
    assert cancellation.appointment.status == AppointmentStatus.CANCELLED
    page = client_a.get(reverse("appointments:cancellation_detail", args=[cancellation.pk])).content.decode()
    assert "Annulation effectuée" in page and "Rendez-vous annulé, à bientôt." in page
    timeline = staff.get(_item_url("cancellation", cancellation)).content.decode()
    # The appointments app's own events on the request make its history.
    assert "Demande d&#x27;annulation du rendez-vous" in timeline and "Annulation effectuée" in timeline


def test_a_cancellation_in_time_cannot_be_refused(staff, member_a, member_admin):
    cancellation = _member_cancellation(member_a, member_admin)
    response = staff.post(_item_url("cancellation", cancellation, "answer"), {"status": "refused", "answer": "Non."})
    assert response.status_code == 400 and "ne peut pas être refusée" in response.content.decode()
    cancellation.refresh_from_db()
    assert cancellation.status == CancellationStatus.RECEIVED


def test_assigning_and_counting_work_for_the_new_types(staff, member_a, member_admin):
    req = _member_request(member_a, member_admin)
    assert staff.post(_item_url("appointment_request", req, "assign_me")).status_code == 302
    html = staff.get(reverse("backoffice:inbox") + "?assigned=me").content.decode()
    assert req.number in html


def test_a_member_cannot_open_the_inbox_item(client_a, member_a, member_admin):
    req = _member_request(member_a, member_admin)
    assert client_a.get(_item_url("appointment_request", req)).status_code == 403
