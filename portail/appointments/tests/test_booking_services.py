"""Online booking services (issue 21): direct booking race-safe, settings per visit type, professionals allowed,
another member's employee or appointment refused, moves within the 2-business-day rule, invitation links
(hashed, expiring, single use)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from portail.appointments import booking_selectors, booking_services
from portail.appointments.convocation import appointment_ics
from portail.appointments.models import (
    Appointment,
    AppointmentSettings,
    AppointmentStatus,
    BookingInvitation,
    VisitKind,
)
from portail.appointments.tests.factories import AppointmentFactory, SlotFactory, booking_race
from portail.members.freshness import shared_settings_changed
from portail.members.models import TeamRole
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)  # a Monday
SLOT_AT = datetime(2026, 12, 15, 9, 0, tzinfo=PARIS)


def bookable(*kinds: str) -> None:
    AppointmentSettings.objects.update_or_create(pk=1, defaults={"bookable_kinds": list(kinds)})
    shared_settings_changed()


def run_of_slots(*, start=SLOT_AT, count=3, role=TeamRole.DOCTOR, centre=None):
    """`count` consecutive 10-minute slots of one professional: a 20- or 30-minute visit takes several."""
    centre = centre or CentreFactory(name="Centre Prado", address_line1="12 avenue du Prado")
    professional = TeamMemberFactory(role=role)
    return [SlotFactory(centre=centre, professional=professional, start=start + timedelta(minutes=10 * n),
                        end=start + timedelta(minutes=10 * (n + 1))) for n in range(count)]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def periodic_open(db):
    bookable(VisitKind.PERIODIC, VisitKind.HIRING)


def book(member, employee, slot, kind=VisitKind.PERIODIC, **kwargs):
    return booking_services.appointment_self_book(member=member, actor=None, employee=employee, visit_kind=kind,
                                                  slot_id=slot.pk, send=False, **kwargs)


def test_a_member_books_a_free_slot_for_the_visit_s_duration(frozen, periodic_open, member_a):
    employee = EmployeeFactory(member=member_a)
    slots = run_of_slots()
    appointment = book(member_a, employee, slots[0])
    assert (appointment.member, appointment.employee, appointment.slot) == (member_a, employee, slots[0])
    assert appointment.end - appointment.start == timedelta(minutes=20)  # default SI periodic visit
    assert appointment.status == AppointmentStatus.PLANNED and appointment.request is None
    # The two slots it covers are no longer offered; the third still is, but too short for another visit.
    assert booking_selectors.fitting_slots(kind=VisitKind.PERIODIC, category="SI") == []


def test_the_convocation_leaves_after_the_booking(frozen, periodic_open, member_a, django_capture_on_commit_callbacks):
    member_a.email = "rh@entreprise-a.test"
    member_a.save()
    employee = EmployeeFactory(member=member_a)
    slot = run_of_slots()[0]
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.appointment_self_book(member=member_a, actor=None, employee=employee,
                                               visit_kind=VisitKind.PERIODIC, slot_id=slot.pk)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rh@entreprise-a.test"]
    assert {name.rsplit(".", 1)[1] for name, _, _ in mail.outbox[0].attachments} == {"pdf", "ics"}


def test_a_visit_type_set_to_request_only_cannot_be_booked(frozen, member_a):
    bookable(VisitKind.HIRING)
    with pytest.raises(ValidationError, match="ne se réserve pas en ligne"):
        book(member_a, EmployeeFactory(member=member_a), run_of_slots()[0], kind=VisitKind.PERIODIC)
    assert not Appointment.objects.exists()


def test_a_slot_taken_by_another_member_is_neither_offered_nor_bookable(frozen, periodic_open, member_a, member_b):
    slots = run_of_slots(count=2)
    book(member_b, EmployeeFactory(member=member_b), slots[0])
    assert booking_selectors.fitting_slots(kind=VisitKind.PERIODIC, category="SI") == []
    with pytest.raises(ValidationError, match="vient d'être attribué"):
        book(member_a, EmployeeFactory(member=member_a), slots[0])


def test_another_member_s_employee_is_refused(frozen, periodic_open, member_a, member_b):
    with pytest.raises(ValidationError, match="Salarié inconnu"):
        book(member_a, EmployeeFactory(member=member_b), run_of_slots()[0])


def test_an_aptitude_exam_needs_the_doctor_not_the_nurse(frozen, periodic_open, member_a):
    sir = EmployeeFactory(member=member_a, declared_category="SIR", determinants=["ASBESTOS"])
    nurse_slots = run_of_slots(role=TeamRole.NURSE, count=3)
    assert booking_selectors.fitting_slots(kind=VisitKind.PERIODIC, category=sir.category) == []
    with pytest.raises(ValidationError, match="pas ouvert à ce type de visite"):
        book(member_a, sir, nurse_slots[0])
    # An SI visit (VIP) may be held by the nurse (IDEST).
    assert [s.pk for s in booking_selectors.fitting_slots(kind=VisitKind.PERIODIC, category="SI")] == [
        nurse_slots[0].pk, nurse_slots[1].pk]
    assert book(member_a, EmployeeFactory(member=member_a), nurse_slots[0]).professional.role == TeamRole.NURSE


def test_a_past_slot_or_a_second_visit_of_the_same_kind_is_refused(frozen, periodic_open, member_a):
    employee = EmployeeFactory(member=member_a)
    past = run_of_slots(start=NOW - timedelta(days=1))
    with pytest.raises(ValidationError, match="créneau à venir"):
        book(member_a, employee, past[0])
    book(member_a, employee, run_of_slots()[0])
    with pytest.raises(ValidationError, match="a déjà ce rendez-vous"):
        book(member_a, employee, run_of_slots(start=SLOT_AT + timedelta(days=2))[0])


def test_the_rules_propose_the_visit_owed(frozen, periodic_open, member_a):
    newcomer = EmployeeFactory(member=member_a, hire_date=NOW.date() - timedelta(days=10))
    proposal = booking_selectors.proposal_for(employee=newcomer)
    assert proposal.kind == VisitKind.HIRING and proposal.bookable
    assert proposal.due is not None and proposal.due.due_by is not None


def _race(member_a, member_b, *, lock: bool) -> int:
    slot = run_of_slots(count=2)[0]
    employees = [EmployeeFactory(member=member_a), EmployeeFactory(member=member_b)]

    def attempt(employee):
        return lambda: book(employee.member, employee, slot)

    outcomes = booking_race(
        *(attempt(e) for e in employees),
        lock=lock,
        waits_on=lambda filters: filters.get("status") == AppointmentStatus.PLANNED and not filters.get("employee"),
    )  # waits on "already taken?", not on "already booked for this employee?"
    if lock:
        results = [
            "ok" if o is None else o.messages[0] if isinstance(o, ValidationError) else repr(o) for o in outcomes
        ]
        assert sorted(results) == ["Ce créneau vient d'être attribué : choisissez-en un autre.", "ok"]
    return Appointment.objects.filter(slot=slot, status=AppointmentStatus.PLANNED).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_booking_the_same_slot_one_wins_the_other_is_told(member_a, member_b):
    bookable(VisitKind.PERIODIC)
    assert _race(member_a, member_b, lock=True) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_lock_two_members_would_get_the_same_slot(member_a, member_b):
    """Proves the test above can fail."""
    bookable(VisitKind.PERIODIC)
    assert _race(member_a, member_b, lock=False) == 2


# --- moves -----------------------------------------------------------------------------------------------


def test_a_booked_visit_moves_until_its_cancellation_limit(periodic_open, member_a):
    employee = EmployeeFactory(member=member_a)
    with time_machine.travel(NOW, tick=False):
        appointment = book(member_a, employee, run_of_slots()[0])
        later = run_of_slots(start=SLOT_AT + timedelta(days=2))
        moved = booking_services.appointment_self_move(member=member_a, actor=None, appointment=appointment,
                                                       slot_id=later[0].pk)
    assert moved.start == later[0].start
    # Tuesday 15 December at 18 h is the limit for Thursday the 17th (2 business days): after it, no move.
    with time_machine.travel(datetime(2026, 12, 16, 9, 0, tzinfo=PARIS), tick=False):
        other = run_of_slots(start=SLOT_AT + timedelta(days=7))
        with pytest.raises(ValidationError, match="Délai dépassé"):
            booking_services.appointment_self_move(member=member_a, actor=None, appointment=moved,
                                                   slot_id=other[0].pk)


def test_another_member_s_appointment_cannot_be_moved(frozen, periodic_open, member_a, member_b):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_b), start=SLOT_AT,
                                     end=SLOT_AT + timedelta(minutes=20))
    with pytest.raises(ValidationError, match="Rendez-vous inconnu"):
        booking_services.appointment_self_move(member=member_a, actor=None, appointment=appointment,
                                               slot_id=run_of_slots()[0].pk)


# --- invitation links ----------------------------------------------------------------------------------


def invite(member, employee, email="camille@exemple.test"):
    return booking_services.invitation_create(member=member, actor=None, employee=employee,
                                              visit_kind=VisitKind.PERIODIC, email=email,
                                              link_for=lambda token: f"https://portail.test/rendez-vous/lien/{token}/")


def _token(sent) -> str:
    return sent.url.rstrip("/").rsplit("/", 1)[1]


def test_an_invitation_keeps_only_a_hash_and_mails_the_link(frozen, periodic_open, member_a):
    sent = invite(member_a, EmployeeFactory(member=member_a, first_name="Camille"))
    token = _token(sent)
    stored = BookingInvitation.objects.get()
    assert stored.token_hash != token and token not in stored.token_hash and len(stored.token_hash) == 64
    assert stored.expires_at == NOW + timedelta(days=14)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camille@exemple.test"]
    assert sent.url in mail.outbox[0].body and "une seule fois" in mail.outbox[0].body
    assert sent.url in sent.sms_text and "\n" not in sent.sms_text and "ENTREPRISE A" in sent.sms_text


def test_an_invitation_books_once_then_is_refused(frozen, periodic_open, member_a):
    employee = EmployeeFactory(member=member_a)
    token = _token(invite(member_a, employee, email=""))
    assert not mail.outbox
    slots = run_of_slots(count=6)
    appointment = booking_services.invitation_book(token=token, slot_id=slots[0].pk, send=False)
    assert (appointment.member, appointment.employee) == (member_a, employee)
    invitation = BookingInvitation.objects.get()
    assert invitation.used_at is not None and invitation.appointment == appointment
    with pytest.raises(ValidationError, match="déjà été utilisé"):
        booking_services.invitation_book(token=token, slot_id=slots[3].pk, send=False)
    assert Appointment.objects.count() == 1


def test_an_invitation_expires_after_14_days(periodic_open, member_a):
    with time_machine.travel(NOW, tick=False):
        token = _token(invite(member_a, EmployeeFactory(member=member_a)))
    with time_machine.travel(NOW + timedelta(days=14, seconds=1), tick=False):
        slot = run_of_slots(start=SLOT_AT + timedelta(days=20))[0]
        with pytest.raises(ValidationError, match="a expiré"):
            booking_services.invitation_book(token=token, slot_id=slot.pk, send=False)
    assert not Appointment.objects.exists()


def test_an_unknown_token_is_refused(frozen, periodic_open, member_a):
    with pytest.raises(ValidationError, match="n'est pas valide"):
        booking_services.invitation_book(token="x" * 43, slot_id=run_of_slots()[0].pk, send=False)


def test_an_invitation_for_another_member_s_employee_is_refused(frozen, periodic_open, member_a, member_b):
    with pytest.raises(ValidationError):
        invite(member_a, EmployeeFactory(member=member_b))
    assert not BookingInvitation.objects.exists()


def test_the_ics_parses_back_with_the_place_and_no_medical_detail(frozen, periodic_open, member_a):
    appointment = book(member_a, EmployeeFactory(member=member_a, first_name="Camille", birth_name="MARTIN"),
                       run_of_slots()[0])
    calendar = Calendar.from_ical(appointment_ics(appointment))
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == SLOT_AT and event.decoded("dtend") == SLOT_AT + timedelta(minutes=20)
    assert "Centre Prado, 12 avenue du Prado" in str(event["location"])
    assert str(event["summary"]) == "Visite périodique – Camille MARTIN"
    assert "Annulation possible jusqu'au vendredi 11 décembre 2026 à 18 h" in str(event["description"])
