"""Tabs 2.1 "Vos informations" and 2.2 "Vos contacts". Thin: parse, call, render."""

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from portail.audit.idempotency import idempotent
from portail.core.concurrency import EditConflict, conflict_data
from portail.core.confirmation import Confirmation, confirmation_page
from portail.core.receipts import receipt_response
from portail.core.tenancy import member_required
from portail.core.validators import commune_names
from portail.members import selectors, services
from portail.members.forms import (
    ADDRESS_FIELDS,
    AddressForm,
    ContactForm,
    MemberInfoForm,
    SituationChangeForm,
)
from portail.reference import naf_all, naf_get, postal_code_normalize


@member_required
def information(request):
    member = request.member
    return render(
        request,
        "members/information.html",
        {
            "member": member,
            "naf": naf_get(member.naf_code) if member.naf_code else None,
            "addresses": selectors.member_addresses(member=member),
            "contacts": selectors.member_contacts(member=member),
        },
    )


@member_required
def information_edit(request):
    member = request.member
    form = MemberInfoForm(request.POST or None, instance=member, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        member.refresh_from_db()  # the form mutated the instance; compare against the stored row
        try:
            services.member_update(member=member, data=data, version=form.cleaned_data["version"],
                                   actor=request.user, request=request)
        except EditConflict as error:
            # Staff (or another user) saved the record meanwhile: keep this user's typing, with the current
            # version, so that validating again is a deliberate choice.
            member.refresh_from_db()
            form = MemberInfoForm(conflict_data(request.POST, version=member.version), instance=member)
            form.is_valid()
            form.add_error(None, error.messages)
            return render(request, "members/information_form.html", {"form": form, "naf_options": naf_all()},
                          status=409)
        messages.success(request, "Vos informations ont été enregistrées.")
        return redirect("members:information")
    return render(request, "members/information_form.html", {"form": form, "naf_options": naf_all()})


# What differs between a member's address form and contact form: the form and its prefix, how the record is read
# and saved, the message, and what the page's title names.
_RECORD_FORMS: dict[str, tuple[Any, ...]] = {
    "address": (AddressForm, "adresse", selectors.member_address_get, services.member_address_save,
                "L'adresse a été enregistrée.", "une adresse postale"),
    "contact": (ContactForm, "contact", selectors.member_contact_get, services.member_contact_save,
                "Le contact a été enregistré.", "un contact"),
}


def _record_form(request, pk: int | None, *, kind: str):
    """An address or a contact of the member, new or edited (`pk`): shown, checked and saved the same way."""
    form_class, prefix, get, save, success, noun = _RECORD_FORMS[kind]
    member = request.member
    form = form_class(request.POST or None, instance=get(member=member, pk=pk) if pk else None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        save(member=member, actor=request.user, request=request, **{kind: form.save(commit=False)})
        messages.success(request, success)
        return redirect("members:information")
    return render(request, f"members/{kind}_form.html", {
        "form": form, "title": f"{'Modifier' if pk else 'Créer'} {noun}", "address_fields": ADDRESS_FIELDS})


@member_required
def address_form(request, pk: int | None = None):
    return _record_form(request, pk, kind="address")


@member_required
@idempotent
def contact_form(request, pk: int | None = None):
    return _record_form(request, pk, kind="contact")


@member_required
@require_http_methods(["GET", "POST"])
def address_delete(request, pk: int):
    address = selectors.member_address_get(member=request.member, pk=pk)
    if request.method == "GET":
        return confirmation_page(request, confirmation=Confirmation(
            title="Supprimer cette adresse ?", consequence="l'adresse sera retirée de votre dossier et de celui de nos services.",
            confirm_label="Oui, supprimer l'adresse", cancel_url=reverse("members:information"),
            details=[(address.get_kind_display(), address.one_line)]))
    services.member_address_delete(address=address, actor=request.user, request=request)
    messages.success(request, "L'adresse a été supprimée.")
    return redirect("members:information")


@member_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk: int):
    contact = selectors.member_contact_get(member=request.member, pk=pk)
    if request.method == "GET":
        return confirmation_page(request, confirmation=Confirmation(
            title="Supprimer ce contact ?", consequence="nos services ne pourront plus joindre ce contact.",
            confirm_label="Oui, supprimer le contact", cancel_url=reverse("members:information"),
            details=[(contact.get_kind_display(), f"{contact.first_name} {contact.last_name}")]))
    services.member_contact_delete(contact=contact, actor=request.user, request=request)
    messages.success(request, "Le contact a été supprimé.")
    return redirect("members:information")


@member_required
@require_GET
def communes(request):
    """htmx: the communes of a postal code, as the options of the city field."""
    code = postal_code_normalize(request.GET.get("postal_code", "")) or ""
    list_id = request.GET.get("liste", "communes")
    if not list_id.replace("-", "").isalnum():
        list_id = "communes"
    return render(request, "members/_communes.html", {"names": commune_names(code) if code else [], "list_id": list_id})


@member_required
@idempotent
def situation_change(request):
    member = request.member
    form = SituationChangeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        change = services.situation_change_submit(member=member, actor=request.user, request=request,
                                                  **form.cleaned_data)
        return redirect("members:situation_change_receipt", change.pk)
    changes = selectors.situation_changes(member=member)
    return render(request, "members/situation_change.html", {"form": form, "changes": changes})


@member_required
@require_GET
def situation_change_receipt(request, pk: int):
    change = selectors.situation_change_get(member=request.member, pk=pk)
    return receipt_response(
        request, body_template="members/_situation_change_receipt_body.html", context={"change": change},
        title="Accusé de réception de votre changement de situation", filename=f"changement-de-situation-{pk}.pdf",
        back_url=reverse("members:information"), back_label="Retour à vos informations")


@member_required
@require_GET
def notices(request):
    """The company's notifications, newest first, those this user had not read marked; seeing them reads them."""
    notices = list(selectors.member_notices(member=request.member, user_id=request.user.pk))
    if not request.view_as and services.notices_mark_read(member=request.member, user_id=request.user.pk):
        request.member.unread_notices = 0  # read with the member before they were marked
    return render(request, "members/notices.html", {"notices": notices})


@member_required
def service_contacts(request):
    # Lazy: read only when the page block is not cached ({% member_fragment %}).
    contacts = SimpleLazyObject(lambda: selectors.service_contacts(member=request.member))
    return render(request, "members/service_contacts.html", {"contacts": contacts})


@member_required
def team_person(request, pk: int):
    person = selectors.team_member_for_member(member=request.member, pk=pk)
    template = "members/_person.html" if request.htmx else "members/person.html"
    return render(request, template, {"person": person})
