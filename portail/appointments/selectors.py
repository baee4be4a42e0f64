"""Reads on appointments; portal callers always pass the member."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, DateTimeField, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portail.appointments.models import (
    DEFAULT_MINUTES,
    DURATION_BY_CATEGORY,
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentSettings,
    AppointmentStatus,
    AvailabilityException,
    CancellationRequest,
    CancellationStatus,
    ExceptionKind,
    SharedDocument,
    Slot,
    VisitDuration,
)
from portail.appointments.rules import CancellationLimit, cancellation_limit
from portail.members.freshness import shared_cached
from portail.members.selectors import service_branding

if TYPE_CHECKING:
    from portail.members.models import Centre, Member, TeamMember
    from portail.workforce.models import Employee


def settings_get() -> AppointmentSettings:
    """The cancellation rules, read by the home page and tab 2.6 on every view: kept with the service's settings
    (see members/freshness.py), which rules_section_save renews."""
    return shared_cached(name="appointment-settings", compute=_settings_read)


def _settings_read() -> AppointmentSettings:
    return AppointmentSettings.objects.get_or_create(pk=1)[0]


def appointment_limit(appointment: Appointment, *, config: AppointmentSettings | None = None) -> CancellationLimit:
    config = config or settings_get()
    return cancellation_limit(
        start=appointment.start,
        centre=appointment.centre,
        days=config.cancellation_days,
        cutoff_hour=config.cutoff_hour,
    )


def service_contact_text() -> str:
    """How to reach the service when a cancellation can no longer be asked online: "au 04 91 00 00 00 ou à
    hotline@…" (the Service record's phone and hotline e-mail; either may be missing)."""
    branding = service_branding()
    ways = [f"au {branding.phone}" if branding.phone else "", f"à {branding.hotline_email}" if branding.hotline_email
            else ""]
    return " ou ".join(w for w in ways if w) or "par votre secrétariat médical"


def cancellation_too_late_message(limit: CancellationLimit) -> str:
    return (f"Délai dépassé : l'annulation de ce rendez-vous pouvait être demandée en ligne jusqu'au {limit.label}. "
            f"Pour toute demande, contactez le service {service_contact_text()}.")


def _appointments(member: Member) -> QuerySet[Appointment]:
    return Appointment.objects.filter(member=member).select_related("employee", "centre", "professional")


# What a list shows of an appointment's employee, professional and centre (appointments/list.html, the cancellation
# limit, the API): a query that names these columns instead of three whole models costs a fraction to build and read.
_LISTED_PEOPLE = ("employee__first_name", "employee__birth_name", "professional__role", "professional__first_name",
                  "professional__last_name", "centre__name", "centre__address_line1", "centre__address_line2",
                  "centre__postal_code", "centre__city", "centre__calendar_region")
_APPOINTMENT_FIELDS = tuple(field.name for field in Appointment._meta.concrete_fields)


def _appointments_listed(member: Member) -> QuerySet[Appointment]:
    return _appointments(member).only(*_APPOINTMENT_FIELDS, *_LISTED_PEOPLE)


def upcoming_appointments(*, member: Member, now: datetime | None = None,
                          config: AppointmentSettings | None = None) -> list[Appointment]:
    """Planned appointments to come, each with its cancellation limit and the status of the
    latest cancellation request made for it (annotated: one query for the whole list)."""
    now = now or timezone.now()
    latest_cancellation = CancellationRequest.objects.filter(appointment=OuterRef("pk")).order_by("-created_at", "-pk")
    rows: list[Appointment] = list(
        _appointments_listed(member)
        .filter(status=AppointmentStatus.PLANNED, start__gte=now)
        .annotate(cancellation_status=Subquery(latest_cancellation.values("status")[:1]))
        .order_by("start", "pk")
    )
    config = config or settings_get()
    for row in rows:
        row.limit = appointment_limit(row, config=config)
        row.cancellable = row.limit.allows(now)
        status = getattr(row, "cancellation_status", None)  # annotated by the query above
        row.cancellation_label = CancellationStatus(status).label if status else ""
    return rows


def upcoming_summary(*, member: Member, now: datetime) -> tuple[int, datetime | None]:
    """How many planned appointments are to come, and when the first one starts (the home tile)."""
    found = (Appointment.objects.filter(member=member, status=AppointmentStatus.PLANNED, start__gte=now)
             .aggregate(n=Count("pk"), first=Min("start")))
    return found["n"], found["first"]


PAST_SHOWN = 10  # the tab shows the latest ones; all of them are a page away (`past_appointments_page`)
PAST_PAGE_SIZE = 50


def _past(member: Member, now: datetime | None) -> QuerySet[Appointment]:
    return (_appointments_listed(member).filter(start__lt=now or timezone.now()).prefetch_related("documents")
            .order_by("-start", "-pk"))


def past_appointments(*, member: Member, now: datetime | None = None, limit: int = 50) -> list[Appointment]:
    return list(_past(member, now)[:limit])


def past_appointments_page(*, member: Member, page: str | None, now: datetime | None = None) -> Page[Appointment]:
    """One page of all the member's past appointments, the latest first: the documents the service shared after an
    old visit stay within reach however many visits came since (`page`: any text, as `Paginator.get_page`)."""
    return Paginator(_past(member, now), PAST_PAGE_SIZE).get_page(page)


def open_requests(*, member: Member) -> QuerySet[AppointmentRequest]:
    return (
        AppointmentRequest.objects.filter(member=member)
        .exclude(status__in=("planifiee",))
        .prefetch_related("employees")
        .order_by("-created_at", "-pk")[:50]
    )


def request_get(*, member: Member, pk: int) -> AppointmentRequest:
    appointment_request: AppointmentRequest = get_object_or_404(AppointmentRequest.objects.filter(member=member), pk=pk)
    return appointment_request


def appointment_get(*, member: Member, pk: int) -> Appointment:
    appointment: Appointment = get_object_or_404(_appointments(member), pk=pk)
    return appointment


def cancellable_appointments(*, member: Member, now: datetime | None = None) -> QuerySet[Appointment]:
    now = now or timezone.now()
    return (
        _appointments(member)
        .filter(status=AppointmentStatus.PLANNED, start__gte=now)
        .exclude(cancellations__status=CancellationStatus.RECEIVED)
        .order_by("start", "pk")
    )


def cancellations_for(*, member: Member) -> QuerySet[CancellationRequest]:
    return (
        CancellationRequest.objects.filter(member=member)
        .select_related("appointment__employee")
        .only("created_at", "status", "appointment", "appointment__start", "appointment__employee", "appointment__employee__first_name",
              "appointment__employee__birth_name")
        .order_by("-created_at", "-pk")[:50]
    )


def document_get(*, member: Member, pk: int) -> SharedDocument:
    document: SharedDocument = get_object_or_404(SharedDocument.objects.filter(member=member), pk=pk)
    return document


def next_appointment_start() -> Subquery:
    """Start of the employee's next planned appointment, as a column of an `Employee` query: the rule of
    `next_appointment_for` (tests compare them), one probe of the appointment_employee_next index per row."""
    upcoming = Appointment.objects.filter(
        employee=OuterRef("pk"), status=AppointmentStatus.PLANNED, start__gte=timezone.now()
    ).order_by("start")
    return Subquery(upcoming.values("start")[:1], output_field=DateTimeField())


def next_appointment_for(employees: Iterable[Employee]) -> dict[int, datetime]:
    """Employee id → start of their next planned appointment; one query for a whole list page."""
    ids = [e.pk for e in employees]
    if not ids:
        return {}
    rows = (
        Appointment.objects.filter(employee_id__in=ids, status=AppointmentStatus.PLANNED, start__gte=timezone.now())
        .values("employee_id")
        .annotate(first=Min("start"))
    )
    return {row["employee_id"]: row["first"] for row in rows}


def open_request_employee_ids(*, member: Member) -> set[int]:
    return set(
        AppointmentRequest.employees.through.objects.filter(
            appointmentrequest__member=member, appointmentrequest__status__in=OPEN_REQUEST_STATUSES
        ).values_list("employee_id", flat=True)
    )


def visits_held_counts(*, member: Member, year: int) -> list[tuple[str, str, int]]:
    return list(
        Appointment.objects.filter(member=member, start__year=year)
        .values_list("visit_kind", "status")
        .annotate(n=Count("pk"))
        .order_by("visit_kind", "status")
    )


# --- staff (scopes disabled under /gestion/) -------------------------------------------------------


def booked_slot_filter() -> Q:
    """A slot is booked when a planned appointment holds it or overlaps it (a visit longer than one step)."""
    held = Appointment.objects.filter(slot=OuterRef("pk"), status=AppointmentStatus.PLANNED)
    overlapping = Appointment.objects.filter(
        professional=OuterRef("professional"),
        status=AppointmentStatus.PLANNED,
        start__lt=OuterRef("end"),
        end__gt=OuterRef("start"),
    )
    return Q(Exists(held)) | Q(Exists(overlapping))


def visit_minutes(*, kind: str, reinforced: bool) -> int:
    """The duration staff set for a visit type; SIR only matters for hiring and periodic visits."""
    key = (kind, reinforced and kind in DURATION_BY_CATEGORY)
    row = VisitDuration.objects.filter(visit_kind=key[0], reinforced=key[1]).values_list("minutes", flat=True).first()
    return row or DEFAULT_MINUTES.get(key, 30)


def request_minutes(appointment_request: AppointmentRequest) -> int:
    """The longest visit among the request's employees: a slot offered must fit each of them."""
    categories = {e.category for e in appointment_request.employees.all()} or {"SI"}
    return max(visit_minutes(kind=appointment_request.visit_kind, reinforced=c == "SIR") for c in categories)


def _fits(slot: Slot, run_end: datetime, minutes: int) -> bool:
    return (run_end - slot.start).total_seconds() >= minutes * 60


def staff_free_slots(*, kind: str = "", start: datetime | None = None, minutes: int = 0,
                     limit: int = 200, professional: TeamMember | None = None, centre: Centre | None = None,
                     roles: Iterable[str] = ()) -> list[Slot]:
    """Free slots accepting the kind from which `minutes` of consecutive free slots follow (of one professional
    and one centre when given, of professionals holding one of `roles` when given)."""
    start = start or timezone.now()
    free = Slot.objects.filter(start__gte=start).exclude(booked_slot_filter())
    if roles:
        free = free.filter(professional__role__in=list(roles))
    if professional is not None:
        free = free.filter(professional=professional)
    if centre is not None:
        free = free.filter(centre=centre)
    # The soonest free steps of everyone (a visit takes several), grouped per person in Python.
    slots = list(free.select_related("centre", "professional").order_by("start", "pk")[: limit * 20])
    slots = sorted((s for s in slots if not kind or s.accepts(kind)),
                   key=lambda s: (s.professional_id, s.centre_id, s.start, s.pk))
    # Walk each professional's run of contiguous slots backwards to know where each run ends.
    run_end: dict[int, datetime] = {}
    for index in range(len(slots) - 1, -1, -1):
        slot, following = slots[index], slots[index + 1] if index + 1 < len(slots) else None
        contiguous = (
            following is not None
            and following.professional_id == slot.professional_id
            and following.centre_id == slot.centre_id
            and following.start == slot.end
        )
        run_end[slot.pk] = run_end[following.pk] if following is not None and contiguous else slot.end
    fitting = [s for s in slots if _fits(s, run_end[s.pk], minutes)]
    fitting.sort(key=lambda s: (s.start, s.pk))
    return fitting[:limit]


def free_ranges(slots: Iterable[Slot]) -> list[dict[str, Any]]:
    """Contiguous free slots merged into "libre de 9 h à 12 h" rows for the planning view."""
    ranges: list[dict[str, Any]] = []
    for slot in sorted(slots, key=lambda s: (s.professional_id, s.centre_id, s.start)):
        last = ranges[-1] if ranges else None
        if last and last["professional"].pk == slot.professional_id and last["centre"].pk == slot.centre_id \
                and last["end"] == slot.start:
            last["end"] = slot.end
            last["count"] += 1
        else:
            ranges.append({"professional": slot.professional, "centre": slot.centre, "start": slot.start,
                           "end": slot.end, "count": 1})
    ranges.sort(key=lambda r: (r["start"], r["professional"].pk))
    return ranges


def exceptions_between(*, first: date, last: date) -> QuerySet[AvailabilityException]:
    return (
        AvailabilityException.objects.filter(first_day__lte=last, last_day__gte=first)
        .select_related("professional", "centre")
        .order_by("first_day", "pk")
    )


def exception_conflicts(exception: AvailabilityException) -> list[Appointment]:
    """Planned appointments under an unavailability: kept, and listed for staff to re-plan."""
    if exception.kind != ExceptionKind.UNAVAILABLE:
        return []
    from datetime import time, timedelta

    begin = timezone.make_aware(datetime.combine(exception.first_day, time()))
    end = timezone.make_aware(datetime.combine(exception.last_day + timedelta(days=1), time()))
    rows = Appointment.objects.filter(
        professional=exception.professional, status=AppointmentStatus.PLANNED, start__lt=end, end__gt=begin
    ).select_related("member", "employee", "centre")
    if exception.centre_id:
        rows = rows.filter(centre_id=exception.centre_id)
    if exception.start_time is None or exception.end_time is None:  # the whole day
        return list(rows.order_by("start"))
    return [
        a for a in rows.order_by("start")
        if timezone.localtime(a.start).time() < exception.end_time
        and timezone.localtime(a.end).time() > exception.start_time
    ]
