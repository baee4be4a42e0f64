"""Back office: professionals' weekly availability, its exceptions and the duration of each visit type."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portail.appointments import availability
from portail.appointments.forms import DurationsForm, ExceptionForm, PatternForm
from portail.appointments.models import AvailabilityException, AvailabilityPattern, VisitDuration
from portail.appointments.selectors import exception_conflicts
from portail.audit.idempotency import idempotent
from portail.backoffice.access import has_role, staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.navigation import CARE
from portail.core.fields import add_service_errors

# Durations shape everyone's planning: the doctors and the medical assistants who run it set them.
DURATION_EDITORS = (StaffRole.DOCTOR, StaffRole.MEDICAL_ASSISTANT)


def _rebuilt(request, result: availability.RebuildResult) -> None:
    messages.success(request, f"Enregistré : {result}.")


@staff_required(role=CARE)
def availability_list(request):
    today = timezone.localdate()
    patterns = AvailabilityPattern.objects.select_related("professional", "centre")
    exceptions = list(
        AvailabilityException.objects.filter(last_day__gte=today - timedelta(days=30))
        .select_related("professional", "centre")
        .order_by("first_day", "pk")[:200]
    )
    for exception in exceptions:
        exception.conflicts = exception_conflicts(exception)
    return render(
        request,
        "backoffice/appointments/availability.html",
        {"patterns": patterns, "exceptions": exceptions, "today": today, "horizon": availability.HORIZON_DAYS},
    )


def _pattern_form(request, pattern: AvailabilityPattern | None):
    initial = {name: getattr(pattern, name) for name in availability.PATTERN_FIELDS} if pattern else None
    form = PatternForm(request.POST or None, initial=initial or {"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            pattern, result = availability.pattern_save(actor=request.user, data=form.cleaned_data, pattern=pattern,
                                                        request=request)
        except ValidationError as error:
            add_service_errors(form=form, error=error)
        else:
            _rebuilt(request, result)
            return redirect("backoffice:appointments_availability")
    return render(request, "backoffice/appointments/pattern_form.html", {"form": form, "pattern": pattern})


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
@idempotent
def pattern_create(request):
    return _pattern_form(request, None)


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def pattern_edit(request, pk: int):
    return _pattern_form(request, get_object_or_404(AvailabilityPattern, pk=pk))


def _exception_form(request, exception: AvailabilityException | None):
    initial = {name: getattr(exception, name) for name in availability.EXCEPTION_FIELDS} if exception else None
    form = ExceptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "delete" and exception is not None:
        result = availability.exception_delete(actor=request.user, exception=exception, request=request)
        _rebuilt(request, result)
        return redirect("backoffice:appointments_availability")
    if request.method == "POST" and form.is_valid():
        try:
            exception, result = availability.exception_save(actor=request.user, data=form.cleaned_data,
                                                            exception=exception, request=request)
        except ValidationError as error:
            add_service_errors(form=form, error=error)
        else:
            _rebuilt(request, result)
            return redirect("backoffice:appointments_exception_edit", exception.pk)
    conflicts = exception_conflicts(exception) if exception is not None else []
    return render(
        request,
        "backoffice/appointments/exception_form.html",
        {"form": form, "exception": exception, "conflicts": conflicts},
    )


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
@idempotent
def exception_create(request):
    return _exception_form(request, None)


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def exception_edit(request, pk: int):
    return _exception_form(request, get_object_or_404(AvailabilityException, pk=pk))


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def durations(request):
    rows = list(VisitDuration.objects.all())
    can_edit = has_role(request.user, DURATION_EDITORS)
    form = DurationsForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = availability.durations_update(actor=request.user, minutes=form.minutes(), request=request)
            except ValidationError as error:
                add_service_errors(form=form, error=error)
            else:
                messages.success(request, f"{changed} durée(s) modifiée(s).")
                return redirect("backoffice:appointments_durations")
    return render(request, "backoffice/appointments/durations.html", {"form": form, "can_edit": can_edit})
