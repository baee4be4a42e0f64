"""Writes of online booking: a member books or moves a visit on a free slot, and sends an employee a single-use
link to pick the slot themselves.

Race-safety is `appointment_book`'s: every slot of the visit's run is locked (select_for_update, in start order)
before the "already taken?" check, so two bookings of the same slot serialise and exactly one wins. The checks
read with scopes disabled on purpose: inside a member's scope the appointment manager would not see another
member's appointment on the slot (see booking_selectors).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.appointments import services
from portail.appointments.booking_selectors import (
    INVITATION_DAYS,
    bookable_kinds,
    invitation_state,
    planned_of_kind,
    professional_roles,
    token_hash,
)
from portail.appointments.convocation import WHAT_TO_BRING
from portail.appointments.models import Appointment, AppointmentStatus, BookingInvitation, Slot, VisitKind
from portail.appointments.selectors import appointment_limit, cancellation_too_late_message, visit_minutes
from portail.audit.services import event_record
from portail.members.freshness import member_change_record, member_data_changed
from portail.members.selectors import service_branding

if TYPE_CHECKING:
    from portail.accounts.models import User
    from portail.members.models import Member
    from portail.workforce.models import Employee

def _check_kind(kind: str) -> None:
    if kind not in VisitKind.values:
        raise ValidationError({"visit_kind": "Type de visite inconnu."})
    if kind not in bookable_kinds():
        raise ValidationError({"visit_kind": "Ce type de visite ne se réserve pas en ligne : faites une demande de "
                                             "rendez-vous, le service vous proposera un créneau."})


def _slot_for(*, slot_id: int, kind: str, employee: Employee, now: datetime) -> Slot:
    slot = Slot.objects.select_related("centre", "professional").filter(pk=slot_id).first()
    if slot is None or slot.start <= now:
        raise ValidationError("Choisissez un créneau à venir.")
    if slot.professional.role not in professional_roles(kind=kind, category=employee.category):
        raise ValidationError("Ce créneau n'est pas ouvert à ce type de visite : choisissez-en un autre.")
    return slot


def _lock_and_check(*, slot: Slot, kind: str, minutes: int, moving: Appointment | None = None) -> datetime:
    """Lock the slots the visit covers, then check they are still free: the winner of a race is the first to lock."""
    end = slot.start + timedelta(minutes=minutes)
    run = services._booking_run(slot=slot, end=end)
    services._check_run(run, slot=slot, end=end, minutes=minutes, kind=kind, moving=moving)
    return end


def appointment_self_book(*, member: Member, actor: User | None, employee: Employee, visit_kind: str, slot_id: int,
                          request: HttpRequest | None = None, now: datetime | None = None, send: bool = True,
                          invitation: BookingInvitation | None = None) -> Appointment:
    """Book a visit on a free slot at once, for the duration of its type, with a professional allowed for it."""
    now = now or timezone.now()
    if employee.member_id != member.pk:
        raise ValidationError({"employee": "Salarié inconnu."})
    _check_kind(visit_kind)
    with transaction.atomic(), scopes_disabled():
        slot = _slot_for(slot_id=slot_id, kind=visit_kind, employee=employee, now=now)
        services._check_still_employed(employee, slot)
        already = planned_of_kind(employee=employee, kind=visit_kind, now=now)
        if already is not None:
            raise ValidationError(f"{employee.first_name} {employee.birth_name} a déjà ce rendez-vous le "
                                  f"{timezone.localtime(already.start):%d/%m/%Y à %H:%M} : changez-en le créneau "
                                  "depuis la liste des rendez-vous.")
        minutes = visit_minutes(kind=visit_kind, reinforced=employee.category == "SIR")
        end = _lock_and_check(slot=slot, kind=visit_kind, minutes=minutes)
        appointment = Appointment.objects.create(
            member=member, employee=employee, slot=slot, centre=slot.centre, professional=slot.professional,
            start=slot.start, end=end, visit_kind=visit_kind)
        member_data_changed(member_ids=[member.pk])
        who = "le salarié (lien de réservation)" if invitation is not None else "l'adhérent"
        event_record(action="appointments.self_book", actor=actor, member=member, obj=appointment, request=request,
                     actor_label="" if actor is not None else "Salarié (lien de réservation)",
                     summary=f"Rendez-vous réservé en ligne par {who} le "
                             f"{timezone.localtime(slot.start):%d/%m/%Y %H:%M} ({minutes} min)",
                     data={"slot": slot.pk, "minutes": minutes, "invitation": invitation.pk if invitation else None})
        if send:
            transaction.on_commit(lambda: services.convocation_send(appointment=appointment))
    return appointment


def appointment_self_move(*, member: Member, actor: User | None, appointment: Appointment, slot_id: int,
                          request: HttpRequest | None = None, now: datetime | None = None) -> Appointment:
    """Change the slot of a visit booked online, until its cancellation limit (N jours ouvrés before)."""
    now = now or timezone.now()
    if appointment.member_id != member.pk:
        raise ValidationError("Rendez-vous inconnu.")
    if appointment.status != AppointmentStatus.PLANNED or appointment.start <= now:
        raise ValidationError("Ce rendez-vous ne peut plus être changé.")
    _check_kind(appointment.visit_kind)
    limit = appointment_limit(appointment)
    if not limit.allows(now):
        raise ValidationError(cancellation_too_late_message(limit).replace("l'annulation", "le changement"))
    with transaction.atomic(), scopes_disabled():
        _slot_for(slot_id=slot_id, kind=appointment.visit_kind, employee=appointment.employee, now=now)
        return services.appointment_move(appointment=appointment, slot_id=slot_id, actor=actor, request=request)


# --- invitation links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationSent:
    invitation: BookingInvitation
    url: str
    sms_text: str
    emailed: bool


def invitation_texts(*, invitation: BookingInvitation, url: str) -> dict[str, object]:
    branding = service_branding()
    return {"invitation": invitation, "url": url, "service_name": branding.name, "member": invitation.member,
            "kind": invitation.get_visit_kind_display(), "what_to_bring": WHAT_TO_BRING,
            "expires": timezone.localtime(invitation.expires_at)}


def invitation_create(*, member: Member, actor: User | None, employee: Employee, visit_kind: str, email: str,
                      link_for: Callable[[str], str], request: HttpRequest | None = None,
                      now: datetime | None = None) -> InvitationSent:
    """A single-use link valid INVITATION_DAYS days; mailed to `email` when given, and an SMS-ready text to copy.
    `link_for` turns the token into the absolute URL of the public page."""
    now = now or timezone.now()
    if employee.member_id != member.pk:
        raise ValidationError({"employee": "Salarié inconnu."})
    if not employee.is_present_on(timezone.localtime(now).date()):
        raise ValidationError({"employee": "Ce salarié ne fait plus partie de votre effectif."})
    _check_kind(visit_kind)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = BookingInvitation.objects.create(
            member=member, employee=employee, visit_kind=visit_kind, token_hash=token_hash(token),
            email=email.strip(), expires_at=now + timedelta(days=INVITATION_DAYS), created_by=actor)
        member_change_record(action="appointments.invitation_create", actor=actor, member=member, obj=invitation,
                             request=request, summary=f"Lien de réservation envoyé à {employee.first_name} "
                                                      f"{employee.birth_name} ({invitation.get_visit_kind_display()})",
                             data={"employee": employee.pk, "kind": visit_kind, "emailed": bool(invitation.email)})
    url = link_for(token)
    context = invitation_texts(invitation=invitation, url=url)
    if invitation.email:
        EmailMessage(subject=f"Votre visite de santé au travail : choisissez votre rendez-vous ({context['kind']})",
                     body=render_to_string("appointments/email/invitation.txt", context),
                     from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.email]).send()
    sms = " ".join(render_to_string("appointments/invitation_sms.txt", context).split())
    return InvitationSent(invitation=invitation, url=url, sms_text=sms, emailed=bool(invitation.email))


INVITATION_REFUSALS = {
    "unknown": "Ce lien de réservation n'est pas valide.",
    "used": "Ce lien de réservation a déjà été utilisé : le rendez-vous est pris.",
    "expired": "Ce lien de réservation a expiré.",
}


def invitation_book(*, token: str, slot_id: int, request: HttpRequest | None = None,
                    now: datetime | None = None, send: bool = True) -> Appointment:
    """The employee picks a slot through the link: booked for their employer, and the link is spent. The
    invitation row is locked first, so the same link used twice at once books once."""
    now = now or timezone.now()
    with transaction.atomic(), scopes_disabled():
        invitation = (BookingInvitation.objects.select_for_update(of=("self",)).select_related("member", "employee")
                      .filter(token_hash=token_hash(token)).first())
        state = invitation_state(invitation, now=now)
        if invitation is None or state != "ok":
            raise ValidationError(INVITATION_REFUSALS[state])
        appointment = appointment_self_book(
            member=invitation.member, actor=None, employee=invitation.employee, visit_kind=invitation.visit_kind,
            slot_id=slot_id, request=request, now=now, send=send, invitation=invitation)
        invitation.used_at = now
        invitation.appointment = appointment
        invitation.save(update_fields=["used_at", "appointment"])
        member_data_changed(member_ids=[invitation.member_id])
    return appointment
