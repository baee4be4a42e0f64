"""Writes on appointments: requests, cancellations, booking, outcomes, documents, slots, reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from portail.accounts.notices import member_notify
from portail.appointments.convocation import convocation_email, reminder_email
from portail.appointments.models import (
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    CancellationReason,
    CancellationRequest,
    CancellationStatus,
    RequestStatus,
    SharedDocument,
    Slot,
    VisitKind,
)
from portail.appointments.planner import LATE_CANCELLATION
from portail.appointments.selectors import appointment_limit, cancellation_too_late_message, visit_minutes
from portail.appointments.snapshots import snapshots_invalidate
from portail.audit.services import event_record
from portail.core.concurrency import version_claim
from portail.core.validators import clean_pdf_upload
from portail.members.freshness import member_change_record
from portail.members.models import NoticeKind
from portail.members.services import request_answer_clean

if TYPE_CHECKING:
    from portail.accounts.models import User
    from portail.members.models import Centre, Member, TeamMember
    from portail.workforce.models import Employee

# Tests switch this off to prove the race test fails without the row lock; never change it elsewhere.
LOCK_SLOTS = True


# --- member side -------------------------------------------------------------------------------------


@transaction.atomic
def appointment_request_create(*, member: Member, actor: User | None, employees: list[Employee], data: dict[str, Any],
                               request: HttpRequest | None = None) -> AppointmentRequest:
    if not employees:
        raise ValidationError({"employees": "Choisissez au moins un salarié."})
    if any(e.member_id != member.pk for e in employees):
        raise ValidationError({"employees": "Salarié inconnu."})
    gone = [e for e in employees if not e.is_present_on(timezone.localdate())]
    if gone:
        raise ValidationError({"employees": f"{gone[0]} ne fait plus partie de votre effectif (sorti le "
                                            f"{gone[0].exit_date:%d/%m/%Y})."})
    kind = data["visit_kind"]
    obj = AppointmentRequest(
        member=member,
        visit_kind=kind,
        preferred_periods=data.get("preferred_periods", ""),
        constraints=data.get("constraints", ""),
        created_by=actor,
    )
    if kind in (VisitKind.RETURN, VisitKind.PRE_RETURN):
        obj.absence_type = data.get("absence_type") or ""
        obj.absence_start = data.get("absence_start")
        obj.absence_end = data.get("absence_end")
    if kind == VisitKind.EMPLOYER:
        obj.employer_reason = data.get("employer_reason") or ""
    obj.save()
    obj.employees.set(employees)
    if obj.absence_start is not None:
        snapshots_invalidate(employee_ids=[e.pk for e in employees])  # a declared absence starts a clock
    member_change_record(action="appointments.request_create", actor=actor, member=member, obj=obj, request=request,
                         summary=f"Demande de rendez-vous {obj.number} ({obj.get_visit_kind_display()})",
                         data={"employees": [e.pk for e in employees], "kind": kind})
    member_notify(member=member, kind=NoticeKind.RECEIPT, subject=f"Demande de rendez-vous {obj.number} reçue",
                  body=f"{obj.get_visit_kind_display()} pour {', '.join(str(e) for e in employees)}.",
                  url=reverse("appointments:request_receipt", args=[obj.pk]))
    return obj


def cancellation_request_create(*, member: Member, actor: User | None, appointment: Appointment, reason: str,
                                now: datetime | None = None, request: HttpRequest | None = None) -> CancellationRequest:
    """Accepted until the limit (N jours ouvrés before, cut-off hour). After it the pages no longer offer it; a
    request sent anyway (an old page, a script) is refused with the service's contact, and no request is
    recorded: only an event, so that the planner knows the slot may stay empty (cancellation_late_events)."""
    now = now or timezone.now()
    if appointment.member_id != member.pk:
        raise ValidationError("Rendez-vous inconnu.")
    if appointment.status != AppointmentStatus.PLANNED or appointment.start <= now:
        raise ValidationError("Ce rendez-vous ne peut plus être annulé.")
    if appointment.cancellations.filter(status=CancellationStatus.RECEIVED).exists():
        raise ValidationError("Une demande d'annulation est déjà en cours pour ce rendez-vous.")
    limit = appointment_limit(appointment)
    if not limit.allows(now):
        # Its own transaction, committed before the refusal is raised: the information must survive it.
        reason_label = dict(CancellationReason.choices).get(reason, reason)
        with transaction.atomic():
            event_record(action=LATE_CANCELLATION, actor=actor, member=member, obj=appointment, request=request,
                         summary=f"Demande d'annulation hors délai du rendez-vous du {_when(appointment)} "
                                 f"({_who(appointment)}) : {reason_label}",
                         data={"appointment": appointment.pk, "reason": reason})
        raise ValidationError(cancellation_too_late_message(limit))
    return _cancellation_request_save(member=member, actor=actor, appointment=appointment, reason=reason,
                                      deadline=limit.at, request=request)


@transaction.atomic
def _cancellation_request_save(*, member: Member, actor: User | None, appointment: Appointment, reason: str,
                               deadline: datetime, request: HttpRequest | None = None) -> CancellationRequest:
    status = CancellationStatus.RECEIVED
    obj = CancellationRequest.objects.create(
        member=member, appointment=appointment, reason=reason, status=status, deadline=deadline, created_by=actor,
    )
    member_change_record(action="appointments.cancellation_request", actor=actor, member=member, obj=obj,
                         request=request,
                         summary=f"Demande d'annulation du rendez-vous {appointment.pk} : {obj.get_status_display()}",
                         data={"appointment": appointment.pk, "status": status})
    member_notify(member=member, kind=NoticeKind.RECEIPT, subject=f"Demande d'annulation reçue : {_who(appointment)}",
                  body=f"Rendez-vous du {_when(appointment)}.",
                  url=reverse("appointments:cancellation_detail", args=[obj.pk]))
    return obj


def board_export_record(*, member: Member, actor: User | None, fmt: str, request: HttpRequest | None = None) -> None:
    """The compliance board left the portal as a file: who, for which member, in which format."""
    event_record(action="appointments.board_export", actor=actor, member=member, request=request,
                 summary=f"Export du suivi des visites ({fmt})", data={"format": fmt})


# --- staff side --------------------------------------------------------------------------------------


@transaction.atomic
def request_take(*, appointment_request: AppointmentRequest, actor: User | None,
                 request: HttpRequest | None = None) -> None:
    if appointment_request.status == RequestStatus.SENT:
        version_claim(appointment_request, version=None)  # an inbox page still open on it must notice
        appointment_request.status = RequestStatus.IN_PROGRESS
        appointment_request.save(update_fields=["status", "updated_at"])
        member_change_record(action="appointments.request_take", actor=actor, member=appointment_request.member,
                             obj=appointment_request, request=request,
                             summary=f"Demande {appointment_request.number} prise en charge")


@transaction.atomic
def request_refuse(*, appointment_request: AppointmentRequest, actor: User | None, reason: str,
                   request: HttpRequest | None = None, notify: bool = True) -> None:
    """`notify`: tell the member (the inbox's answer tells them itself, with its own text)."""
    if not appointment_request.is_open:
        raise ValidationError("Cette demande est déjà traitée.")
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif du refus."})
    version_claim(appointment_request, version=None)
    appointment_request.status = RequestStatus.REFUSED
    appointment_request.refusal_reason = reason.strip()[:300]
    appointment_request.processed_at = timezone.now()
    appointment_request.save(update_fields=["status", "refusal_reason", "processed_at", "updated_at"])
    if appointment_request.absence_start is not None:
        # A refused request's absence no longer counts (compliance.declared_absences).
        snapshots_invalidate(employee_ids=appointment_request.employees.values_list("pk", flat=True))
    member_change_record(action="appointments.request_refuse", actor=actor, member=appointment_request.member,
                         obj=appointment_request, request=request,
                         summary=f"Demande {appointment_request.number} refusée")
    if notify:
        member_notify(member=appointment_request.member,
                      subject=f"Votre demande de rendez-vous {appointment_request.number} : Refusée",
                      body=f"Motif du service :\n{appointment_request.refusal_reason}")


def _booking_run(*, slot: Slot, end: datetime) -> list[Slot]:
    """The slot and the consecutive slots of the same professional and centre up to `end`, locked in
    start order (a consistent order: two bookings whose runs overlap cannot deadlock)."""
    run = Slot.objects.filter(
        professional_id=slot.professional_id, centre_id=slot.centre_id, start__gte=slot.start, start__lt=end
    ).order_by("start", "pk")
    if LOCK_SLOTS:
        run = run.select_for_update(of=("self",))
    return list(run)


def _check_run(run: list[Slot], *, slot: Slot, end: datetime, minutes: int, kind: str,
               moving: Appointment | None = None) -> None:
    """`moving`: the appointment being moved, whose own slots do not count as taken."""
    contiguous = bool(run) and run[0].pk == slot.pk and all(b.start == a.end for a, b in zip(run, run[1:], strict=False))
    if not contiguous or run[-1].end < end:
        raise ValidationError(
            f"Pas assez de créneaux consécutifs à partir de celui-ci pour une visite de {minutes} minutes."
        )
    if not all(s.accepts(kind) for s in run):
        raise ValidationError("Ce créneau n'accepte pas ce type de visite.")
    taken = Appointment.objects.filter(status=AppointmentStatus.PLANNED).filter(
        Q(slot__in=run) | Q(professional_id=slot.professional_id, start__lt=end, end__gt=slot.start)
    )
    if moving is not None:
        taken = taken.exclude(pk=moving.pk)
    if taken.exists():
        raise ValidationError("Ce créneau vient d'être attribué : choisissez-en un autre.")


def _check_still_employed(employee: Employee, slot: Slot) -> None:
    if not employee.is_present_on(timezone.localtime(slot.start).date()):
        raise ValidationError(f"{employee} quitte l'entreprise le {employee.exit_date:%d/%m/%Y} : choisissez un "
                              "créneau jusqu'à cette date.")


def appointment_book(*, appointment_request: AppointmentRequest, employee: Employee, slot_id: int, actor: User | None,
                     request: HttpRequest | None = None, send: bool = True) -> Appointment:
    """Book one employee of a request from a free slot for the duration of the visit type.

    The visit takes as many consecutive slots as its duration needs (see availability.py for why).
    Two staff on the same slots: exactly one wins, because every slot of the run is locked before
    the "already booked?" check."""
    with transaction.atomic():
        slot = Slot.objects.select_related("centre", "professional").get(pk=slot_id)
        if not appointment_request.employees.filter(pk=employee.pk).exists():
            raise ValidationError("Ce salarié ne fait pas partie de la demande.")
        _check_still_employed(employee, slot)
        kind = appointment_request.visit_kind
        minutes = visit_minutes(kind=kind, reinforced=employee.category == "SIR")
        end = slot.start + timedelta(minutes=minutes)
        run = _booking_run(slot=slot, end=end)
        _check_run(run, slot=slot, end=end, minutes=minutes, kind=kind)
        appointment = Appointment.objects.create(
            member=appointment_request.member,
            employee=employee,
            request=appointment_request,
            slot=slot,
            centre=slot.centre,
            professional=slot.professional,
            start=slot.start,
            end=end,
            visit_kind=kind,
        )
        booked = set(
            appointment_request.appointments.filter(status=AppointmentStatus.PLANNED).values_list(
                "employee_id", flat=True
            )
        )
        everyone = set(appointment_request.employees.values_list("pk", flat=True))
        version_claim(appointment_request, version=None)
        appointment_request.status = RequestStatus.PLANNED if everyone <= booked else RequestStatus.IN_PROGRESS
        if appointment_request.status == RequestStatus.PLANNED and appointment_request.processed_at is None:
            appointment_request.processed_at = timezone.now()
        appointment_request.save(update_fields=["status", "processed_at", "updated_at"])
        member_change_record(
            action="appointments.book", actor=actor, member=appointment.member, obj=appointment, request=request,
            summary=f"Rendez-vous planifié le {timezone.localtime(slot.start):%d/%m/%Y %H:%M} ({minutes} min)",
            data={"slot": slot.pk, "request": appointment_request.pk, "minutes": minutes})
        if send:
            transaction.on_commit(lambda: convocation_send(appointment=appointment))
    return appointment


def convocation_send(*, appointment: Appointment) -> bool:
    message = convocation_email(appointment)
    # The company's users are told in the portal, and by e-mail if they want it and did not get the convocation.
    member_notify(member=appointment.member, kind=NoticeKind.CONVOCATION,
                  subject=f"Convocation : {_who(appointment)} le {_when(appointment)}",
                  body=f"Rendez-vous le {_when(appointment)}. La convocation est envoyée à vos contacts convocations.",
                  url=reverse("appointments:list"), already_emailed=message.to if message is not None else ())
    if message is None:
        return False
    message.send()
    # Only the staff's page shows it: no member page to renew (members/freshness.py).
    Appointment.objects.filter(pk=appointment.pk).update(convocation_sent_at=timezone.now())
    return True


def _when(appointment: Appointment) -> str:
    return f"{timezone.localtime(appointment.start):%d/%m/%Y à %H:%M}"


def _who(appointment: Appointment) -> str:
    return f"{appointment.employee.first_name} {appointment.employee.birth_name}"


@transaction.atomic
def appointment_move(*, appointment: Appointment, slot_id: int, actor: User | None, version: int | None = None,
                     request: HttpRequest | None = None) -> Appointment:
    """Move a planned visit to another free slot (same duration), tell the member and send a new convocation."""
    appointment = Appointment.objects.select_for_update().select_related("employee", "member").get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError("Seul un rendez-vous planifié peut être déplacé.")
    version_claim(appointment, version=version,
                  message="Ce rendez-vous a été modifié entre-temps : rechargez la page.")
    slot = Slot.objects.select_related("centre", "professional").filter(pk=slot_id).first()
    if slot is None or slot.start <= timezone.now():
        raise ValidationError("Choisissez un créneau à venir.")
    employee = appointment.employee
    _check_still_employed(employee, slot)
    minutes = int((appointment.end - appointment.start).total_seconds() // 60)
    end = slot.start + timedelta(minutes=minutes)
    run = _booking_run(slot=slot, end=end)
    _check_run(run, slot=slot, end=end, minutes=minutes, kind=appointment.visit_kind, moving=appointment)
    before = _when(appointment)
    Appointment.objects.filter(pk=appointment.pk).update(
        slot=slot, centre=slot.centre, professional=slot.professional, start=slot.start, end=end,
        convocation_sent_at=None, reminder_7_sent_at=None, reminder_1_sent_at=None, updated_at=timezone.now())
    appointment.refresh_from_db()
    member_change_record(action="appointments.move", actor=actor, member=appointment.member, obj=appointment,
                         request=request, summary=f"Rendez-vous déplacé du {before} au {_when(appointment)}",
                         data={"slot": slot.pk})
    member_notify(member=appointment.member, subject=f"Rendez-vous de {_who(appointment)} déplacé",
                  body=f"Le rendez-vous de {_who(appointment)} prévu le {before} est déplacé au "
                       f"{_when(appointment)} ({slot.centre.name}). Une nouvelle convocation vous est envoyée.")
    transaction.on_commit(lambda: convocation_send(appointment=appointment))
    return appointment


@transaction.atomic
def cancellation_process(*, cancellation: CancellationRequest, actor: User | None, request: HttpRequest | None = None,
                         notify: bool = True) -> None:
    """Cancel the appointment; its slot becomes free again (booked = held by a planned appointment).
    `notify`: tell the member (the inbox's answer tells them itself, with its own text)."""
    if cancellation.status != CancellationStatus.RECEIVED:
        raise ValidationError("Cette demande d'annulation est déjà traitée.")
    appointment = Appointment.objects.select_for_update().get(pk=cancellation.appointment_id)
    version_claim(appointment, version=None)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status", "updated_at"])
    version_claim(cancellation, version=None)  # an inbox page still open on it must notice
    cancellation.status = CancellationStatus.DONE
    cancellation.processed_at = timezone.now()
    cancellation.save(update_fields=["status", "processed_at"])
    member_change_record(action="appointments.cancel", actor=actor, member=cancellation.member, obj=appointment,
                         request=request, summary=f"Rendez-vous {appointment.pk} annulé à la demande de l'adhérent")
    if notify:
        member_notify(member=cancellation.member, subject=f"Rendez-vous de {_who(appointment)} annulé",
                      body=f"Comme vous l'avez demandé, le rendez-vous de {_who(appointment)} du "
                           f"{_when(appointment)} est annulé.")


# --- answers from the back-office inbox ----------------------------------------------------------------
# The inbox speaks members.RequestStatus values: "in_progress", "done" (Traitée), "refused".


@transaction.atomic
def appointment_request_answer(*, appointment_request: AppointmentRequest, status: str, answer: str, actor: User | None,
                               request: HttpRequest | None = None) -> AppointmentRequest:
    """"En cours" takes the request, "Refusée" refuses it with the answer as the reason; "Traitée" needs the
    appointment booked first (from the appointments screen), then only carries the answer."""
    answer = request_answer_clean(status=status, answer=answer)
    appointment_request = AppointmentRequest.objects.select_for_update().get(pk=appointment_request.pk)
    if status == "in_progress":
        request_take(appointment_request=appointment_request, actor=actor, request=request)
    elif status == "refused":
        request_refuse(appointment_request=appointment_request, actor=actor, reason=answer, request=request,
                       notify=False)
    elif appointment_request.status != RequestStatus.PLANNED:  # "done", the one status left
        raise ValidationError("Planifiez d'abord le rendez-vous depuis l'écran « Rendez-vous » : la demande "
                              "sera alors « Planifiée » et l'adhérent reçoit sa convocation.")
    appointment_request.refresh_from_db()
    appointment_request.answer = answer
    appointment_request.save(update_fields=["answer", "updated_at"])
    member_change_record(action="appointments.request_answered", actor=actor, member=appointment_request.member,
                         obj=appointment_request, request=request,
                         summary=f"Réponse à la demande {appointment_request.number} : "
                                 f"{appointment_request.get_status_display()}")
    member_notify(member=appointment_request.member,
                  subject=f"Votre demande de rendez-vous {appointment_request.number} : "
                          f"{appointment_request.get_status_display()}",
                  body=f"Réponse du service :\n{answer}")
    return appointment_request


@transaction.atomic
def cancellation_answer(*, cancellation: CancellationRequest, status: str, answer: str, actor: User | None,
                        request: HttpRequest | None = None) -> CancellationRequest:
    """"Traitée" cancels the appointment (its slot is freed); "En cours" only answers. A request received in
    time is never refused: a late one was refused on arrival."""
    answer = request_answer_clean(status=status, answer=answer)
    if status == "done":
        cancellation_process(cancellation=cancellation, actor=actor, request=request, notify=False)
    elif status == "refused":
        raise ValidationError("Une demande d'annulation reçue dans les délais ne peut pas être refusée : "
                              "choisissez « Traitée » pour annuler le rendez-vous.")
    cancellation.refresh_from_db()
    cancellation.answer = answer
    cancellation.save(update_fields=["answer"])
    member_change_record(action="appointments.cancellation_answered", actor=actor, member=cancellation.member,
                         obj=cancellation, request=request,
                         summary=f"Réponse à la demande d'annulation : {cancellation.get_status_display()}")
    member_notify(member=cancellation.member, subject=f"Votre demande d'annulation : {cancellation.get_status_display()}",
                  body=f"Réponse du service :\n{answer}")
    return cancellation


@transaction.atomic
def appointment_outcome_record(*, appointment: Appointment, actor: User | None, status: str, version: int,
                               request: HttpRequest | None = None) -> None:
    """Optimistic lock: the form carries the version it showed; a concurrent edit wins, this one is refused."""
    if status not in AppointmentStatus.values:
        raise ValidationError("Statut inconnu.")
    version_claim(appointment, version=version,
                  message="Ce rendez-vous a été modifié entre-temps : rechargez la page.")
    previous = appointment.status
    Appointment.objects.filter(pk=appointment.pk).update(status=status, updated_at=timezone.now())
    # A visit held (or no longer held) changes the employee's history: their next due visit moves.
    snapshots_invalidate(employee_ids=[appointment.employee_id])
    member_change_record(action="appointments.outcome", actor=actor, member=appointment.member, obj=appointment,
                         request=request, summary=f"Rendez-vous {appointment.pk} : {AppointmentStatus(status).label}")
    if status != previous:
        label = AppointmentStatus(status).label
        member_notify(member=appointment.member, subject=f"Rendez-vous de {_who(appointment)} : {label}",
                      body=f"Le rendez-vous de {_who(appointment)} du {_when(appointment)} est désormais : {label}.")


@transaction.atomic
def document_upload(*, appointment: Appointment, actor: User | None, kind: str, upload: UploadedFile | None,
                    request: HttpRequest | None = None) -> SharedDocument:
    try:
        clean_pdf_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    if appointment.status != AppointmentStatus.DONE:
        raise ValidationError("Le document se joint à un rendez-vous réalisé.")
    doc = SharedDocument.objects.create(
        member=appointment.member, appointment=appointment, kind=kind, file=upload, uploaded_by=actor
    )
    member_change_record(action="appointments.document_upload", actor=actor, member=appointment.member, obj=doc,
                         request=request, summary=f"Document transmis à l'adhérent : {doc.get_kind_display()}")
    return doc


@transaction.atomic
def slots_generate(*, centre: Centre, professional: TeamMember, first_day: date, last_day: date, weekdays: list[int],
                   start: time, end: time, minutes: int, visit_kinds: list[str], actor: User | None,
                   request: HttpRequest | None = None) -> int:
    """A weekly pattern over a date range: every `minutes` from `start` to `end` on the given weekdays."""
    if last_day < first_day:
        raise ValidationError({"last_day": "La date de fin précède la date de début."})
    if (last_day - first_day).days > 370:
        raise ValidationError({"last_day": "Générez au plus un an de créneaux à la fois."})
    if not 5 <= minutes <= 240:
        raise ValidationError({"minutes": "Durée entre 5 et 240 minutes."})
    created = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            moment = timezone.make_aware(datetime.combine(day, start))
            stop = timezone.make_aware(datetime.combine(day, end))
            while moment + timedelta(minutes=minutes) <= stop:
                created.append(
                    Slot(
                        centre=centre,
                        professional=professional,
                        start=moment,
                        end=moment + timedelta(minutes=minutes),
                        visit_kinds=visit_kinds,
                    )
                )
                moment += timedelta(minutes=minutes)
        day += timedelta(days=1)
    Slot.objects.bulk_create(created)
    event_record(action="appointments.slots_generate", actor=actor, request=request,
                 summary=f"{len(created)} créneau(x) créé(s) pour {professional}")
    return len(created)


REMINDERS = ((7, "reminder_7_sent_at"), (1, "reminder_1_sent_at"))


def reminders_send(*, now: datetime | None = None) -> int:
    """Send the 7-day and 1-day reminders that are due; a sent flag per reminder makes reruns harmless."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    for days, flag in REMINDERS:
        horizon = timezone.make_aware(datetime.combine(today + timedelta(days=days + 1), time()))
        due = Appointment.objects.filter(
            status=AppointmentStatus.PLANNED, start__gt=now, start__lt=horizon, **{f"{flag}__isnull": True}
        ).select_related("member", "employee", "centre")
        for appointment in due:
            # Claim the flag first: a concurrent run cannot send the same reminder twice. Only the staff's page
            # shows the flags: no member page to renew.
            if not Appointment.objects.filter(pk=appointment.pk, **{f"{flag}__isnull": True}).update(**{flag: now}):
                continue
            if days == 7 and (appointment.start - now) < timedelta(days=2):
                continue  # booked at the last minute: the 1-day reminder is enough
            message = reminder_email(appointment, days=days)
            if message is not None:
                message.send()
                sent += 1
            member_notify(member=appointment.member, kind=NoticeKind.CONVOCATION,
                          subject=f"Rappel : rendez-vous de {_who(appointment)} le {_when(appointment)}",
                          body=f"Rendez-vous dans {days} jour{'s' if days > 1 else ''}, le {_when(appointment)}.",
                          url=reverse("appointments:list"), already_emailed=message.to if message is not None else ())
    return sent


@transaction.atomic
def periodic_batch_create(*, member: Member, employees: list[Employee], actor: User | None,
                          request: HttpRequest | None = None) -> AppointmentRequest | None:
    """Staff bulk planning: one "En cours" request gathering a member's periodic visits due in a period."""
    if not employees:
        return None
    obj = AppointmentRequest.objects.create(
        member=member,
        visit_kind=VisitKind.PERIODIC,
        status=RequestStatus.IN_PROGRESS,
        preferred_periods="Planification groupée par le service",
        created_by=actor,
    )
    obj.employees.set(employees)
    member_change_record(action="appointments.periodic_batch", actor=actor, member=member, obj=obj, request=request,
                         summary=f"Planification groupée : {len(employees)} visite(s) périodique(s)")
    return obj
