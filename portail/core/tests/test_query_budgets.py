"""Query budgets (issue 8): every member page issues the same number of queries whether the
member has 1, 10 or 50 rows of everything (no N+1), and never more than ten.

The rows are made through the apps' own services and factories: employees, issued invoices
with payments, appointments (upcoming and past), appointment requests, workplace actions,
addresses and contacts, and a declaration of an open campaign listing every employee.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import MemberUserFactory
from portail.activity.tests.factories import WorkplaceActionFactory
from portail.appointments.models import AppointmentStatus
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.billing.services import payment_record
from portail.billing.tests.factories import issued_invoice
from portail.core.tenancy import SESSION_KEY
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members import freshness
from portail.members.freshness import member_data_changed
from portail.members.tests.factories import (
    CentreFactory,
    MemberAddressFactory,
    MemberContactFactory,
    MemberFactory,
    TeamMemberFactory,
)
from portail.workforce.tests.factories import EmployeeFactory

BUDGET = 10
SIZES = (1, 10, 50)


def _member_with_rows(rows: int, *, campaign, centre, professional):
    member = MemberFactory()
    user = MemberUserFactory(member=member)
    employees = [EmployeeFactory(member=member, pcs_code="344B") for _ in range(rows)]
    now = timezone.now()
    for index, employee in enumerate(employees):
        invoice = issued_invoice(member, amount_ht="100.00", issue_date=date(2026, 1, 15))
        if index % 2:
            payment_record(member=member, amount=Decimal("60.00"), payment_date=date(2026, 2, 1),
                           method="virement", allocations=[(invoice, Decimal("60.00"))])
        AppointmentFactory(employee=employee, centre=centre, professional=professional,
                           start=now + timedelta(days=10 + index))
        AppointmentFactory(employee=employee, centre=centre, professional=professional,
                           start=now - timedelta(days=10 + index), status=AppointmentStatus.DONE)
        AppointmentRequestFactory(member=member, employees=[employee])
        WorkplaceActionFactory(member=member, date=date(2026, 3, 1) + timedelta(days=index))
        MemberAddressFactory(member=member)
        MemberContactFactory(member=member)
    declaration = DeclarationFactory(member=member, campaign=campaign)
    return user, member, employees, declaration


def _pages(employee, declaration) -> dict[str, str]:
    return {
        "accueil": reverse("portal:home"),
        "vos informations": reverse("members:information"),
        "vos contacts": reverse("members:service_contacts"),
        "liste des salariés": reverse("workforce:list"),
        "recherche de salariés": reverse("workforce:list") + "?q=nom",
        "anciens salariés": reverse("workforce:list") + "?status=anciens",
        "fiche salarié": reverse("workforce:detail", args=[employee.pk]),
        "modifier un salarié": reverse("workforce:edit", args=[employee.pk]),
        "factures et échéancier": reverse("billing:invoices"),
        "déclarations": reverse("declarations:list"),
        "saisie de la déclaration": reverse("declarations:fill", args=[declaration.pk]),
        "rendez-vous": reverse("appointments:list"),
        "demander un rendez-vous": reverse("appointments:request_create"),
        "demander une annulation": reverse("appointments:cancel_choose"),
        "suivi de conformité": reverse("appointments:board"),
        "synthèses d'activité": reverse("activity:summary") + "?annee=2026",
    }


def _count(client, path: str, *, member=None) -> tuple[int, int]:
    """Queries of a page whose member's data has just changed: the worst case, where its summaries
    (members/freshness.py) are computed again."""
    client.get(path)  # warm caches (branding, group flag) as a real session would have them
    if member is not None:
        member_data_changed(member_ids=[member.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries.captured_queries)


@pytest.mark.django_db
def test_member_pages_issue_the_same_number_of_queries_at_1_10_and_50_rows(client, monkeypatch):
    # A slow run takes minutes: no settings entry (branding, group flag) may expire between a warm-up and its count.
    monkeypatch.setattr(freshness, "CACHE_SECONDS", 3600)
    campaign = CampaignFactory(year=2026, opens_on=date(2026, 1, 5), closes_on=date.today() + timedelta(days=30))
    centre, professional = CentreFactory(), TeamMemberFactory()
    counts: dict[str, dict[int, int]] = {}
    for rows in SIZES:
        user, member, employees, declaration = _member_with_rows(
            rows, campaign=campaign, centre=centre, professional=professional)
        client.force_login(user)
        session = client.session
        session[SESSION_KEY] = member.pk
        session.save()
        for name, path in _pages(employees[0], declaration).items():
            status, queries = _count(client, path, member=member)
            assert status == 200, f"{name} ({path}) answered {status} with {rows} rows"
            counts.setdefault(name, {})[rows] = queries
        client.logout()
    growing = {name: by_size for name, by_size in counts.items() if len(set(by_size.values())) > 1}
    over = {name: by_size for name, by_size in counts.items() if max(by_size.values()) > BUDGET}
    assert not growing, f"query count grows with the rows (N+1): {growing}"
    assert not over, f"more than {BUDGET} queries: {over}"


@pytest.mark.django_db
def test_a_mandataire_with_500_companies_costs_the_same_queries_as_one_with_5(client):
    from portail.accounts.tests.factories import MandataireFactory, MandateFactory

    counts = {}
    for companies in (5, 500):
        mandataire = MandataireFactory()
        members = MemberFactory.create_batch(companies)
        for member in members:
            MandateFactory(mandataire=mandataire, member=member)
        client.force_login(mandataire)
        session = client.session
        session[SESSION_KEY] = members[0].pk
        session.save()
        counts[companies] = {
            path: _count(client, path)
            for path in (reverse("accounts:choose_member"), reverse("accounts:choose_member") + "?q=a",
                         reverse("portal:home"))
        }
        client.logout()
    assert counts[5] == counts[500]
    assert all(status == 200 and queries <= BUDGET for status, queries in counts[500].values()), counts
