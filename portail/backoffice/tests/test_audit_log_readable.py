"""The audit log reads in French, filters by author, member and dates, and records consultations of a record."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import logged_in
from portail.audit.models import Event
from portail.audit.services import event_record
from portail.backoffice.models import StaffRole

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:audit_log")


def test_actions_show_french_labels_and_are_searched_in_french(staff_client, member_a):
    event_record(action="declarations.validated", member=member_a, summary="Déclaration n° D1 validée")
    event_record(action="member.updated", member=member_a, summary="Adresse")
    client = staff_client(StaffRole.ADMIN)
    page = client.get(URL).content.decode()
    assert "Déclaration validée" in page and "Informations administratives modifiées" in page
    found = client.get(URL, {"action": "validée"}).content.decode()
    assert "1 événement" in found and "Déclaration n° D1 validée" in found


def test_filters_by_author_member_and_dates(staff_client, member_a, member_b, member_admin, other_member):
    event_record(action="member.updated", actor=member_admin, member=member_a, summary="Par A")
    event_record(action="member.updated", actor=other_member, member=member_b, summary="Par B")
    # Recorded 40 days ago (the log is append-only: its time cannot be changed afterwards).
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        event_record(action="member.updated", actor=member_admin, member=member_a, summary="Ancien")
    client = staff_client(StaffRole.ADMIN)
    by_actor = client.get(URL, {"actor": member_admin.username}).content.decode()
    assert "Par A" in by_actor and "Par B" not in by_actor
    by_member = client.get(URL, {"member": "900002"}).content.decode()
    assert "Par B" in by_member and "Par A" not in by_member
    recent = client.get(URL, {"date_from": (timezone.localdate() - timedelta(days=7)).isoformat(),
                              "date_to": timezone.localdate().isoformat()}).content.decode()
    assert "Par A" in recent and "Ancien" not in recent
    reversed_range = client.get(URL, {"date_from": "2026-12-31", "date_to": "2026-01-01"}).content.decode()
    assert "La date de fin précède la date de début." in reversed_range


def test_opening_a_member_record_is_recorded_as_a_consultation(staff_client, member_a):
    client = staff_client(StaffRole.RECEPTION)
    client.get(reverse("backoffice:member_detail", args=[member_a.pk]))
    event = Event.objects.get(action="backoffice.member_viewed")
    assert event.member == member_a and event.actor is not None
    assert isinstance(event.at, datetime)


def test_only_administrators_read_the_log(staff_client, member_admin):
    assert staff_client(StaffRole.RECEPTION).get(URL).status_code == 403
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
