"""The inbox list built for volume: search, sortable columns, ageing against each type's target, pagination."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import MemberUserFactory, logged_in
from portail.appointments import services as appointment_services
from portail.appointments.models import VisitKind
from portail.backoffice.tests.helpers import submit_change
from portail.members.models import SituationChangeRequest
from portail.members.tests.factories import MemberFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:inbox")
PARIS = ZoneInfo("Europe/Paris")


def _appointment_request(member, user, *, birth_name="MARTIN"):
    employee = EmployeeFactory(member=member, birth_name=birth_name, first_name="Léa")
    return appointment_services.appointment_request_create(
        member=member, actor=user, employees=[employee], data={"visit_kind": VisitKind.PERIODIC})


def test_search_finds_a_request_by_member_number_name_or_employee(staff_client, member_a, member_b, member_admin,
                                                                  other_member):
    submit_change(member_a, member_admin)
    request_b = _appointment_request(member_b, other_member, birth_name="ZYGOMAR")
    client = staff_client()
    by_number = client.get(URL, {"q": "900001"}).content.decode()
    assert "ENTREPRISE A" in by_number and "ENTREPRISE B" not in by_number
    by_name = client.get(URL, {"q": "entreprise b"}).content.decode()
    assert request_b.number in by_name and "ENTREPRISE A" not in by_name
    by_employee = client.get(URL, {"q": "zygo"}).content.decode()
    assert request_b.number in by_employee and "ENTREPRISE A" not in by_employee


def test_ageing_against_the_target_is_shown_and_sortable(staff_client, member_a, member_b, member_admin,
                                                         other_member, settings):
    settings.BACKOFFICE_INBOX_TARGET_DAYS = {"situation_change": 5}
    with time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=PARIS), tick=False):  # a Monday
        old = submit_change(member_a, member_admin)
        SituationChangeRequest.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=7))  # the Monday before: 5 business days
        submit_change(member_b, other_member)
        client = staff_client()
        page = client.get(URL, {"sort": "-anciennete"}).content.decode()
        assert "5 j / 5 j" in page and "0 j / 5 j" in page
        assert page.index("ENTREPRISE A") < page.index("ENTREPRISE B")
        ascending = client.get(URL, {"sort": "anciennete"}).content.decode()
        assert ascending.index("ENTREPRISE B") < ascending.index("ENTREPRISE A")
        assert 'aria-sort="ascending"' in ascending


def test_sort_by_member_and_header_links_toggle_the_order(staff_client, member_a, member_b, member_admin,
                                                          other_member):
    submit_change(member_b, other_member)
    submit_change(member_a, member_admin)
    client = staff_client()
    page = client.get(URL, {"sort": "-adherent"}).content.decode()
    assert page.index("900002 – ENTREPRISE B") < page.index("900001 – ENTREPRISE A")
    assert "sort=adherent" in page  # the header now offers the other direction


def test_the_list_is_paginated_by_fifty(staff_client, db):
    for index in range(55):
        member = MemberFactory(number=f"95{index:04d}", name=f"SOCIETE {index:02d}")
        submit_change(member, MemberUserFactory(member=member))
    client = staff_client()
    first = client.get(URL).content.decode()
    assert "55 demandes" in first and "page 1 sur 2" in first
    assert first.count('name="items"') == 50
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('name="items"') == 5
    assert client.get(URL, {"page": "zzz"}).status_code == 200


def test_keyboard_shortcuts_are_documented_on_the_page(staff_client):
    page = staff_client().get(URL).content.decode()
    assert "Raccourcis clavier" in page and "<kbd>j</kbd>" in page and "backoffice/inbox.js" in page


def test_unknown_sort_and_search_values_never_break_the_list(staff_client, member_a, member_admin):
    submit_change(member_a, member_admin)
    client = staff_client()
    assert client.get(URL, {"sort": "nope", "q": "x" * 500}).status_code == 200
    assert client.get(URL, {"sort": "-statut"}).status_code == 200


def test_members_and_anonymous_are_kept_out(member_admin):
    anonymous = Client()
    assert anonymous.get(URL).status_code == 302
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
