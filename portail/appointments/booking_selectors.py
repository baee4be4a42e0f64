"""Reads of online booking: which visit types a member books directly, what the rules propose for an employee,
which free slots fit, and the invitation behind a link.

Free slots are read with scopes disabled on purpose: a slot is taken when *any* member's planned appointment
holds it, and inside a member's scope the appointment manager would only see that member's own appointments.
Only slots (shared rows of the service) come out of those reads, never another member's appointment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.appointments.compliance import due_for_employee
from portail.appointments.models import (
    Appointment,
    AppointmentStatus,
    BookingInvitation,
    Slot,
    VisitKind,
)
from portail.appointments.selectors import settings_get, staff_free_slots, visit_minutes
from portail.followup.visit_types import DueVisit
from portail.followup.visit_types import VisitKind as RuleKind
from portail.members.models import Centre, TeamRole
from portail.workforce.models import Employee

if TYPE_CHECKING:
    from portail.members.models import Member

SLOT_LIMIT = 30
INVITATION_DAYS = 14

# The engine's visit owed → the visit type a member books.
RULE_TO_VISIT: dict[str, str] = {
    RuleKind.VIP_INIT: VisitKind.HIRING,
    RuleKind.EMA_INIT: VisitKind.HIRING,
    RuleKind.VIP_PERIOD: VisitKind.PERIODIC,
    RuleKind.EMA_PERIOD: VisitKind.PERIODIC,
    RuleKind.SIR_INTERMEDIATE: VisitKind.PERIODIC,
    RuleKind.RI_A_ANNUAL: VisitKind.PERIODIC,
    RuleKind.U18_REG_ANNUAL: VisitKind.PERIODIC,
    RuleKind.REPRISE: VisitKind.RETURN,
    RuleKind.MI_CARRIERE: VisitKind.MID_CAREER,
    RuleKind.POST_EXPO: VisitKind.END_OF_CAREER,
}
# Visits held by the médecin du travail whatever the category (REFERENCE §2); the others may be held by an IDEST.
DOCTOR_KINDS = frozenset({VisitKind.RETURN, VisitKind.PRE_RETURN, VisitKind.END_OF_CAREER, VisitKind.EMPLOYER})


def bookable_kinds() -> list[str]:
    """The visit types set to "réservation directe" (the others are "demande seulement")."""
    return [kind for kind in settings_get().bookable_kinds if kind in VisitKind.values]


def bookable_choices() -> list[tuple[str, str]]:
    allowed = set(bookable_kinds())
    return [(value, label) for value, label in VisitKind.choices if value in allowed]


def professional_roles(*, kind: str, category: str) -> tuple[str, ...]:
    """Who may hold the visit: an aptitude exam (SIR hiring or periodic) and the doctor's visits need the doctor."""
    if kind in DOCTOR_KINDS or (category == "SIR" and kind in (VisitKind.HIRING, VisitKind.PERIODIC)):
        return (TeamRole.DOCTOR,)
    return (TeamRole.DOCTOR, TeamRole.NURSE)


@dataclass(frozen=True)
class Proposal:
    due: DueVisit | None
    kind: str  # the visit type proposed ("" when nothing is owed)
    bookable: bool  # whether that type is "réservation directe"


def proposal_for(*, employee: Employee, today: date | None = None) -> Proposal:
    """What the rules engine says this employee owes next, as a visit type to book."""
    due = due_for_employee(employee=employee, today=today)
    kind = RULE_TO_VISIT.get(due.kind, "") if due is not None else ""
    return Proposal(due=due, kind=kind, bookable=kind in bookable_kinds())


def booking_employees(*, member: Member, today: date | None = None) -> QuerySet[Employee]:
    today = today or timezone.localdate()
    return Employee.objects.filter(member=member).present_on(today).order_by("birth_name", "first_name", "pk")


def booking_employee_get(*, member: Member, pk: int) -> Employee:
    employee: Employee = get_object_or_404(booking_employees(member=member), pk=pk)
    return employee


def booking_centres() -> QuerySet[Centre]:
    return Centre.objects.order_by("name", "pk")


def fitting_slots(*, kind: str, category: str, centre: Centre | None = None, day: date | None = None,
                  now: datetime | None = None, limit: int = SLOT_LIMIT) -> list[Slot]:
    """Free slots of a health professional allowed for the visit, from which its whole duration is free."""
    start = now or timezone.now()
    if day is not None:
        start = max(start, timezone.make_aware(datetime.combine(day, time())))
    minutes = visit_minutes(kind=kind, reinforced=category == "SIR")
    roles = professional_roles(kind=kind, category=category)
    with scopes_disabled():
        return staff_free_slots(kind=kind, start=start, minutes=minutes, limit=limit, centre=centre, roles=roles)


def booked_appointment_get(*, member: Member, pk: int) -> Appointment:
    appointment: Appointment = get_object_or_404(
        Appointment.objects.filter(member=member).select_related("employee", "centre", "professional", "member"),
        pk=pk)
    return appointment


def invitations_for(*, member: Member, limit: int = 20) -> list[BookingInvitation]:
    return list(BookingInvitation.objects.filter(member=member).select_related("employee", "appointment")
                .only("visit_kind", "created_at", "used_at", "expires_at", "employee", "employee__first_name",
                      "employee__birth_name", "appointment", "appointment__start")
                .order_by("-created_at", "-pk")[:limit])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> BookingInvitation | None:
    """The link's invitation, whoever's it is: the token is the only key (scopes are set from its member)."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        return (BookingInvitation.objects.select_related("member", "employee", "appointment__centre",
                                                         "appointment__professional")
                .filter(token_hash=token_hash(token)).first())


def invitation_state(invitation: BookingInvitation | None, *, now: datetime | None = None) -> str:
    """"ok", "unknown", "used" or "expired"."""
    now = now or timezone.now()
    if invitation is None:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= now or not invitation.employee.is_present_on(timezone.localtime(now).date()):
        return "expired"
    return "ok"


def planned_of_kind(*, employee: Employee, kind: str, now: datetime | None = None) -> Appointment | None:
    now = now or timezone.now()
    return (Appointment.objects.filter(member_id=employee.member_id, employee=employee, visit_kind=kind,
                                       status=AppointmentStatus.PLANNED, start__gte=now).order_by("start").first())
