"""Tab 2.6 "Demandes et annulations de rendez-vous" and the compliance board. Thin views."""

from functools import partial
from operator import getitem

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from portail.appointments import selectors
from portail.appointments.booking_selectors import invitations_for
from portail.appointments.compliance import BOARD_HEADERS, board_export_rows, compliance_board
from portail.appointments.forms import AppointmentRequestForm, BoardFilterForm, CancellationForm
from portail.appointments.models import CancellationReason, CancellationRequest
from portail.appointments.services import (
    appointment_request_create,
    board_export_record,
    cancellation_request_create,
)
from portail.core.confirmation import Confirmation, confirmation_page, confirmed, form_carried
from portail.core.exports import Format, export_response
from portail.core.formatting import datetime_fr
from portail.core.receipts import receipt_response
from portail.core.tenancy import member_required
from portail.workforce.models import Employee

LIST_PARTS = ("upcoming", "past", "more_past", "requests", "cancellations", "config", "contact", "invitations")


@member_required
def appointment_list(request):
    """The lists are read only if the page's block is not kept (`{% member_fragment %}` in the template)."""
    lists = SimpleLazyObject(lambda: _appointment_lists(request.member))
    return render(request, "appointments/list.html",
                  {part: SimpleLazyObject(partial(getitem, lists, part)) for part in LIST_PARTS})


def _appointment_lists(member) -> dict:
    config = selectors.settings_get()
    past = selectors.past_appointments(member=member, limit=selectors.PAST_SHOWN + 1)
    return {
        "upcoming": selectors.upcoming_appointments(member=member, config=config),
        "past": past[:selectors.PAST_SHOWN],
        "more_past": len(past) > selectors.PAST_SHOWN,
        "requests": list(selectors.open_requests(member=member)),
        "cancellations": list(selectors.cancellations_for(member=member)),
        "config": config,
        "contact": selectors.service_contact_text(),
        "invitations": invitations_for(member=member),
    }


@member_required
def past_list(request):
    page = selectors.past_appointments_page(member=request.member, page=request.GET.get("page"))
    return render(request, "appointments/past_list.html", {"page": page, "past": page.object_list})


@member_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    member = request.member
    if request.method == "POST":
        form = AppointmentRequestForm(request.POST, member=member)
        if form.is_valid():
            data = form.cleaned_data
            try:
                obj = appointment_request_create(
                    member=member, actor=request.user, employees=list(data["employees"]), data=data, request=request
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("appointments:request_receipt", obj.pk)
    else:
        initial = {}
        employee = (
            Employee.objects.filter(member=member, pk=request.GET.get("salarie") or 0).first()
            if (request.GET.get("salarie") or "").isdigit()
            else None
        )
        if employee is not None:
            initial = {"employees": [employee.pk], "constraints": employee.scheduling_constraints}
        form = AppointmentRequestForm(initial=initial, member=member)
    return render(request, "appointments/request_form.html", {"form": form})


@member_required
def request_receipt(request, pk: int):
    obj = selectors.request_get(member=request.member, pk=pk)
    return receipt_response(
        request, body_template="appointments/_request_receipt_body.html", context={"req": obj},
        title=f"Accusé de réception de la demande n° {obj.number}", filename=f"demande-rendez-vous-{obj.number}.pdf",
        back_url=reverse("appointments:list"), back_label="Retour aux rendez-vous")


@member_required
def cancel_choose(request):
    rows = list(selectors.cancellable_appointments(member=request.member))
    config = selectors.settings_get()
    now = timezone.now()
    for row in rows:
        row.limit = selectors.appointment_limit(row, config=config)
        row.cancellable = row.limit.allows(now)
    return render(request, "appointments/cancel_choose.html",
                  {"rows": rows, "config": config, "contact": selectors.service_contact_text()})


@member_required
@require_http_methods(["GET", "POST"])
def cancel_create(request, pk: int):
    appointment = selectors.appointment_get(member=request.member, pk=pk)
    config = selectors.settings_get()
    limit = selectors.appointment_limit(appointment, config=config)
    form = CancellationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirmation_page(request, confirmation=Confirmation(
                title="Demander l'annulation de ce rendez-vous ?",
                consequence="le créneau sera rendu à d'autres salariés ; pour une nouvelle visite, il faudra faire une "
                            "nouvelle demande de rendez-vous.",
                confirm_label="Oui, demander l'annulation", cancel_url=reverse("appointments:cancel_choose"),
                details=[("Rendez-vous", datetime_fr(appointment.start)),
                         ("Salarié", f"{appointment.employee.first_name} {appointment.employee.birth_name}"),
                         ("Motif", dict(CancellationReason.choices).get(form.cleaned_data["reason"], ""))],
                hidden=form_carried(form)))
        try:
            obj = cancellation_request_create(
                member=request.member,
                actor=request.user,
                appointment=appointment,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("appointments:cancellation_detail", obj.pk)
    return render(
        request,
        "appointments/cancel_form.html",
        {
            "appointment": appointment,
            "limit": limit,
            "form": form,
            "config": config,
            "open": limit.allows(timezone.now()),
            "too_late": selectors.cancellation_too_late_message(limit),
        },
    )


@member_required
def cancellation_detail(request, pk: int):
    from django.shortcuts import get_object_or_404

    obj: CancellationRequest = get_object_or_404(
        CancellationRequest.objects.filter(member=request.member).select_related(
            "appointment__employee", "appointment__centre"
        ),
        pk=pk,
    )
    return receipt_response(
        request, body_template="appointments/_cancellation_receipt_body.html",
        context={"cancellation": obj, "config": selectors.settings_get()},
        title="Accusé de réception de la demande d'annulation", filename=f"demande-annulation-{obj.pk}.pdf",
        back_url=reverse("appointments:list"), back_label="Retour aux rendez-vous")


@member_required
def document_download(request, pk: int):
    doc = selectors.document_get(member=request.member, pk=pk)
    name = f"{doc.get_kind_display()} {doc.appointment.start:%Y-%m-%d}.pdf".replace(" ", "-").replace("'", "")
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


BOARD_PAGE = 100


def _page_number(raw: str) -> int:
    """?page= as typed by anyone: "²", "٣" or 5,000 digits pass str.isdigit() but not int()."""
    return max(1, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1


def _board_export(request, board_result, fmt: Format):
    return export_response(
        request, fmt=fmt, filename=f"suivi-des-visites-{timezone.localdate():%Y%m%d}", headers=BOARD_HEADERS,
        rows=board_export_rows(board=board_result), sheet_title="Suivi des visites",
        audit=lambda: board_export_record(member=request.member, actor=request.user, fmt=fmt, request=request),
    )


@member_required
def board(request):
    form = BoardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    result = compliance_board(
        member=request.member, status=filters.get("statut", ""), category=filters.get("categorie", "")
    )
    if request.GET.get("format") == "csv":
        return _board_export(request, result, "csv")
    number = _page_number(request.GET.get("page") or "")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "board": result,
        "rows": result.rows[(number - 1) * BOARD_PAGE : number * BOARD_PAGE],
        "form": form,
        "query": query.urlencode(),
        "number": number,
        "has_previous": number > 1,
        "has_next": number * BOARD_PAGE < len(result.rows),
    }
    return render(request, "appointments/board.html", context)
