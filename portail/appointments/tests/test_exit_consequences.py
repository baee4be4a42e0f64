"""Issue 16 §3: an employee's exit does not leave their appointments and requests behind. Inside the exit
service's transaction: appointments after the exit are cancelled (reason "sortie", no fee) or, inside the
cancellation window, asked of the service; open requests lose the employee (cancelled when nobody is left), or
stay open until a planned exit; the member is told each one, and the audit log records them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portail.appointments.models import (
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    CancellationReason,
    CancellationRequest,
    CancellationStatus,
    RequestStatus,
)
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.audit.models import Event
from portail.members.tests.factories import CentreFactory
from portail.workforce.services import employee_exit
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
# Wednesday 6 May 2026, 10 h: the limit of an appointment on Thursday 7 May was Tuesday 5 May at 18 h (inside
# the window); that of Tuesday 19 May is Friday 15 May (outside it).
NOW = datetime(2026, 5, 6, 10, tzinfo=PARIS)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def leaver(member_a):
    return EmployeeFactory(member=member_a, birth_name="DEPART", first_name="Luc")


def _appointment(employee, start):
    return AppointmentFactory(employee=employee, start=start, centre=CentreFactory(postal_code="13001"))


def test_appointments_after_the_exit_are_cancelled_without_fee(frozen, leaver, member_admin):
    far = _appointment(leaver, at(2026, 5, 19, 9))
    employee = employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 6), exit_reason="RESIGNATION")
    far.refresh_from_db()
    assert far.status == AppointmentStatus.CANCELLED
    cancellation = CancellationRequest.objects.get(appointment=far)
    assert cancellation.reason == CancellationReason.LEFT and cancellation.fee_waived
    assert cancellation.status == CancellationStatus.DONE and cancellation.processed_at is not None
    assert "aucun frais d'absence" in cancellation.answer
    assert employee.exit_consequences == ["Le rendez-vous du 19/05/2026 à 09:00 de DEPART Luc est annulé, sans frais."]
    assert Event.objects.filter(action="appointments.cancel_on_exit", object_id=str(far.pk)).exists()
    assert Event.objects.get(action="employee.exit").data["cancelled"] == 1


def test_inside_the_window_the_cancellation_is_asked_of_the_service(frozen, leaver, member_admin):
    near = _appointment(leaver, at(2026, 5, 7, 14))
    employee = employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 6), exit_reason="DISMISSAL")
    near.refresh_from_db()
    assert near.status == AppointmentStatus.PLANNED  # the service decides
    cancellation = CancellationRequest.objects.get(appointment=near)
    assert cancellation.status == CancellationStatus.RECEIVED and cancellation.reason == CancellationReason.LEFT
    assert cancellation.fee_waived
    assert "le service en est averti" in employee.exit_consequences[0]
    from portail.backoffice.inbox import source_get

    source = source_get("cancellation")
    assert cancellation in source.filter_status(source.queryset(), "")  # listed in the staff inbox


def test_a_planned_exit_keeps_the_appointments_before_it(frozen, leaver, member_admin):
    before = _appointment(leaver, at(2026, 5, 19, 9))
    after = _appointment(leaver, at(2026, 6, 16, 9))
    employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 31), exit_reason="RESIGNATION")
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.status == AppointmentStatus.PLANNED and after.status == AppointmentStatus.CANCELLED


def test_past_appointments_and_other_employees_are_untouched(frozen, leaver, member_admin, member_a):
    held = _appointment(leaver, at(2026, 4, 2, 9))
    colleague = _appointment(EmployeeFactory(member=member_a), at(2026, 5, 19, 9))
    employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 3, 31), exit_reason="RESIGNATION")
    held.refresh_from_db()
    colleague.refresh_from_db()
    assert held.status == AppointmentStatus.PLANNED and colleague.status == AppointmentStatus.PLANNED
    assert not CancellationRequest.objects.exists()


def test_open_requests_lose_the_employee_and_are_cancelled_when_nobody_is_left(frozen, leaver, member_admin,
                                                                                member_a):
    alone = AppointmentRequestFactory(member=member_a, employees=[leaver])
    other = EmployeeFactory(member=member_a)
    shared = AppointmentRequestFactory(member=member_a, employees=[leaver, other], status=RequestStatus.IN_PROGRESS)
    done = AppointmentRequestFactory(member=member_a, employees=[leaver], status=RequestStatus.REFUSED)
    employee = employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 6), exit_reason="MUTUAL")
    alone.refresh_from_db()
    shared.refresh_from_db()
    done.refresh_from_db()
    assert alone.status == RequestStatus.CANCELLED and alone.refusal_reason == "sortie du salarié le 06/05/2026"
    assert shared.status == RequestStatus.IN_PROGRESS and list(shared.employees.all()) == [other]
    assert done.status == RequestStatus.REFUSED and list(done.employees.all()) == [leaver]
    assert employee.exit_consequences == [
        f"La demande de rendez-vous {alone.number} ne concernait que DEPART Luc : elle est annulée.",
        f"DEPART Luc est retiré(e) de la demande de rendez-vous {shared.number}, maintenue pour les autres.",
    ]
    assert Event.objects.filter(action="appointments.request_exit").count() == 2


def test_a_request_whose_others_are_all_booked_becomes_planned(frozen, leaver, member_admin, member_a):
    other = EmployeeFactory(member=member_a)
    obj = AppointmentRequestFactory(member=member_a, employees=[leaver, other], status=RequestStatus.IN_PROGRESS)
    AppointmentFactory(employee=other, request=obj, start=at(2026, 5, 19, 9))
    employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 6), exit_reason="RESIGNATION")
    obj.refresh_from_db()
    assert obj.status == RequestStatus.PLANNED and obj.processed_at is not None


def test_a_planned_exit_keeps_open_requests_and_flags_the_exit_to_the_service(frozen, leaver, member_admin,
                                                                              member_a):
    obj = AppointmentRequestFactory(member=member_a, employees=[leaver])
    employee = employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 6, 30),
                             exit_reason="RETIREMENT")
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SENT
    assert "reste ouverte jusqu'à la sortie prévue le 30/06/2026" in employee.exit_consequences[0]
    from portail.backoffice.inbox_sources.appointments import AppointmentRequestSource

    details = dict(AppointmentRequestSource().details(obj))
    assert details["Salarié"] == "Luc DEPART (sortie prévue le 30/06/2026)"


def test_no_visit_is_booked_after_the_exit(frozen, leaver, member_admin, member_a):
    from portail.appointments.services import appointment_book
    from portail.appointments.tests.factories import SlotFactory

    obj = AppointmentRequestFactory(member=member_a, employees=[leaver])
    employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 6, 30), exit_reason="RETIREMENT")
    late = SlotFactory(start=at(2026, 7, 2, 9), end=at(2026, 7, 2, 9, 30))
    with pytest.raises(ValidationError, match="quitte l'entreprise le 30/06/2026"):
        appointment_book(appointment_request=obj, employee=leaver, slot_id=late.pk, actor=None, send=False)


def test_the_exit_and_its_consequences_are_one_transaction(frozen, leaver, member_admin, monkeypatch):
    """A failure while cancelling leaves the employee present and the appointment planned."""
    far = _appointment(leaver, at(2026, 5, 19, 9))

    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(CancellationRequest.objects, "create", broken)
    with pytest.raises(RuntimeError):
        employee_exit(employee=leaver, actor=member_admin, exit_date=date(2026, 5, 6), exit_reason="RESIGNATION")
    leaver.refresh_from_db()
    far.refresh_from_db()
    assert leaver.exit_date is None and far.status == AppointmentStatus.PLANNED


def test_the_member_reads_what_happened_after_the_exit(frozen, client_a, leaver, member_a):
    far = _appointment(leaver, at(2026, 5, 19, 9))
    obj = AppointmentRequestFactory(member=member_a, employees=[leaver])
    response = client_a.post(f"/salaries/{leaver.pk}/sortir/", {"exit_date": "2026-05-05", "exit_reason": "RESIGNATION", "confirme": "oui"},
                             follow=True)
    body = response.content.decode()
    assert "Le salarié DEPART Luc est sorti de votre effectif." in body
    assert "Le rendez-vous du 19/05/2026 à 09:00 de DEPART Luc est annulé, sans frais." in body
    assert f"La demande de rendez-vous {obj.number} ne concernait que DEPART Luc : elle est annulée." in body
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        tab = client_a.get("/rendez-vous/").content.decode()
    assert "Annulation effectuée" in tab and "Annulée</span> : sortie du salarié le 05/05/2026" in tab
    detail = client_a.get(f"/rendez-vous/annulations/{far.cancellations.get().pk}/").content.decode()
    assert "aucun frais d&#x27;absence" in detail.lower()
    assert Appointment.objects.get(pk=far.pk).status == AppointmentStatus.CANCELLED
    assert AppointmentRequest.objects.get(pk=obj.pk).status == RequestStatus.CANCELLED


def test_exit_from_the_declaration_tells_the_member_too(frozen, client_a, leaver, member_a):
    from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory

    declaration = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2026))
    _appointment(leaver, at(2026, 5, 19, 9))
    response = client_a.post(f"/declarations/{declaration.pk}/salaries/{leaver.pk}/sortie/",
                             {"exit_date": "2026-05-05", "exit_reason": "RESIGNATION", "confirme": "oui"}, follow=True)
    assert "Le rendez-vous du 19/05/2026 à 09:00 de DEPART Luc est annulé, sans frais." in response.content.decode()


def test_a_planned_exit_is_announced_as_planned(frozen, client_a, leaver):
    response = client_a.post(f"/salaries/{leaver.pk}/sortir/", {"exit_date": "2026-06-30", "exit_reason": "RETIREMENT", "confirme": "oui"},
                             follow=True)
    assert ("La sortie de DEPART Luc est prévue le 30/06/2026 : il reste dans votre effectif jusqu&#x27;à cette date."
            in response.content.decode())
