"""Writes on availability: weekly patterns, exceptions, visit durations, and the slots they produce.

Design: a pattern is cut into short steps (10 minutes by default) and a visit of a type takes as
many consecutive free steps as its duration needs (`appointment_book`). We chose this over one
set of slots per visit type because one professional's morning would otherwise need one
overlapping grid per duration, each booking having to remove the overlapping slots of every
other grid; with steps, "free" is simply "no planned appointment of this professional overlaps".

Slots are derived data: `slots_rebuild` deletes the free generated slots of a professional over a
range and generates them again from the patterns and exceptions; it never touches a booked slot,
so any edit (pattern, exception) is one call to it and reruns are harmless. Booked appointments an
unavailability falls on are not deleted: `exception_conflicts` lists them for staff to re-plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portail.appointments.models import (
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityPattern,
    ExceptionKind,
    Slot,
    SlotSource,
    VisitDuration,
)
from portail.appointments.rules import centre_region
from portail.appointments.selectors import booked_slot_filter
from portail.audit.services import event_record
from portail.core.business_days import holidays_for
from portail.members.models import TeamMember

# How far ahead patterns are turned into slots; the daily `slots_extend` command moves it on.
HORIZON_DAYS = 84
MAX_RANGE_DAYS = 400

Interval = tuple[datetime, datetime]


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _day_window(day: date, start: time | None, end: time | None) -> Interval:
    if start is None or end is None:
        return _aware(day, time()), _aware(day + timedelta(days=1), time())
    return _aware(day, start), _aware(day, end)


def _overlaps(interval: Interval, others: list[Interval]) -> bool:
    return any(interval[0] < other[1] and other[0] < interval[1] for other in others)


@dataclass(frozen=True)
class _Window:
    centre_id: int
    start: datetime
    end: datetime
    step: int
    kinds: list
    source: str


def _windows(day: date, patterns: list, openings: list, closed: dict[int, frozenset]) -> list[_Window]:
    # Patterns skip the centre's public holidays; an extra opening is a deliberate choice and does not.
    windows = [
        _Window(p.centre_id, _aware(day, p.start_time), _aware(day, p.end_time), p.step_minutes,
                p.visit_kinds, SlotSource.PATTERN)
        for p in patterns
        if p.applies_on(day) and day not in closed[p.centre_id]
    ]
    for o in openings:
        if o.covers(day) and not o.whole_day and o.centre_id:
            start, end = _day_window(day, o.start_time, o.end_time)
            windows.append(_Window(o.centre_id, start, end, o.step_minutes, [], SlotSource.OPENING))
    return windows


def _blocked(day: date, centre_id: int, unavailable: list) -> list[Interval]:
    return [
        _day_window(day, u.start_time, u.end_time)
        for u in unavailable
        if u.covers(day) and (u.centre_id is None or u.centre_id == centre_id)
    ]


@dataclass(frozen=True)
class RebuildResult:
    created: int
    removed: int

    def __str__(self) -> str:
        return f"{self.created} créneau(x) créé(s), {self.removed} retiré(s)"


def slots_rebuild(*, professional, first_day: date, last_day: date) -> RebuildResult:
    """Regenerate the professional's free slots over [first_day, last_day] from patterns minus exceptions."""
    with transaction.atomic():
        start, stop = _aware(first_day, time()), _aware(last_day + timedelta(days=1), time())
        in_range = Slot.objects.filter(professional=professional, start__gte=start, start__lt=stop)
        free = in_range.exclude(booked_slot_filter())
        removed = free.filter(source__in=(SlotSource.PATTERN, SlotSource.OPENING)).delete()[0]
        patterns = list(
            AvailabilityPattern.objects.filter(professional=professional, valid_from__lte=last_day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
            .select_related("centre")
        )
        closed = _public_holidays(patterns, first_day, last_day)
        exceptions = list(
            AvailabilityException.objects.filter(
                professional=professional, first_day__lte=last_day, last_day__gte=first_day
            )
        )
        unavailable = [e for e in exceptions if e.kind == ExceptionKind.UNAVAILABLE]
        openings = [e for e in exceptions if e.kind == ExceptionKind.OPENING]
        taken = _taken_by_day(professional, start, stop)
        created = []
        day = first_day
        while day <= last_day:
            for window in _windows(day, patterns, openings, closed):
                created += _cut(window, blocked=_blocked(day, window.centre_id, unavailable), taken=taken[day],
                                professional=professional)
            day += timedelta(days=1)
        Slot.objects.bulk_create(created)
        removed += _remove_unavailable(professional, unavailable, first_day, last_day)
    return RebuildResult(created=len(created), removed=removed)


def _public_holidays(patterns: list, first_day: date, last_day: date) -> dict[int, frozenset]:
    years = range(first_day.year, last_day.year + 1)
    return {p.centre_id: holidays_for(years=years, region=centre_region(p.centre)) for p in patterns}


def _taken_by_day(professional, start: datetime, stop: datetime) -> dict[date, list[Interval]]:
    """What new slots must not overlap: the slots kept (booked or manual) and planned appointments."""
    taken: dict[date, list[Interval]] = defaultdict(list)
    kept = Slot.objects.filter(professional=professional, start__gte=start, start__lt=stop).values_list("start", "end")
    held = Appointment.objects.filter(
        professional=professional, status=AppointmentStatus.PLANNED, start__lt=stop, end__gt=start
    ).values_list("start", "end")
    for begin, end in [*kept, *held]:
        taken[timezone.localtime(begin).date()].append((begin, end))
    return taken


def _cut(window: _Window, *, blocked: list[Interval], taken: list[Interval], professional) -> list[Slot]:
    slots = []
    moment, step = window.start, timedelta(minutes=window.step)
    while moment + step <= window.end:
        interval = (moment, moment + step)
        if not _overlaps(interval, blocked) and not _overlaps(interval, taken):
            slots.append(Slot(centre_id=window.centre_id, professional=professional, start=moment,
                              end=moment + step, visit_kinds=window.kinds, source=window.source))
            taken.append(interval)
        moment += step
    return slots


def _remove_unavailable(professional, unavailable: list, first_day: date, last_day: date) -> int:
    """An unavailability removes every free slot under it, manual ones included."""
    removed = 0
    for exception in unavailable:
        day = max(exception.first_day, first_day)
        while day <= min(exception.last_day, last_day):
            begin, end = _day_window(day, exception.start_time, exception.end_time)
            qs = Slot.objects.filter(professional=professional, start__lt=end, end__gt=begin)
            if exception.centre_id:
                qs = qs.filter(centre_id=exception.centre_id)
            removed += qs.exclude(booked_slot_filter()).delete()[0]
            day += timedelta(days=1)
    return removed


def _horizon(first: date, last: date | None, *, today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    end = today + timedelta(days=HORIZON_DAYS)
    return max(first, today), min(last, end) if last else end


# --- patterns -------------------------------------------------------------------------------------

PATTERN_FIELDS = ("professional", "centre", "weekdays", "start_time", "end_time", "valid_from", "valid_until",
                  "step_minutes", "visit_kinds")


def _pattern_check(pattern: AvailabilityPattern) -> None:
    errors: dict[str, str] = {}
    if pattern.end_time <= pattern.start_time:
        errors["end_time"] = "L'heure de fin doit suivre l'heure de début."
    if pattern.valid_until and pattern.valid_until < pattern.valid_from:
        errors["valid_until"] = "La date de fin précède la date de début."
    if not pattern.weekdays:
        errors["weekdays"] = "Choisissez au moins un jour."
    if not 5 <= pattern.step_minutes <= 120:
        errors["step_minutes"] = "Pas entre 5 et 120 minutes."
    if errors:
        raise ValidationError(errors)
    others = AvailabilityPattern.objects.filter(
        professional=pattern.professional, start_time__lt=pattern.end_time, end_time__gt=pattern.start_time
    ).exclude(pk=pattern.pk)
    if pattern.valid_until:
        others = others.filter(valid_from__lte=pattern.valid_until)
    others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=pattern.valid_from))
    clash = next((o for o in others if set(o.weekdays) & set(pattern.weekdays)), None)
    if clash is not None:
        # One person cannot be in two places: overlapping patterns would double-book them.
        raise ValidationError({"start_time": f"Ces horaires chevauchent une autre disponibilité ({clash})."})


@transaction.atomic
def pattern_save(*, actor, data: dict[str, Any], pattern: AvailabilityPattern | None = None,
                 request=None) -> tuple[AvailabilityPattern, RebuildResult]:
    """Create or change a weekly pattern, then rebuild the professional's slots over the horizon."""
    creating = pattern is None
    pattern = pattern or AvailabilityPattern()
    before = (pattern.professional, pattern.valid_from, pattern.valid_until) if not creating else None
    for name in PATTERN_FIELDS:
        setattr(pattern, name, data[name])
    pattern.weekdays = sorted(int(d) for d in pattern.weekdays)
    _pattern_check(pattern)
    pattern.save()
    first, last = _horizon(pattern.valid_from, pattern.valid_until)
    if before is not None:
        # A shortened or moved pattern must also clear the days it no longer covers.
        old_first, old_last = _horizon(before[1], before[2])
        first, last = min(first, old_first), max(last, old_last)
        if before[0] != pattern.professional:
            slots_rebuild(professional=before[0], first_day=old_first, last_day=old_last)
    result = slots_rebuild(professional=pattern.professional, first_day=first, last_day=last)
    event_record(action="appointments.pattern_create" if creating else "appointments.pattern_update", actor=actor,
                 obj=pattern, request=request, summary=f"Disponibilité {pattern} : {result}")
    return pattern, result


# --- exceptions -----------------------------------------------------------------------------------

EXCEPTION_FIELDS = ("professional", "centre", "kind", "reason", "first_day", "last_day", "start_time", "end_time",
                    "step_minutes", "comment")


def _exception_check(exception: AvailabilityException) -> None:
    errors: dict[str, str] = {}
    if exception.last_day < exception.first_day:
        errors["last_day"] = "La date de fin précède la date de début."
    elif (exception.last_day - exception.first_day).days > MAX_RANGE_DAYS:
        errors["last_day"] = "Une exception couvre au plus un an."
    if (exception.start_time is None) != (exception.end_time is None):
        errors["end_time"] = "Indiquez les deux heures, ou aucune pour la journée entière."
    elif exception.start_time and exception.end_time and exception.end_time <= exception.start_time:
        errors["end_time"] = "L'heure de fin doit suivre l'heure de début."
    if exception.kind == ExceptionKind.OPENING:
        if exception.centre_id is None:
            errors["centre"] = "Choisissez le centre de l'ouverture exceptionnelle."
        if exception.start_time is None:
            errors.setdefault("start_time", "Indiquez les heures de l'ouverture exceptionnelle.")
    elif not exception.reason:
        errors["reason"] = "Choisissez le motif de l'indisponibilité."
    if not 5 <= exception.step_minutes <= 120:
        errors["step_minutes"] = "Pas entre 5 et 120 minutes."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def exception_save(*, actor, data: dict[str, Any], exception: AvailabilityException | None = None,
                   request=None) -> tuple[AvailabilityException, RebuildResult]:
    """Record an unavailability or an extra opening; free slots under an unavailability go at once."""
    creating = exception is None
    exception = exception or AvailabilityException(created_by=actor)
    before = (exception.professional, exception.first_day, exception.last_day) if not creating else None
    for name in EXCEPTION_FIELDS:
        setattr(exception, name, data.get(name))
    exception.reason = exception.reason or ""
    exception.comment = exception.comment or ""
    exception.step_minutes = exception.step_minutes or 10
    _exception_check(exception)
    exception.save()
    if before is not None:
        slots_rebuild(professional=before[0], first_day=before[1], last_day=before[2])
    result = slots_rebuild(professional=exception.professional, first_day=exception.first_day,
                           last_day=exception.last_day)
    event_record(action="appointments.exception_create" if creating else "appointments.exception_update",
                 actor=actor, obj=exception, request=request, summary=f"{exception} : {result}")
    return exception, result


@transaction.atomic
def exception_delete(*, actor, exception: AvailabilityException, request=None) -> RebuildResult:
    """Withdraw an exception: the patterns' slots come back (or the extra opening's go)."""
    professional, first, last = exception.professional, exception.first_day, exception.last_day
    summary = f"{exception} supprimée"
    exception.delete()
    result = slots_rebuild(professional=professional, first_day=first, last_day=last)
    event_record(action="appointments.exception_delete", actor=actor, request=request, summary=summary)
    return result


def slots_extend(*, today: date | None = None) -> int:
    """Daily: keep HORIZON_DAYS of slots ahead for every professional with a current pattern."""
    today = today or timezone.localdate()
    people = (
        AvailabilityPattern.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("professional", flat=True)
        .distinct()
    )
    created = 0
    for professional in TeamMember.objects.filter(pk__in=list(people)):
        created += slots_rebuild(
            professional=professional, first_day=today, last_day=today + timedelta(days=HORIZON_DAYS)
        ).created
    return created


# --- durations ------------------------------------------------------------------------------------


@transaction.atomic
def durations_update(*, actor, minutes: dict[int, int], request=None) -> int:
    """Staff set the length of each visit type; bookings made afterwards use it."""
    changed = 0
    for row in VisitDuration.objects.select_for_update().filter(pk__in=list(minutes)):
        value = minutes[row.pk]
        if not 5 <= value <= 240:
            raise ValidationError({f"minutes_{row.pk}": "Durée entre 5 et 240 minutes."})
        if row.minutes != value:
            row.minutes = value
            row.save(update_fields=["minutes"])
            changed += 1
    if changed:
        event_record(action="appointments.durations_update", actor=actor, request=request,
                     summary=f"{changed} durée(s) de visite modifiée(s)")
    return changed

