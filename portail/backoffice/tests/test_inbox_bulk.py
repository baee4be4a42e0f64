"""Bulk actions on the inbox: assign several requests to an agent, or close them with one answer."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.appointments import services as appointment_services
from portail.appointments.models import VisitKind
from portail.backoffice.models import InboxAssignment, StaffRole
from portail.backoffice.tests.factories import StaffProfileFactory
from portail.backoffice.tests.helpers import submit_change
from portail.members.models import RequestStatus, SituationChangeRequest
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:inbox_bulk")


def test_bulk_assign_gives_every_checked_request_to_the_agent(staff_client, member_a, member_b, member_admin,
                                                               other_member):
    first, second = submit_change(member_a, member_admin), submit_change(member_b, other_member)
    agent = StaffProfileFactory(role=StaffRole.RECEPTION).user
    response = staff_client().post(URL, {"items": [f"situation_change-{first.pk}", f"situation_change-{second.pk}"],
                                         "action": "assign", "assignee": agent.pk, "back": "q=9"})
    assert response.status_code == 302 and response.url.endswith("/gestion/?q=9")
    assert InboxAssignment.objects.filter(assignee=agent).count() == 2


def test_bulk_close_answers_each_member(staff_client, member_a, member_b, member_admin, other_member,
                                        django_capture_on_commit_callbacks):
    first, second = submit_change(member_a, member_admin), submit_change(member_b, other_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client().post(URL, {"items": [f"situation_change-{first.pk}", f"situation_change-{second.pk}"],
                                  "action": "close", "answer": "C'est enregistré."})
    assert set(SituationChangeRequest.objects.values_list("status", flat=True)) == {RequestStatus.DONE}
    assert len(mail.outbox) == 2


def test_bulk_close_reports_the_requests_it_could_not_close(staff_client, member_a, member_admin):
    employee = EmployeeFactory(member=member_a)
    unplanned = appointment_services.appointment_request_create(
        member=member_a, actor=member_admin, employees=[employee], data={"visit_kind": VisitKind.PERIODIC})
    change = submit_change(member_a, member_admin)
    response = staff_client().post(URL, {"items": [f"appointment_request-{unplanned.pk}",
                                                   f"situation_change-{change.pk}"],
                                         "action": "close", "answer": "Fait."}, follow=True)
    page = response.content.decode()
    assert "1 demande clôturée" in page and "Non clôturée : 900001" in page


def test_bulk_close_needs_an_answer_and_a_selection(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    client = staff_client()
    page = client.post(URL, {"items": [f"situation_change-{change.pk}"], "action": "close", "answer": " "},
                       follow=True).content.decode()
    assert "Écrivez la réponse envoyée aux adhérents." in page
    page = client.post(URL, {"action": "close", "answer": "x"}, follow=True).content.decode()
    assert "Cochez au moins une demande." in page
    change.refresh_from_db()
    assert change.status == RequestStatus.SENT


def test_bulk_ignores_kinds_the_role_may_not_handle(staff_client, member_a, member_admin):
    employee = EmployeeFactory(member=member_a)
    request = appointment_services.appointment_request_create(
        member=member_a, actor=member_admin, employees=[employee], data={"visit_kind": VisitKind.PERIODIC})
    agent = StaffProfileFactory(role=StaffRole.ACCOUNTING).user
    staff_client(StaffRole.ACCOUNTING).post(URL, {"items": [f"appointment_request-{request.pk}", "garbage", "x-y"],
                                                  "action": "assign", "assignee": agent.pk})
    assert not InboxAssignment.objects.exists()


def test_members_cannot_use_bulk_actions(member_admin, member_a):
    change = submit_change(member_a, member_admin)
    member = logged_in(member_admin)
    assert member.post(URL, {"items": [f"situation_change-{change.pk}"], "action": "close",
                             "answer": "x"}).status_code == 403
    assert Client().post(URL).status_code == 302
