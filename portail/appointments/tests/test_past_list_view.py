"""All the past appointments, a page at a time: the tab 2.6 shows the latest ten and links here when there are more,
so that the documents shared after an old visit stay within reach."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import MemberUserFactory
from portail.appointments import selectors
from portail.appointments.models import AppointmentStatus, SharedDocument
from portail.appointments.tests.factories import AppointmentFactory
from portail.core.tests.html import links, table
from portail.workforce.tests.factories import EmployeeFactory

LIST, PAST = reverse("appointments:list"), reverse("appointments:past")
CAPTION, MORE = "Rendez-vous passés et documents transmis", "Voir tous les rendez-vous passés"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 5, 12, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield timezone.now()


def _past_visits(member, now, count: int) -> list:
    """`count` visits done, one a day before `now`, the latest first; each employee named after the visit's rank."""
    return [AppointmentFactory(employee=EmployeeFactory(member=member, birth_name=f"SALARIE{rank:02d}"),
                               start=now - timedelta(days=rank + 1), status=AppointmentStatus.DONE)
            for rank in range(count)]


def _names(html) -> list[str]:
    return [row[1].split()[-1] for row in table(html, CAPTION).rows]


def test_the_tab_shows_the_ten_latest_and_links_to_all_of_them(client_a, member_a, frozen):
    _past_visits(member_a, frozen, selectors.PAST_SHOWN + 1)
    html = client_a.get(LIST).content.decode()
    assert _names(html) == [f"SALARIE{rank:02d}" for rank in range(selectors.PAST_SHOWN)]
    assert links(html)[MORE] == PAST


def test_no_link_when_the_tab_shows_them_all(client_a, member_a, frozen):
    _past_visits(member_a, frozen, selectors.PAST_SHOWN)
    html = client_a.get(LIST).content.decode()
    assert len(_names(html)) == selectors.PAST_SHOWN and MORE not in html


def test_every_past_visit_is_a_page_away_with_its_documents(client_a, member_a, frozen, monkeypatch):
    monkeypatch.setattr(selectors, "PAST_PAGE_SIZE", 2)
    visits = _past_visits(member_a, frozen, 5)
    document = SharedDocument.objects.create(member=member_a, appointment=visits[4], kind="aptitude",
                                             file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="AVENIR"), start=frozen + timedelta(days=2))
    first = client_a.get(PAST).content.decode()
    assert _names(first) == ["SALARIE00", "SALARIE01"] and "Page 1 sur 3" in first
    assert links(first)["Page suivante"] == "?page=2"
    last = client_a.get(PAST, {"page": "3"}).content.decode()
    assert _names(last) == ["SALARIE04"] and "AVENIR" not in last
    assert links(last)["Avis d'aptitude"] == reverse("appointments:document", args=[document.pk])
    assert links(last)["Page précédente"] == "?page=2"


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_any_page_number_answers_a_page(client_a, member_a, frozen, page):
    _past_visits(member_a, frozen, 1)
    response = client_a.get(PAST, {"page": page})
    assert response.status_code == 200 and _names(response.content.decode()) == ["SALARIE00"]


def test_nothing_yet_says_so(client_a, member_a):
    assert "<p>Aucun rendez-vous passé.</p>" in client_a.get(PAST).content.decode()


def test_outsider_sees_only_their_own_visits(client, member_a, member_b, frozen):
    _past_visits(member_a, frozen, 1)
    client.force_login(MemberUserFactory(member=member_b))
    assert "SALARIE00" not in client.get(PAST).content.decode()


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(PAST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
