"""Back office of appointments under /gestion/rendez-vous/ (staff only, scopes disabled by the middleware)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portail.appointments import services
from portail.appointments.booking_forms import StaffInvitationForm
from portail.appointments.booking_services import invitation_create
from portail.appointments.compliance import due_for_employee, periodic_due_between
from portail.appointments.forms import (
    BookForm,
    DocumentForm,
    MoveForm,
    OutcomeForm,
    RefuseForm,
    SlotFilterForm,
    SlotPatternForm,
)
from portail.appointments.models import (
    OPEN_REQUEST_STATUSES,
    Appointment,
    AppointmentRequest,
    CancellationRequest,
    CancellationStatus,
    Slot,
)
from portail.appointments.planner import late_cancellations, picker_slots
from portail.appointments.selectors import (
    booked_slot_filter,
    exception_conflicts,
    exceptions_between,
    free_ranges,
    request_minutes,
)
from portail.backoffice.access import staff_required
from portail.backoffice.navigation import CARE
from portail.backoffice.permissions import roles_for
from portail.backoffice.views import refusal_told
from portail.backoffice.views.planner import day_or_today
from portail.core.fields import add_service_errors
from portail.core.formatting import count_fr
from portail.core.links import public_url
from portail.members.models import Member
from portail.workforce.models import Employee


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def request_urgency(appointment_request: AppointmentRequest) -> date | None:
    """The earliest legal deadline among the request's employees (None: no visit due by law)."""
    deadlines = []
    for employee in appointment_request.employees.all():
        due = due_for_employee(employee=employee)
        if due is not None and due.due_by is not None:
            deadlines.append(due.due_by)
    return min(deadlines, default=None)


@staff_required(role=roles_for("appointment_request"))
def queue(request):
    rows = list(
        AppointmentRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
        .select_related("member")
        .prefetch_related("employees")[:300]
    )
    for row in rows:
        row.urgency = request_urgency(row)
    # Most urgent legal deadline first, then the oldest request.
    rows.sort(key=lambda r: (r.urgency or date.max, r.created_at))
    pending = CancellationRequest.objects.filter(status=CancellationStatus.RECEIVED).count()
    return render(request, "backoffice/appointments/queue.html", {"rows": rows, "pending_cancellations": pending})


@staff_required(role=roles_for("appointment_request"))
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    req: AppointmentRequest = get_object_or_404(AppointmentRequest.objects.select_related("member"), pk=pk)
    minutes = request_minutes(req)
    slot_filter = SlotFilterForm(request.GET or None)
    slots = picker_slots(kind=req.visit_kind, minutes=minutes, **slot_filter.filters())
    book_form = BookForm(appointment_request=req, slots=slots)
    refuse_form = RefuseForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "take":
                services.request_take(appointment_request=req, actor=request.user, request=request)
                messages.success(request, "Demande prise en charge.")
                return redirect("backoffice:appointments_request", pk)
            if action == "refuse":
                refuse_form = RefuseForm(request.POST)
                if refuse_form.is_valid():
                    services.request_refuse(
                        appointment_request=req,
                        actor=request.user,
                        reason=refuse_form.cleaned_data["reason"],
                        request=request,
                    )
                    messages.success(request, "Demande refusée.")
                    return redirect("backoffice:appointments_queue")
            if action == "book":
                book_form = BookForm(request.POST, appointment_request=req, slots=slots)
                if book_form.is_valid():
                    services.appointment_book(
                        appointment_request=req,
                        employee=book_form.cleaned_data["employee"],
                        slot_id=book_form.cleaned_data["slot"],
                        actor=request.user,
                        request=request,
                    )
                    messages.success(request, "Rendez-vous planifié ; la convocation est envoyée.")
                    return redirect("backoffice:appointments_request", pk)
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return render(
        request,
        "backoffice/appointments/request.html",
        {
            "req": req,
            "book_form": book_form,
            "refuse_form": refuse_form,
            "urgency": request_urgency(req),
            "minutes": minutes,
            "slot_filter": slot_filter,
        },
    )


@staff_required(role=roles_for("cancellation"))
@require_http_methods(["GET", "POST"])
def cancellations(request):
    if request.method == "POST":
        raw = request.POST.get("cancellation") or ""
        # ASCII and bounded: int() refuses "²" and thousands of digits (Python's integer string limit).
        cancellation = get_object_or_404(CancellationRequest,
                                         pk=int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0)
        with refusal_told(request):
            services.cancellation_process(cancellation=cancellation, actor=request.user, request=request)
            messages.success(request, "Rendez-vous annulé ; le créneau est de nouveau libre.")
        return redirect("backoffice:appointments_cancellations")
    rows = (
        CancellationRequest.objects.filter(status=CancellationStatus.RECEIVED)
        .select_related("member", "appointment__employee", "appointment__centre")
        .order_by("created_at")
    )
    return render(request, "backoffice/appointments/cancellations.html",
                  {"rows": rows, "late": late_cancellations()})


@staff_required(role=CARE)
def planning(request):
    first = day_or_today(request.GET.get("jour"))
    span = 7 if request.GET.get("vue") == "semaine" else 1
    start = timezone.make_aware(datetime.combine(first, time()))
    stop = start + timedelta(days=span)
    appointments = (
        Appointment.objects.filter(start__gte=start, start__lt=stop)
        .select_related("member", "employee", "centre", "professional")
        .order_by("start")
    )
    free = (
        Slot.objects.filter(start__gte=start, start__lt=stop)
        .exclude(booked_slot_filter())
        .select_related("centre", "professional")
        .order_by("start")
    )
    exceptions = list(exceptions_between(first=first, last=first + timedelta(days=span - 1)))
    for exception in exceptions:
        exception.conflicts = exception_conflicts(exception)
    return render(
        request,
        "backoffice/appointments/planning.html",
        {
            "appointments": appointments,
            "free": free_ranges(free),
            "exceptions": exceptions,
            "first": first,
            "span": span,
            "previous": first - timedelta(days=span),
            "next": first + timedelta(days=span),
        },
    )


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def appointment_detail(request, pk: int):
    appointment: Appointment = get_object_or_404(
        Appointment.objects.select_related("member", "employee", "centre"), pk=pk
    )
    outcome_form = OutcomeForm(initial={"status": appointment.status, "version": appointment.version})
    document_form = DocumentForm()
    slot_filter = SlotFilterForm(request.GET or None)
    minutes = int((appointment.end - appointment.start).total_seconds() // 60)
    slots = picker_slots(kind=appointment.visit_kind, minutes=minutes, **slot_filter.filters())
    move_form = MoveForm(initial={"version": appointment.version}, slots=slots)
    if request.method == "POST":
        done = ""  # what the action did, said to the user before the page is shown again
        try:
            if request.POST.get("action") == "move":
                move_form = MoveForm(request.POST, slots=slots)
                if move_form.is_valid():
                    moved = services.appointment_move(
                        appointment=appointment, slot_id=move_form.cleaned_data["slot"], actor=request.user,
                        version=move_form.cleaned_data["version"], request=request)
                    done = (f"Rendez-vous déplacé au {timezone.localtime(moved.start):%d/%m/%Y à %H:%M} ; "
                            "l'adhérent est prévenu et reçoit une nouvelle convocation.")
            elif request.POST.get("action") == "outcome":
                outcome_form = OutcomeForm(request.POST)
                if outcome_form.is_valid():
                    services.appointment_outcome_record(appointment=appointment, actor=request.user, request=request,
                                                        **outcome_form.cleaned_data)
                    done = "Résultat enregistré."
            elif request.POST.get("action") == "document":
                document_form = DocumentForm(request.POST, request.FILES)
                if document_form.is_valid():
                    services.document_upload(appointment=appointment, actor=request.user, request=request,
                                             kind=document_form.cleaned_data["kind"],
                                             upload=document_form.cleaned_data["file"])
                    done = "Document transmis à l'adhérent."
            elif request.POST.get("action") == "resend":
                services.convocation_send(appointment=appointment)
                done = "Convocation renvoyée."
            if done:
                messages.success(request, done)
                return redirect("backoffice:appointments_appointment", pk)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                document_form.add_error("file", error.error_dict["file"])
            else:
                messages.error(request, _error_text(error))
    return render(
        request,
        "backoffice/appointments/appointment.html",
        {
            "a": appointment,
            "outcome_form": outcome_form,
            "document_form": document_form,
            "documents": appointment.documents.all(),
            "move_form": move_form,
            "slot_filter": slot_filter,
        },
    )


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def slots(request):
    form = SlotPatternForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.slots_generate(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form=form, error=error)
        else:
            messages.success(request, f"{count} créneau(x) créé(s).")
            return redirect("backoffice:appointments_slots")
    upcoming = Slot.objects.filter(start__gte=timezone.now()).select_related("centre", "professional")[:100]
    return render(request, "backoffice/appointments/slots.html", {"form": form, "upcoming": upcoming})


@staff_required(role=CARE)
@require_http_methods(["GET", "POST"])
def periodic_batch(request):
    """Bulk planning: the periodic visits of one member due in a period become one request in the queue."""
    number = (request.POST.get("adherent") or request.GET.get("adherent") or "").strip()
    first = day_or_today(request.POST.get("du") or request.GET.get("du"))
    last = day_or_today(request.POST.get("au") or request.GET.get("au") or (first + timedelta(days=90)).isoformat())
    member = Member.objects.filter(number=number).first() if number else None
    rows = periodic_due_between(member=member, first=first, last=last) if member else []
    if request.method == "POST" and member is not None:
        created = services.periodic_batch_create(
            member=member, employees=[row.employee for row in rows], actor=request.user, request=request
        )
        if created is None:
            messages.error(request, "Aucune visite périodique à planifier sur cette période.")
            return redirect(f"{request.path}?adherent={number}&du={first}&au={last}")
        messages.success(request, f"Demande {created.number} créée pour {count_fr(len(rows), 'salarié')}.")
        return redirect("backoffice:appointments_request", created.pk)
    return render(
        request,
        "backoffice/appointments/periodic_batch.html",
        {"member": member, "number": number, "first": first, "last": last, "rows": rows},
    )


@staff_required(role=roles_for("appointment_request"))
@require_http_methods(["GET", "POST"])
def invitation(request, pk: int):
    """The service sends an employee a single-use booking link, as the member can (issue 21)."""
    employee = get_object_or_404(Employee.objects.select_related("member"), pk=pk)
    form = StaffInvitationForm(request.POST or None, initial={"type": request.GET.get("type", "")})
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitation_create(
                member=employee.member, actor=request.user, employee=employee, visit_kind=form.cleaned_data["type"],
                email=form.cleaned_data["email"], request=request,
                link_for=lambda token: public_url(reverse("appointments:invitation", args=[token])))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return render(request, "backoffice/appointments/invitation.html", {"employee": employee, "sent": sent})
    return render(request, "backoffice/appointments/invitation.html", {"employee": employee, "form": form})
