"""Online booking on the member side: pick an employee, a visit, a centre and a slot, confirm; the convocation
(PDF) and the calendar file (.ics); change of slot; invitation links sent to employees. Thin views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from portail.appointments import booking_selectors as booking
from portail.appointments.booking_forms import (
    CentreDayForm,
    EmployeeChoiceForm,
    InvitationForm,
    SlotPickForm,
    SlotSearchForm,
)
from portail.appointments.booking_services import appointment_self_book, appointment_self_move, invitation_create
from portail.appointments.convocation import WHAT_TO_BRING, appointment_ics, convocation_pdf
from portail.appointments.models import Slot, VisitKind
from portail.appointments.selectors import appointment_limit, settings_get
from portail.core.downloads import file_response
from portail.core.links import public_url
from portail.core.ratelimit import rate_limited
from portail.core.tenancy import member_required


def _id(raw: str | None) -> int | None:
    raw = raw or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


@member_required
def book_start(request):
    """Step 1 without `salarie`; step 2 with it: the rules' proposal, the filters and the fitting slots."""
    employees = booking.booking_employees(member=request.member)
    pk = _id(request.GET.get("salarie"))
    if pk is None:
        return render(request, "appointments/booking/start.html", {
            "form": EmployeeChoiceForm(request.GET or None, employees=employees), "kinds": booking.bookable_choices()})
    employee = booking.booking_employee_get(member=request.member, pk=pk)
    proposal = booking.proposal_for(employee=employee)
    data = request.GET.copy()
    if not data.get("type") and proposal.bookable:
        data["type"] = proposal.kind
    form = SlotSearchForm(data if data.get("type") else None)
    slots, kind = [], ""
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["type"]
        slots = booking.fitting_slots(kind=kind, category=employee.category,
                                      centre=form.cleaned_data["centre"], day=form.cleaned_data["jour"])
    return render(request, "appointments/booking/slots.html", {
        "employee": employee, "proposal": proposal, "form": form, "slots": slots,
        "kind_label": dict(VisitKind.choices).get(kind, ""), "hidden_fields": {"salarie": employee.pk, "type": kind},
    })


def _slot_details(slot: Slot) -> list[tuple[str, str]]:
    start = timezone.localtime(slot.start)
    professional = slot.professional
    return [("Date", f"{start:%d/%m/%Y à %H:%M}"),
            ("Centre", f"{slot.centre.name}, {slot.centre.address_line1}, {slot.centre.postal_code} {slot.centre.city}"),
            ("Professionnel", f"{professional.get_role_display()} – {professional.first_name} "
                              f"{professional.last_name.upper()}")]


@member_required
@require_POST
def book_confirm(request):
    """The slot chosen: a summary to confirm, then the booking (confirmed at once, convocation sent)."""
    employee = booking.booking_employee_get(member=request.member, pk=_id(request.POST.get("salarie")) or 0)
    kind, form = request.POST.get("type", ""), SlotPickForm(request.POST)
    back = reverse("appointments:book") + f"?salarie={employee.pk}&type={kind}"
    slot = Slot.objects.select_related("centre", "professional").filter(
        pk=form.cleaned_data["creneau"]).first() if form.is_valid() else None
    if slot is None:
        messages.error(request, "Choisissez un créneau dans la liste.")
        return redirect(back)
    if request.POST.get("confirme") != "oui":
        return render(request, "appointments/booking/confirm.html", {
            "employee": employee, "kind": kind, "kind_label": dict(VisitKind.choices).get(kind, ""), "slot": slot,
            "details": _slot_details(slot), "back": back})
    try:
        appointment = appointment_self_book(member=request.member, actor=request.user, employee=employee,
                                            visit_kind=kind, slot_id=slot.pk, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, "Rendez-vous confirmé : la convocation est envoyée à vos contacts convocations.")
    return redirect("appointments:booked", appointment.pk)


@member_required
def booked_detail(request, pk: int):
    appointment = booking.booked_appointment_get(member=request.member, pk=pk)
    limit = appointment_limit(appointment)
    return render(request, "appointments/booking/detail.html", {
        "appointment": appointment, "limit": limit, "open": limit.allows(timezone.now()),
        "movable": appointment.visit_kind in booking.bookable_kinds(), "what_to_bring": WHAT_TO_BRING,
        "config": settings_get()})


@member_required
def convocation_download(request, pk: int):
    appointment = booking.booked_appointment_get(member=request.member, pk=pk)
    return file_response(content=convocation_pdf(appointment), filename=f"convocation-{appointment.pk}.pdf")


@member_required
def ics_download(request, pk: int):
    appointment = booking.booked_appointment_get(member=request.member, pk=pk)
    return file_response(content=appointment_ics(appointment), filename=f"rendez-vous-{appointment.pk}.ics",
                         content_type="text/calendar; charset=utf-8")


@member_required
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    """Another slot for a visit booked online, until the cancellation limit."""
    appointment = booking.booked_appointment_get(member=request.member, pk=pk)
    if request.method == "POST":
        form = SlotPickForm(request.POST)
        if form.is_valid():
            slot = Slot.objects.select_related("centre", "professional").filter(pk=form.cleaned_data["creneau"]).first()
            if slot is not None and request.POST.get("confirme") != "oui":
                return render(request, "appointments/booking/move_confirm.html", {
                    "appointment": appointment, "slot": slot, "details": _slot_details(slot)})
            try:
                appointment_self_move(member=request.member, actor=request.user, appointment=appointment,
                                      slot_id=form.cleaned_data["creneau"], request=request)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Créneau changé : une nouvelle convocation est envoyée.")
                return redirect("appointments:booked", appointment.pk)
        else:
            messages.error(request, "Choisissez un créneau dans la liste.")
    limit = appointment_limit(appointment)
    filters = CentreDayForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    slots = booking.fitting_slots(kind=appointment.visit_kind, category=appointment.employee.category,
                                  centre=data.get("centre"), day=data.get("jour")) if limit.allows(timezone.now()) else []
    return render(request, "appointments/booking/move.html", {
        "appointment": appointment, "limit": limit, "open": limit.allows(timezone.now()), "form": filters,
        "slots": slots, "movable": appointment.visit_kind in booking.bookable_kinds()})


@member_required
@require_http_methods(["GET", "POST"])
@rate_limited("booking_link_send")
def invitation_new(request):
    employees = booking.booking_employees(member=request.member)
    initial = {"salarie": _id(request.GET.get("salarie")), "type": request.GET.get("type", "")}
    form = InvitationForm(request.POST or None, employees=employees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = invitation_create(
                member=request.member, actor=request.user, employee=data["salarie"], visit_kind=data["type"],
                email=data["email"], request=request,
                link_for=lambda token: public_url(reverse("appointments:invitation", args=[token])))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return render(request, "appointments/invitation/sent.html", {"sent": sent})
    return render(request, "appointments/invitation/new.html", {"form": form})
