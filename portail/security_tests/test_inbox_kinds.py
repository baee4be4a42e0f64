"""One permission per kind of member request (`backoffice.permissions.may_handle`), whatever the URL: for
every inbox item kind × every staff role, the kind's own screen and the unified inbox (list, counters, item
page, attachment, comment, assignment, answer) give the same answer."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.appointments.models import CancellationReason, CancellationRequest, RequestStatus
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.backoffice import inbox
from portail.backoffice.models import InboxAssignment, InboxComment, StaffRole
from portail.backoffice.permissions import KIND_ROLES, may_handle
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.backoffice.tests.helpers import submit_change
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import DeclarationFactory
from portail.messaging.services import thread_start
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _objects(member, member_user) -> dict:
    employee = EmployeeFactory(member=member)
    appointment = AppointmentFactory(employee=employee)
    return {
        "appointment_request": AppointmentRequestFactory(member=member, employees=[employee],
                                                         created_by=member_user),
        "cancellation": CancellationRequest.objects.create(
            member=member, appointment=appointment, reason=CancellationReason.values[0],
            deadline=appointment.start - timedelta(days=2), created_by=member_user),
        "declaration": DeclarationFactory(member=member, status=DeclarationStatus.CONFIRMED, number="D-2026-1",
                                          submitted_at=timezone.now()),
        "situation_change": submit_change(member, member_user),
        "message": thread_start(member=member, topic="question", about_id=None, subject="Question", body="Bonjour",
                                attachment=None, actor=member_user),
    }


# The kind's own back-office screen(s), where it has one.
OWN_SCREENS = {
    "appointment_request": lambda obj: [reverse("backoffice:appointments_request", args=[obj.pk]),
                                        reverse("backoffice:appointments_queue")],
    "cancellation": lambda obj: [reverse("backoffice:appointments_cancellations")],
    "declaration": lambda obj: [reverse("backoffice:declarations_declaration", args=[obj.pk])],
    "situation_change": lambda obj: [],
    "message": lambda obj: [],  # answered in the inbox only
}


def _inbox_answers(client, kind, obj) -> set:
    """Allowed (True) or refused (False) at each inbox URL for this item."""
    item = reverse("backoffice:item", args=[kind, obj.pk])
    listing = client.get(reverse("backoffice:inbox") + "?status=all")
    assert listing.status_code == 200
    listed = any(row[0].source.key == kind and row[0].obj.pk == obj.pk for row in listing.context["rows"])
    counted = any(count["source"].key == kind for count in listing.context["counts"])
    return {
        "list": listed,
        "counters": counted,
        "item": client.get(item).status_code == 200,
        # No attachment on these items: an allowed role gets 404 (nothing to download), a refused one 403.
        "attachment": client.get(item + "piece-jointe/").status_code == 404,
        "comment": client.post(item + "commenter/", {"body": "Vu"}).status_code == 302,
        "assign": client.post(item + "m-attribuer/").status_code == 302,
        # An empty answer is an invalid form (400) for an allowed role: nothing changes either way.
        "answer": client.post(item + "repondre/", {}).status_code == 400,
    }


def test_every_kind_has_a_rule_and_an_entry_here():
    assert {source.key for source in inbox.sources()} == set(KIND_ROLES) == set(OWN_SCREENS)


def test_each_kind_gets_the_same_answer_for_each_role_at_every_url(member_a, member_admin):
    objects = _objects(member_a, member_admin)
    problems, allowed = [], 0
    for role in StaffRole.values:
        user, device = staff_with_device(role)
        client = login_verified(Client(), user, device)
        for kind, obj in objects.items():
            expected = may_handle(user, kind)
            allowed += expected
            answers = _inbox_answers(client, kind, obj)
            for url in OWN_SCREENS[kind](obj):
                answers[url] = client.get(url).status_code == 200
            wrong = {where: got for where, got in answers.items() if got != expected}
            if wrong:
                problems.append(f"{role} × {kind}: attendu {'autorisé' if expected else 'refusé'}, {wrong}")
    assert not problems, "\n".join(problems)
    # Refused roles left no trace on the items; allowed ones commented once each.
    assert InboxComment.objects.count() == allowed and InboxAssignment.objects.exists()


def test_accounting_is_refused_appointment_requests_in_the_inbox_as_on_their_screen(member_a, member_admin):
    request = _objects(member_a, member_admin)["appointment_request"]
    client = login_verified(Client(), *staff_with_device(StaffRole.ACCOUNTING))
    assert client.get(reverse("backoffice:appointments_request", args=[request.pk])).status_code == 403
    assert client.get(reverse("backoffice:item", args=["appointment_request", request.pk])).status_code == 403
    assert client.post(reverse("backoffice:item_answer", args=["appointment_request", request.pk]),
                       {"status": "refused", "answer": "Non"}).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
