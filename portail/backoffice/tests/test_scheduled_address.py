"""An address change dated in the future is applied on its effective date, not when staff answer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from portail.backoffice.tests.helpers import submit_change
from portail.members.models import Member, RequestStatus, ScheduledMemberChange
from portail.members.services import situation_change_submit

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_a_future_move_is_applied_on_its_date(staff_client, member_a, member_admin):
    Member.objects.filter(pk=member_a.pk).update(address_line1="1 rue Ancienne", address_line2="Bâtiment B")
    with time_machine.travel(datetime(2026, 12, 3, 10, tzinfo=PARIS), tick=False):
        change = situation_change_submit(member=member_a, kind="address", effective_date=date(2027, 1, 1),
                                         comment="Déménagement", attachment=None, actor=member_admin)
        response = staff_client().post(reverse("backoffice:item_answer", args=["situation_change", change.pk]), {
            "status": RequestStatus.DONE, "answer": "Noté pour le 1er janvier.", "apply-apply": "on",
            "apply-address_line1": "12 avenue du Prado", "apply-postal_code": "13008", "apply-city": "Marseille",
            "apply-on": "2027-01-01"})
        assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.address_line1 == "1 rue Ancienne"  # not yet
    assert ScheduledMemberChange.objects.filter(member=member_a, applied_at__isnull=True).count() == 1
    with time_machine.travel(datetime(2027, 1, 1, 2, tzinfo=PARIS), tick=False):
        call_command("apply_scheduled_changes")
        call_command("apply_scheduled_changes")  # a second run changes nothing
    member_a.refresh_from_db()
    assert (member_a.address_line1, member_a.address_line2, member_a.city) == ("12 avenue du Prado", "", "Marseille")
    assert ScheduledMemberChange.objects.get().applied_at is not None


def test_the_answer_page_still_refuses_a_missing_date(staff_client, member_a, member_admin):
    change = submit_change(member_a, member_admin)
    response = staff_client().post(reverse("backoffice:item_answer", args=["situation_change", change.pk]), {
        "status": RequestStatus.DONE, "answer": "OK", "apply-apply": "on", "apply-address_line1": "1 rue X",
        "apply-postal_code": "13008", "apply-city": "Marseille", "apply-on": "zz"})
    assert response.status_code == 400
