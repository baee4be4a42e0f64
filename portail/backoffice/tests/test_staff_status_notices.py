"""Every status change staff make on an appointment or a request tells the member: a message in the portal
("Messages du service") and an e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.accounts.notices import member_notify
from portail.accounts.tests.factories import logged_in
from portail.appointments import services
from portail.appointments.models import AppointmentStatus, CancellationReason, VisitKind
from portail.appointments.tests.factories import AppointmentFactory, SlotFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.models import MemberNotice, NoticeKind
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return login_verified(Client(), *staff_with_device(StaffRole.RECEPTION))


def _appointment(member, **extra):
    employee = EmployeeFactory(member=member, birth_name="MARTIN", first_name="Léa")
    return AppointmentFactory(employee=employee, start=timezone.now() + timedelta(days=20), **extra)


def test_refusing_a_request_on_the_appointments_screen_tells_the_member(staff, member_a, member_admin,
                                                                        django_capture_on_commit_callbacks):
    employee = EmployeeFactory(member=member_a)
    req = services.appointment_request_create(member=member_a, actor=member_admin, employees=[employee],
                                              data={"visit_kind": VisitKind.PERIODIC})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("backoffice:appointments_request", args=[req.pk]),
                   {"action": "refuse", "reason": "Salarié déjà vu en mars."})
    notice = MemberNotice.objects.get(member=member_a, kind=NoticeKind.ANSWER)
    assert "Refusée" in notice.subject and "Salarié déjà vu en mars." in notice.body
    assert [m.to for m in mail.outbox] == [[member_admin.email]]


def test_cancelling_from_the_appointment_page_tells_the_member(staff, member_a, member_admin,
                                                               django_capture_on_commit_callbacks):
    appointment = _appointment(member_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("backoffice:appointments_appointment", args=[appointment.pk]),
                   {"action": "outcome", "status": AppointmentStatus.CANCELLED, "version": appointment.version})
    notice = MemberNotice.objects.get(member=member_a, kind=NoticeKind.ANSWER)
    assert "Léa MARTIN" in notice.subject and "Annulé" in notice.body
    assert len(mail.outbox) == 1


def test_processing_a_cancellation_on_the_cancellations_screen_tells_the_member(staff, member_a, member_admin):
    appointment = _appointment(member_a)
    cancellation = services.cancellation_request_create(member=member_a, actor=member_admin, appointment=appointment,
                                                        reason=CancellationReason.UNAVAILABLE)
    staff.post(reverse("backoffice:appointments_cancellations"), {"cancellation": cancellation.pk})
    assert "est annulé" in MemberNotice.objects.get(member=member_a, kind=NoticeKind.ANSWER).body


def test_moving_an_appointment_tells_the_member_and_sends_a_new_convocation(staff, member_a, member_admin,
                                                                            django_capture_on_commit_callbacks):
    appointment = _appointment(member_a)
    target = SlotFactory(professional=appointment.professional, centre=appointment.centre,
                         start=appointment.start + timedelta(days=2))
    url = reverse("backoffice:appointments_appointment", args=[appointment.pk])
    page = staff.get(url).content.decode()
    assert "Déplacer le rendez-vous" in page and f'name="slot" value="{target.pk}"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"action": "move", "slot": target.pk, "version": appointment.version})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == target.start and appointment.slot_id == target.pk
    assert "déplacé" in MemberNotice.objects.get(member=member_a, kind=NoticeKind.ANSWER).body
    assert len(mail.outbox) >= 1


def test_a_move_to_a_taken_slot_is_refused(staff, member_a):
    appointment = _appointment(member_a)
    other = _appointment(member_a, professional=appointment.professional, centre=appointment.centre)
    other.start = appointment.start + timedelta(days=1)
    other.end = other.start + timedelta(minutes=30)
    other.save()
    taken = SlotFactory(professional=appointment.professional, centre=appointment.centre, start=other.start)
    response = staff.post(reverse("backoffice:appointments_appointment", args=[appointment.pk]),
                          {"action": "move", "slot": taken.pk, "version": appointment.version})
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.start != taken.start
    assert not MemberNotice.objects.exists()


def test_the_member_reads_the_notices_and_another_member_does_not(member_a, member_admin, other_member):
    MemberNotice.objects.create(member=member_a, subject="Rendez-vous déplacé", body="Au 12/01/2027 à 09:00.")
    own = logged_in(member_admin)
    page = own.get(reverse("members:notices")).content.decode()
    assert "Rendez-vous déplacé" in page and "Au 12/01/2027 à 09:00." in page
    outsider = logged_in(other_member)
    assert "Rendez-vous déplacé" not in outsider.get(reverse("members:notices")).content.decode()
    assert Client().get(reverse("members:notices")).status_code == 302


def test_the_home_page_leads_to_the_notices(member_a, member_admin):
    member_notify(member=member_a, subject="Rendez-vous de Léa MARTIN déplacé", body="Au 12/01/2027.")
    own = logged_in(member_admin)
    assert reverse("members:notices") in own.get("/").content.decode()
    assert "Rendez-vous de Léa MARTIN déplacé" in own.get(reverse("members:notices")).content.decode()
