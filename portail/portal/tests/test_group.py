"""The consolidated view of grouped establishments: the head sees each establishment's figures and totals equal
to the sum of what each establishment's own pages show."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from portail.accounts.roles import Role
from portail.accounts.tests.factories import MembershipFactory, logged_in
from portail.appointments.snapshots import compliance_counts
from portail.appointments.tests.factories import overdue_snapshot
from portail.billing.selectors import statement
from portail.billing.tests.factories import issued_invoice
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import DeclarationFactory
from portail.members.tests.factories import MemberFactory
from portail.portal.group import group_establishments, group_rows
from portail.portal.tests.conftest import TODAY
from portail.workforce.selectors import EmployeeFilters, employee_queryset
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def group(member_a):
    first = MemberFactory(name="ÉTABLISSEMENT NORD", group_head=member_a)
    second = MemberFactory(name="ÉTABLISSEMENT SUD", group_head=member_a)
    for member, categories in ((member_a, ["SI", "SIR"]), (first, ["SI", "SI", "SIA"]), (second, ["SIR"])):
        for category in categories:
            EmployeeFactory(member=member, declared_category=category)
    EmployeeFactory(member=first, declared_category="SI", exit_date=TODAY - timedelta(days=40))  # gone: not counted
    issued_invoice(first, amount_ht="100.00")
    issued_invoice(second, amount_ht="50.00")
    DeclarationFactory(member=second, status=DeclarationStatus.TO_FILL)
    overdue_snapshot(EmployeeFactory(member=second, declared_category="SI"), today=TODAY, days_late=10)
    return [member_a, first, second]


def _pages(member) -> dict:
    """The figures of the establishment's own pages: the list filtered by category, the échéancier, the board."""
    with scope(member=member):
        counts = {c: employee_queryset(member=member, filters=EmployeeFilters(category=c)).count()
                  for c in ("SI", "SIA", "SIR")}
        return {"counts": counts, "balance": statement(member=member).balance,
                "overdue": compliance_counts(member=member)["en_retard"]}


def test_totals_equal_the_sum_of_each_establishment_s_pages(group, member_a):
    rows, totals = group_rows(establishments=group_establishments(head=member_a))
    pages = [_pages(member) for member in group]
    for category in ("SI", "SIA", "SIR"):
        assert totals.headcount[category] == sum(page["counts"][category] for page in pages)
    assert totals.balance == sum(page["balance"] for page in pages)
    assert totals.overdue == sum(page["overdue"] for page in pages) > 0
    assert totals.declaration_to_fill == 1
    by_name = {row.name: row for row in rows}
    assert by_name["ÉTABLISSEMENT NORD"].counts == [2, 1, 0]  # the exited employee is not counted
    assert rows[0].is_head


def test_head_sees_the_consolidated_page(client_a, group):
    page = client_a.get(reverse("portal:group")).content.decode()
    assert "ÉTABLISSEMENT NORD" in page and "ÉTABLISSEMENT SUD" in page
    assert "180,00\u202f€" in page  # (100 + 50) HT + 20 % VAT
    assert "1 à saisir" in page


def test_a_member_without_establishments_gets_404(client_b):
    assert client_b.get(reverse("portal:group")).status_code == 404


def test_an_establishment_is_not_a_head(group):
    client = logged_in(MembershipFactory(member=group[1], role=Role.ADMIN).user)
    assert client.get(reverse("portal:group")).status_code == 404


def test_roles_without_the_group_view_are_refused(group, member_a):
    client = logged_in(MembershipFactory(member=member_a, role=Role.ACCOUNTING).user)
    assert client.get(reverse("portal:group")).status_code == 403


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("portal:group"))
    assert response.status_code == 302 and response.url.startswith("/connexion/")
