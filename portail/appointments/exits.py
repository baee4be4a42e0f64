"""What an employee's exit does to their appointments and appointment requests (issue 16 §3).

Called by `workforce.services.employee_exit`, inside its transaction: the exit and its consequences are saved
together or not at all. Each consequence is a record the member and the service can read later (a cancellation
with the reason "Salarié sorti des effectifs", a request "Annulée"), an audit event, and one French sentence
returned for the message the member sees right after the exit.

- A planned appointment after the exit date is cancelled, without any no-show fee (the reason is the exit).
  Inside the cancellation window (N jours ouvrés) the service may already have committed the slot: the
  cancellation is then asked of the service (its inbox), which decides, still without fee.
- An open request is about visits still to plan: once the exit has taken effect the employee is taken off it
  (the request is cancelled when nobody is left). When the exit date is still to come (a planned exit) the visit
  may still be held before it, so the request stays open and the service sees the planned exit next to the
  employee's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from portail.appointments.models import (
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    CancellationReason,
    CancellationRequest,
    CancellationStatus,
    RequestStatus,
)
from portail.appointments.selectors import appointment_limit, settings_get
from portail.audit.services import event_record
from portail.core.concurrency import version_claim
from portail.core.formatting import date_fr, datetime_fr

EXIT_NOTE = "sortie du salarié le {day} : aucun frais d'absence n'est facturé pour ce motif."


@dataclass
class ExitConsequences:
    """French sentences, one per appointment or request touched, in the order they were handled."""

    cancelled: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [*self.cancelled, *self.flagged, *self.requests]

    def as_data(self) -> dict:
        return {"cancelled": len(self.cancelled), "flagged": len(self.flagged), "requests": len(self.requests)}


def _after_exit(appointment: Appointment, exit_date: date) -> bool:
    return timezone.localtime(appointment.start).date() > exit_date


def _cancel(appointment: Appointment, *, employee, exit_date: date, actor, now: datetime, request) -> str:
    limit = appointment_limit(appointment, config=settings_get())
    note = EXIT_NOTE.format(day=date_fr(exit_date))
    when = datetime_fr(timezone.localtime(appointment.start))
    version_claim(appointment, version=None)  # a staff page still open on it must notice
    if limit.allows(now):
        appointment.status = AppointmentStatus.CANCELLED
        appointment.save(update_fields=["status", "updated_at"])
        CancellationRequest.objects.create(
            member=appointment.member, appointment=appointment, reason=CancellationReason.LEFT,
            status=CancellationStatus.DONE, deadline=limit.at, created_by=_user(actor), processed_at=now,
            answer=f"Annulé automatiquement : {note}",
        )
        event_record(action="appointments.cancel_on_exit", actor=actor, member=appointment.member, obj=appointment,
                     request=request, summary=f"Rendez-vous {appointment.pk} annulé : sortie de {employee}")
        return f"Le rendez-vous du {when} de {employee} est annulé, sans frais."
    # Inside the window: the service decides (its inbox lists the request), still without fee.
    if not appointment.cancellations.filter(status=CancellationStatus.RECEIVED).exists():
        CancellationRequest.objects.create(
            member=appointment.member, appointment=appointment, reason=CancellationReason.LEFT,
            status=CancellationStatus.RECEIVED, deadline=limit.at, created_by=_user(actor),
            answer=f"Demande transmise automatiquement : {note}",
        )
    event_record(action="appointments.cancel_on_exit_flagged", actor=actor, member=appointment.member,
                 obj=appointment, request=request,
                 summary=f"Annulation du rendez-vous {appointment.pk} demandée au service : sortie de {employee}")
    return (f"Le rendez-vous du {when} de {employee} est trop proche pour être annulé en ligne : le service en "
            "est averti et l'annulera, sans frais.")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _leave_request(obj: AppointmentRequest, *, employee, exit_date: date, actor, now: datetime, request) -> str:
    version_claim(obj, version=None)  # an inbox page still open on it must notice
    obj.employees.remove(employee)
    remaining = set(obj.employees.values_list("pk", flat=True))
    if not remaining:
        obj.status = RequestStatus.CANCELLED
        obj.refusal_reason = f"sortie du salarié le {date_fr(exit_date)}"
        obj.processed_at = now
        obj.save(update_fields=["status", "refusal_reason", "processed_at", "updated_at"])
        sentence = f"La demande de rendez-vous {obj.number} ne concernait que {employee} : elle est annulée."
    else:
        booked = set(obj.appointments.filter(status=AppointmentStatus.PLANNED).values_list("employee_id", flat=True))
        if remaining <= booked:  # the others all have their appointment: nothing is left to plan
            obj.status, obj.processed_at = RequestStatus.PLANNED, obj.processed_at or now
        obj.save(update_fields=["status", "processed_at", "updated_at"])
        sentence = f"{employee} est retiré(e) de la demande de rendez-vous {obj.number}, maintenue pour les autres."
    event_record(action="appointments.request_exit", actor=actor, member=obj.member, obj=obj, request=request,
                 summary=f"Demande {obj.number} : sortie de {employee}",
                 data={"employee": employee.pk, "status": obj.status})
    return sentence


def appointments_employee_exit(*, employee, exit_date: date, actor, now: datetime | None = None,
                               request=None) -> ExitConsequences:
    """Apply an exit to the employee's appointments and requests (see the module docstring); the caller holds
    the transaction."""
    now = now or timezone.now()
    outcome = ExitConsequences()
    planned = (Appointment.objects.filter(member=employee.member, employee=employee, status=AppointmentStatus.PLANNED,
                                          start__gt=now)
               .select_related("centre", "member").select_for_update(of=("self",)).order_by("start", "pk"))
    for appointment in planned:
        if not _after_exit(appointment, exit_date):
            continue
        sentence = _cancel(appointment, employee=employee, exit_date=exit_date, actor=actor, now=now, request=request)
        target = outcome.cancelled if appointment.status == AppointmentStatus.CANCELLED else outcome.flagged
        target.append(sentence)
    requests = (AppointmentRequest.objects.filter(member=employee.member, employees=employee,
                                                  status__in=OPEN_REQUEST_STATUSES)
                .select_related("member").order_by("created_at", "pk"))
    for obj in requests:
        if exit_date <= timezone.localdate(now):
            outcome.requests.append(_leave_request(obj, employee=employee, exit_date=exit_date, actor=actor, now=now,
                                                   request=request))
        else:
            outcome.requests.append(
                f"La demande de rendez-vous {obj.number} reste ouverte jusqu'à la sortie prévue le "
                f"{date_fr(exit_date)} : le service la voit et ne planifiera pas de visite après cette date.")
    return outcome
