"""History and audit name the person who made a change, not only the company they act for."""

import pytest
from django.urls import reverse

from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory, logged_in
from portail.audit.models import Event
from portail.audit.services import event_record
from portail.core.tenancy import SESSION_KEY
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_audit_event_names_the_named_user(member_a):
    user = MembershipFactory(member=member_a, user__first_name="Nina", user__last_name="Durand",
                             user__username="nina@exemple.fr").user
    event = event_record(action="test.action", actor=user, member=member_a)
    assert event.actor_label == "Nina Durand (nina@exemple.fr)"


def test_employee_history_names_the_person_who_changed_it(member_a):
    user = MembershipFactory(member=member_a, role=Role.HR, user__first_name="Nina", user__last_name="Durand",
                             user__username="nina@exemple.fr").user
    employee = EmployeeFactory(member=member_a)
    client = logged_in(user)
    session = client.session
    session[SESSION_KEY] = member_a.pk
    session.save()
    response = client.post(reverse("workforce:exit", args=[employee.pk]),
                           {"exit_date": "15/01/2026", "exit_reason": "END_CDD", "confirme": "oui"})
    assert response.status_code in (200, 302)
    event = Event.objects.filter(member=member_a, actor=user).exclude(action__startswith="auth.").first()
    assert event is not None and event.actor_label == "Nina Durand (nina@exemple.fr)"
    page = client.get(reverse("workforce:detail", args=[employee.pk])).content.decode()
    assert "Nina Durand (nina@exemple.fr)" in page
