"""The public page of an employee's booking link: no account, the token is the key. The employee sees the free
slots allowed for the visit, the centres' addresses and what to bring; never anything medical, nor anything of the
employer but its name. Rate-limited (core.ratelimit, scope "booking_link")."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from portail.appointments import booking_selectors as booking
from portail.appointments.booking_forms import CentreDayForm, SlotPickForm
from portail.appointments.booking_services import INVITATION_REFUSALS, invitation_book
from portail.appointments.convocation import WHAT_TO_BRING
from portail.appointments.models import Slot
from portail.appointments.selectors import service_contact_text
from portail.core.ratelimit import rate_limited

REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _refused(request, state: str):
    return render(request, "appointments/invitation/refused.html",
                  {"message": INVITATION_REFUSALS[state], "state": state, "contact": service_contact_text()},
                  status=REFUSED_STATUS[state])


@rate_limited("booking_link")
@require_http_methods(["GET", "POST"])
def invitation_page(request, token: str):
    invitation = booking.invitation_by_token(token)
    state = booking.invitation_state(invitation)
    if invitation is None or state != "ok":
        return _refused(request, state)
    context = {"invitation": invitation, "employee": invitation.employee, "what_to_bring": WHAT_TO_BRING,
               "kind_label": invitation.get_visit_kind_display()}
    with scope(member=invitation.member):
        error = ""
        if request.method == "POST":
            pick = SlotPickForm(request.POST)
            slot = Slot.objects.select_related("centre", "professional").filter(
                pk=pick.cleaned_data["creneau"]).first() if pick.is_valid() else None
            if slot is None:
                error = "Choisissez un créneau dans la liste."
            elif request.POST.get("confirme") != "oui":
                return render(request, "appointments/invitation/confirm.html", {**context, "slot": slot})
            else:
                try:
                    appointment = invitation_book(token=token, slot_id=slot.pk, request=request)
                except ValidationError as refusal:
                    error = " ".join(refusal.messages)
                    if error in INVITATION_REFUSALS.values():
                        return _refused(request, booking.invitation_state(booking.invitation_by_token(token)))
                else:
                    return render(request, "appointments/invitation/done.html", {**context, "appointment": appointment})
        filters = CentreDayForm(request.GET or None)
        data = filters.cleaned_data if filters.is_valid() else {}
        slots = booking.fitting_slots(kind=invitation.visit_kind, category=invitation.employee.category,
                                      centre=data.get("centre"), day=data.get("jour"))
        return render(request, "appointments/invitation/public.html",
                      {**context, "form": filters, "slots": slots, "error": error},
                      status=400 if error else 200)
