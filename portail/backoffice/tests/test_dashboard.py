"""The director's dashboard: requests per type and agent with delays, visits, campaign, money and ageing."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.appointments.models import AppointmentStatus
from portail.appointments.tests.factories import AppointmentFactory
from portail.audit.models import Event
from portail.backoffice.dashboard import dashboard_get
from portail.backoffice.models import StaffRole
from portail.backoffice.services import situation_change_answer
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.backoffice.tests.helpers import submit_change
from portail.billing.models import PaymentMethod
from portail.billing.services import payment_record
from portail.billing.tests.factories import issued_invoice
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.models import RequestStatus, SituationChangeRequest
from portail.members.tests.factories import MemberFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
URL = reverse("backoffice:dashboard")
TODAY = datetime(2026, 12, 3, 10, tzinfo=PARIS)


@pytest.fixture
def director(db):
    return login_verified(Client(), *staff_with_device(StaffRole.ADMIN))


@pytest.fixture
def world(member_a, member_b, member_admin, director):
    with time_machine.travel(TODAY, tick=False):
        change = submit_change(member_a, member_admin)
        SituationChangeRequest.objects.filter(pk=change.pk).update(created_at=TODAY - timedelta(days=7))
        director.post(reverse("backoffice:item_answer", args=["situation_change", change.pk]),
                      {"status": RequestStatus.DONE, "answer": "Fait."})
        submit_change(member_b, member_admin)
        AppointmentFactory(employee=EmployeeFactory(member=member_a), start=TODAY - timedelta(days=3),
                           status=AppointmentStatus.DONE)
        AppointmentFactory(employee=EmployeeFactory(member=member_a), start=TODAY - timedelta(days=2),
                           status=AppointmentStatus.NO_SHOW)
        campaign = CampaignFactory(year=2026)
        DeclarationFactory(campaign=campaign, member=member_a, status=DeclarationStatus.CONFIRMED, number="D-1")
        DeclarationFactory(campaign=campaign, member=member_b, status=DeclarationStatus.TO_FILL)
        late = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 9, 1))  # due ~ Oct: 31–60 days
        issued_invoice(member_b, amount_ht="50.00", issue_date=date(2026, 1, 15))  # long overdue: > 90 days
        payment_record(member=member_a, method=PaymentMethod.TRANSFER, payment_date=date(2026, 11, 20),
                       amount=Decimal("20.00"), allocations=[(late, Decimal("20.00"))])
    return late


def test_the_dashboard_shows_requests_agents_visits_campaign_and_money(director, world):
    with time_machine.travel(TODAY, tick=False):
        page = director.get(URL).content.decode()
    assert "Tableau de bord 2026" in page
    requests_table = page.split('data-testid="requests"')[1].split("</table>")[0]
    assert "Changement de situation</th><td class=\"num\">2</td><td class=\"num\">1</td>" in requests_table
    assert "5,0 j ouvrés" in requests_table  # Thursday 26 Nov → Thursday 3 Dec
    assert "Changement de situation : 1" in page.split('data-testid="agents"')[1]
    visits = page.split('data-testid="chart-visits"')[1].split("</table>")[0]
    assert "Réalisé</th>" in visits and "Absent non excusé</th>" in visits
    assert "50 % de déclarations confirmées" in page
    assert "Encaissé</strong> : 20,00\u202f€" in page
    overdue = page.split('data-testid="chart-overdue"')[1].split("</table>")[0]
    assert "plus de 90 jours" in overdue and "60,00\u202f€" in overdue and "100,00\u202f€" in overdue
    assert 'width="100%"' in overdue  # the largest bar is drawn full width, as an SVG attribute


def _answered_after(member, user, agent, *, business_days: int) -> None:
    """A situation change received `business_days` business days (Monday to Friday, no holiday in late 2026)
    before TODAY, answered by `agent` on TODAY."""
    received, left = TODAY, business_days
    while left:
        received -= timedelta(days=1)
        left -= received.weekday() < 5
    change = submit_change(member, user)
    SituationChangeRequest.objects.filter(pk=change.pk).update(created_at=received)
    change.refresh_from_db()
    situation_change_answer(change=change, status=RequestStatus.DONE, answer="Fait.", actor=agent)


def test_each_agent_has_a_median_and_90th_percentile_delay_per_request_type(director, world, member_a,
                                                                           member_admin):
    agent, _ = staff_with_device(StaffRole.RECEPTION)
    with time_machine.travel(TODAY, tick=False):
        for delay in range(1, 11):  # 1 to 10 business days
            _answered_after(member_a, member_admin, agent, business_days=delay)
        dashboard = dashboard_get(year=2026)
        page = director.get(URL).content.decode()
    rows = {row["agent"]: row["delay_rows"] for row in dashboard.agents}
    assert rows[agent.username] == [{"label": "Changement de situation", "n": 10, "median": 5.5, "p90": 9}]
    director_rows = [rows_ for name, rows_ in rows.items() if name != agent.username][0]
    assert director_rows == [{"label": "Changement de situation", "n": 1, "median": 5.0, "p90": 5}]
    table = page.split('data-testid="agent-delays"')[1].split("</table>")[0]
    cells = " ".join(re.sub(r"<[^>]+>", " ", table).split())  # the table's text, cell after cell
    assert f"{agent.username} Changement de situation 10 " in cells
    assert "5,5 j ouvrés" in table and "9 j ouvrés" in table
    requests_table = page.split('data-testid="requests"')[1].split("</table>")[0]
    assert "9 j ouvrés" in requests_table  # the 90th percentile of the type, all agents together


def test_the_dashboard_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for index in range(5):
        member = MemberFactory(number=f"97{index:04d}")
        issued_invoice(member, issue_date=date(2026, 3, 1))
        AppointmentFactory(employee=EmployeeFactory(member=member), start=TODAY - timedelta(days=10))
    with time_machine.travel(TODAY, tick=False), django_assert_max_num_queries(12):
        dashboard_get(year=2026)


def test_the_csv_export_holds_every_block_and_is_audited(director, world):
    with time_machine.travel(TODAY, tick=False):
        response = director.get(reverse("backoffice:dashboard_export"), {"annee": "2026"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Rubrique;Indicateur;Valeur" in text and "Facturation;Encaissé;20,00" in text
    assert "Impayés par ancienneté;plus de 90 jours" in text
    assert "Délais par agent;" in text and "Changement de situation – délai 90e centile (j ouvrés);5" in text
    assert Event.objects.filter(action="backoffice.dashboard_exported").exists()


def test_a_bad_year_falls_back_to_the_current_one(director):
    with time_machine.travel(TODAY, tick=False):
        assert "Tableau de bord 2026" in director.get(URL, {"annee": "abc"}).content.decode()
        assert "Tableau de bord 2026" in director.get(URL, {"annee": "99999"}).content.decode()


def test_only_administrators_see_the_dashboard(member_admin):
    assert login_verified(Client(), *staff_with_device(StaffRole.RECEPTION)).get(URL).status_code == 403
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
