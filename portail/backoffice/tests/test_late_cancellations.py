"""A cancellation request sent too late is refused to the member, but reaches the planner as information."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.appointments import services
from portail.appointments.models import CancellationReason, CancellationRequest
from portail.appointments.tests.factories import AppointmentFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_a_late_cancellation_request_is_listed_for_the_planner(member_a, member_admin):
    start = datetime(2026, 12, 8, 9, tzinfo=PARIS)
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="TARDIF"), start=start,
                                     end=start + timedelta(minutes=30))
    with time_machine.travel(datetime(2026, 12, 7, 17, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError):
            services.cancellation_request_create(member=member_a, actor=member_admin, appointment=appointment,
                                                 reason=CancellationReason.ACTIVITY)
        assert not CancellationRequest.objects.exists()
        planner = login_verified(Client(), *staff_with_device(StaffRole.MEDICAL_ASSISTANT))
        page = planner.get(reverse("backoffice:appointments_cancellations")).content.decode()
    assert "hors délai" in page and "TARDIF" in page and "900001 – ENTREPRISE A" in page
    assert reverse("backoffice:appointments_appointment", args=[appointment.pk]) in page
    title = page[page.index("<title>"):page.index("</title>")]
    assert "Demandes d'annulation" in title and "<" not in title.removeprefix("<title>")


def test_members_do_not_see_the_planners_list(member_admin):
    member = logged_in(member_admin)
    assert member.get(reverse("backoffice:appointments_cancellations")).status_code == 403
