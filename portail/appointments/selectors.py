"""Reads on appointments; portal callers always pass the member."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portail.appointments.models import (
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentSettings,
    AppointmentStatus,
    CancellationRequest,
    CancellationStatus,
    SharedDocument,
    Slot,
)
from portail.appointments.rules import CancellationLimit, cancellation_limit


def settings_get() -> AppointmentSettings:
    obj, _ = AppointmentSettings.objects.get_or_create(pk=1)
    return obj


def appointment_limit(appointment: Appointment, *, config: AppointmentSettings | None = None) -> CancellationLimit:
    config = config or settings_get()
    return cancellation_limit(
        start=appointment.start,
        centre=appointment.centre,
        days=config.cancellation_days,
        cutoff_hour=config.cutoff_hour,
    )


def _appointments(member) -> QuerySet[Appointment]:
    return Appointment.objects.filter(member=member).select_related("employee", "centre", "professional")


def upcoming_appointments(*, member, now: datetime | None = None,
                          config: AppointmentSettings | None = None) -> list[Appointment]:
    """Planned appointments to come, each with its cancellation limit and the status of the
    latest cancellation request made for it (annotated: one query for the whole list)."""
    now = now or timezone.now()
    latest_cancellation = CancellationRequest.objects.filter(appointment=OuterRef("pk")).order_by("-created_at", "-pk")
    rows = list(
        _appointments(member)
        .filter(status=AppointmentStatus.PLANNED, start__gte=now)
        .annotate(cancellation_status=Subquery(latest_cancellation.values("status")[:1]))
        .order_by("start", "pk")
    )
    config = config or settings_get()
    for row in rows:
        row.limit = appointment_limit(row, config=config)
        row.cancellation_label = (
            CancellationStatus(row.cancellation_status).label if row.cancellation_status else ""
        )
    return rows


def past_appointments(*, member, now: datetime | None = None, limit: int = 50) -> list[Appointment]:
    now = now or timezone.now()
    return list(
        _appointments(member).filter(start__lt=now).prefetch_related("documents").order_by("-start", "-pk")[:limit]
    )


def open_requests(*, member) -> QuerySet[AppointmentRequest]:
    return (
        AppointmentRequest.objects.filter(member=member)
        .exclude(status__in=("planifiee",))
        .prefetch_related("employees")
        .order_by("-created_at", "-pk")[:50]
    )


def request_get(*, member, pk: int) -> AppointmentRequest:
    return get_object_or_404(AppointmentRequest.objects.filter(member=member), pk=pk)


def appointment_get(*, member, pk: int) -> Appointment:
    return get_object_or_404(_appointments(member), pk=pk)


def cancellable_appointments(*, member, now: datetime | None = None) -> QuerySet[Appointment]:
    now = now or timezone.now()
    return (
        _appointments(member)
        .filter(status=AppointmentStatus.PLANNED, start__gte=now)
        .exclude(cancellations__status=CancellationStatus.RECEIVED)
        .order_by("start", "pk")
    )


def cancellations_for(*, member) -> QuerySet[CancellationRequest]:
    return (
        CancellationRequest.objects.filter(member=member)
        .select_related("appointment__employee")
        .order_by("-created_at", "-pk")[:50]
    )


def document_get(*, member, pk: int) -> SharedDocument:
    return get_object_or_404(SharedDocument.objects.filter(member=member), pk=pk)


def next_appointment_for(employees: Iterable) -> dict[int, datetime]:
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


def open_request_employee_ids(*, member) -> set[int]:
    return set(
        AppointmentRequest.employees.through.objects.filter(
            appointmentrequest__member=member, appointmentrequest__status__in=OPEN_REQUEST_STATUSES
        ).values_list("employee_id", flat=True)
    )


def visits_held_counts(*, member, year: int) -> list[tuple[str, str, int]]:
    from django.db.models import Count

    return list(
        Appointment.objects.filter(member=member, start__year=year)
        .values_list("visit_kind", "status")
        .annotate(n=Count("pk"))
        .order_by("visit_kind", "status")
    )


# --- staff (scopes disabled under /gestion/) -------------------------------------------------------


def staff_free_slots(*, kind: str = "", start: datetime | None = None) -> list[Slot]:
    start = start or timezone.now()
    slots = (
        Slot.objects.filter(start__gte=start)
        .exclude(appointments__status=AppointmentStatus.PLANNED)
        .select_related("centre", "professional")
        .order_by("start", "pk")[:200]
    )
    return [s for s in slots if not kind or s.accepts(kind)]
