"""Across members: employees newly declared SIA/SIR, and employees due for a visit without any request."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import logged_in
from portail.appointments import services
from portail.appointments.models import ComplianceSnapshot, VisitKind
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:appointments_compliance")


def _due(employee, due_by):
    ComplianceSnapshot.objects.update_or_create(employee=employee, defaults={
        "member": employee.member, "facts_changed": employee.facts_changed, "computed_on": timezone.localdate(),
        "has_due": True, "due_by": due_by})


def test_new_sir_and_due_employees_without_request_are_listed(member_a, member_b, member_admin):
    EmployeeFactory(member=member_a, birth_name="RENFORCE", declared_category="SIR")
    EmployeeFactory(member=member_a, birth_name="SIMPLE", declared_category="SI")
    forgotten = EmployeeFactory(member=member_b, birth_name="OUBLIE")
    requested = EmployeeFactory(member=member_a, birth_name="DEMANDE")
    _due(forgotten, timezone.localdate() - timedelta(days=3))
    _due(requested, timezone.localdate() + timedelta(days=3))
    services.appointment_request_create(member=member_a, actor=member_admin, employees=[requested],
                                        data={"visit_kind": VisitKind.PERIODIC})
    page = login_verified(Client(), *staff_with_device(StaffRole.NURSE)).get(URL).content.decode()
    assert "RENFORCE" in page and "SIMPLE" not in page
    assert "OUBLIE" in page and "(dépassée)" in page and "900002 – ENTREPRISE B" in page
    assert "DEMANDE" not in page


def test_accounting_and_members_are_kept_out(member_admin):
    assert login_verified(Client(), *staff_with_device(StaffRole.ACCOUNTING)).get(URL).status_code == 403
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
