"""Booking a request: the slot picker is filtered by professional, centre and day; only health professionals
are offered as « Professionnel »."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.tests.factories import logged_in
from portail.appointments import services
from portail.appointments.forms import SlotPatternForm
from portail.appointments.models import VisitKind
from portail.appointments.tests.factories import SlotFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.models import TeamRole
from portail.members.tests.factories import TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_picker_shows_only_the_chosen_professionals_slots(member_a, member_admin):
    req = services.appointment_request_create(member=member_a, actor=member_admin,
                                              employees=[EmployeeFactory(member=member_a)],
                                              data={"visit_kind": VisitKind.PERIODIC})
    chosen, other = TeamMemberFactory(last_name="CHOISI"), TeamMemberFactory(last_name="AUTRE")
    later = timezone.now() + timedelta(days=10)
    mine = SlotFactory(professional=chosen, start=later, end=later + timedelta(minutes=30))
    theirs = SlotFactory(professional=other, start=later, end=later + timedelta(minutes=30))
    staff = login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))
    url = reverse("backoffice:appointments_request", args=[req.pk])
    everything = staff.get(url).content.decode()
    assert 'type="radio"' in everything and f'name="slot" value="{mine.pk}"' in everything and f'name="slot" value="{theirs.pk}"' in everything
    filtered = staff.get(url, {"professional": chosen.pk, "day": (later + timedelta(days=-1)).date().isoformat()})
    page = filtered.content.decode()
    assert f'name="slot" value="{mine.pk}"' in page and f'name="slot" value="{theirs.pk}"' not in page
    too_late = staff.get(url, {"day": (later + timedelta(days=2)).date().isoformat()}).content.decode()
    assert "Aucun créneau libre ne correspond à ces critères." in too_late


def test_only_health_professionals_are_offered(db):
    TeamMemberFactory(last_name="MEDECIN", role=TeamRole.DOCTOR)
    TeamMemberFactory(last_name="IDEST", role=TeamRole.NURSE)
    TeamMemberFactory(last_name="COMPTABLE", role=TeamRole.ACCOUNTING)
    TeamMemberFactory(last_name="SECRETAIRE", role=TeamRole.ADMIN)
    offered = {person.last_name for person in SlotPatternForm().fields["professional"].queryset}
    assert offered == {"MEDECIN", "IDEST"}


def test_members_cannot_open_the_picker(member_a, member_admin):
    req = services.appointment_request_create(member=member_a, actor=member_admin,
                                              employees=[EmployeeFactory(member=member_a)],
                                              data={"visit_kind": VisitKind.PERIODIC})
    member = logged_in(member_admin)
    assert member.get(reverse("backoffice:appointments_request", args=[req.pk])).status_code == 403
