"""Optimistic locking of inbox answers to appointment and cancellation requests, as for situation changes:
two colleagues answer from the same page version; one wins, the other gets a 409 with their typing kept.
Work done in the appointments screens (take, refuse, book, cancel) also makes an open inbox page stale."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from portail.appointments import services
from portail.appointments.models import AppointmentStatus, CancellationStatus, RequestStatus
from portail.appointments.tests.factories import SlotFactory
from portail.appointments.tests.test_inbox_sources import _member_cancellation, _member_request
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device

pytestmark = pytest.mark.django_db

CONFLICT = "Un collègue a traité cette demande pendant votre saisie"


def _colleague():
    return login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))


def _answer(client, key, obj, status, text, version):
    return client.post(reverse("backoffice:item_answer", args=[key, obj.pk]),
                       {"status": status, "answer": text, "version": version})


@pytest.mark.parametrize("key", ["appointment_request", "cancellation"])
def test_the_inbox_page_carries_the_version_it_shows(member_a, member_admin, key):
    obj = (_member_request if key == "appointment_request" else _member_cancellation)(member_a, member_admin)
    page = _colleague().get(reverse("backoffice:item", args=[key, obj.pk])).content.decode()
    assert 'name="version" value="1"' in page


def _second_answer_refused(key, obj, first: tuple[str, str], second: tuple[str, str]) -> str:
    """Alice answers (status, text) `first`, then Bob `second`, both from version 1: Bob is refused (409) and told
    so, his typing kept. Returns Bob's page."""
    alice, bob = _colleague(), _colleague()
    assert _answer(alice, key, obj, *first, 1).status_code == 302
    response = _answer(bob, key, obj, *second, 1)
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert CONFLICT in page and second[1] in page
    return page


def test_two_answers_to_an_appointment_request_first_wins(member_a, member_admin):
    req = _member_request(member_a, member_admin)
    page = _second_answer_refused("appointment_request", req, ("in_progress", "Nous cherchons un créneau."),
                                  ("refused", "Refus tapé par Bob."))
    req.refresh_from_db()
    assert page.count(f'name="version" value="{req.version}"') == 1 and req.version > 1
    assert req.status == RequestStatus.IN_PROGRESS and req.answer == "Nous cherchons un créneau."


def test_two_answers_to_a_cancellation_first_wins(member_a, member_admin):
    cancellation = _member_cancellation(member_a, member_admin)
    page = _second_answer_refused("cancellation", cancellation, ("in_progress", "Nous vérifions."),
                                  ("done", "Annulé par Bob."))
    assert 'name="version" value="2"' in page
    cancellation.refresh_from_db()
    assert cancellation.status == CancellationStatus.RECEIVED and cancellation.answer == "Nous vérifions."
    assert cancellation.appointment.status == AppointmentStatus.PLANNED  # Bob's cancellation was not applied


def test_booking_in_the_appointments_screen_makes_the_inbox_page_stale(member_a, member_admin, staff_user):
    req = _member_request(member_a, member_admin)
    services.appointment_book(appointment_request=req, employee=req.employees.get(), slot_id=SlotFactory().pk,
                              actor=staff_user, send=False)
    response = _answer(_colleague(), "appointment_request", req, "refused", "Plus de créneau.", 1)
    assert response.status_code == 409
    req.refresh_from_db()
    assert req.status == RequestStatus.PLANNED and req.refusal_reason == ""


def test_cancelling_in_the_appointments_screen_makes_the_inbox_page_stale(member_a, member_admin, staff_user):
    cancellation = _member_cancellation(member_a, member_admin)
    services.cancellation_process(cancellation=cancellation, actor=staff_user)
    response = _answer(_colleague(), "cancellation", cancellation, "in_progress", "Nous vérifions.", 1)
    assert response.status_code == 409
    cancellation.refresh_from_db()
    assert cancellation.status == CancellationStatus.DONE and cancellation.answer == ""
