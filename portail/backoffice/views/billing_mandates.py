"""SEPA mandates in the back office (/gestion/facturation/mandats/): every member's mandates searched and
filtered, one mandate's history (collections, rejects, audit), revocation behind a confirmation page with its
reason, and a paper mandate recorded for a member."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from portail.backoffice.access import staff_required
from portail.backoffice.audit_labels import action_label
from portail.backoffice.models import StaffRole
from portail.billing import selectors
from portail.billing.forms_accounting import MandateRevokeForm, PaperMandateForm
from portail.billing.pdf import mandate_pdf
from portail.billing.sepa import sepa_mandate_record_paper, sepa_mandate_revoke
from portail.core.downloads import file_response
from portail.members.models import Member

PAGE_SIZE = 50
STATUS_CHOICES = [("", "Tous"), ("actif", "Actifs"), ("revoque", "Révoqués")]


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def mandate_list(request):
    query, status = request.GET.get("q", "").strip()[:100], request.GET.get("statut", "")
    mandates = selectors.sepa_mandates_search(query=query, status=status)
    page = Paginator(mandates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/billing/mandates.html", {
        "page": page, "query": query, "status": status, "statuses": STATUS_CHOICES,
        "querystring": urlencode({k: v for k, v in (("q", query), ("statut", status)) if v}),
    })


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def mandate_detail(request, pk: int):
    mandate = selectors.sepa_mandate_staff_get(pk=pk)
    collections = list(selectors.sepa_mandate_collections(mandate=mandate))
    events = [(event, action_label(event.action)) for event in selectors.sepa_mandate_events(mandate=mandate)]
    return render(request, "backoffice/billing/mandate.html", {
        "mandate": mandate, "collections": collections, "events": events,
        "rejects": sum(1 for item in collections if item.status == "rejected"),
        "others": selectors.sepa_mandates_of_member(member=mandate.member).exclude(pk=mandate.pk),
    })


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def mandate_pdf_view(request, pk: int):
    mandate = selectors.sepa_mandate_staff_get(pk=pk)
    return file_response(content=mandate_pdf(mandate=mandate), filename=f"mandat-sepa-{mandate.reference}.pdf")


@staff_required(role=StaffRole.ACCOUNTING)
def mandate_revoke(request, pk: int):
    """A page of its own, never one click: the reason and a confirmation box, with the collections in
    progress shown before staff confirm."""
    mandate = selectors.sepa_mandate_staff_get(pk=pk)
    if mandate.revoked_at:
        messages.info(request, "Ce mandat est déjà révoqué.")
        return redirect("backoffice:billing_mandate", pk=pk)
    form = MandateRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sepa_mandate_revoke(mandate=mandate, actor=request.user, request=request,
                                reason=form.cleaned_data["reason"], by_staff=True)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Mandat {mandate.reference} révoqué ; l'adhérent est prévenu.")
            return redirect("backoffice:billing_mandate", pk=pk)
    pending = [item for item in selectors.sepa_mandate_collections(mandate=mandate) if item.status == "pending"]
    return render(request, "backoffice/billing/mandate_revoke.html", {
        "mandate": mandate, "form": form, "pending": pending,
    }, status=400 if form.errors else 200)


@staff_required(role=StaffRole.ACCOUNTING)
def mandate_paper(request, number: str):
    member = get_object_or_404(Member, number=number)
    form = PaperMandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mandate = sepa_mandate_record_paper(
                member=member, holder_name=data["holder_name"], iban=data["iban"], bic=data["bic"],
                address=f"{data['address_line1']}, {data['postal_code']} {data['city']}",
                signed_on=data["signed_on"], reference=data["reference"], actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Mandat papier {mandate.reference} enregistré pour l'adhérent {member.number}.")
            return redirect("backoffice:billing_mandate", pk=mandate.pk)
    return render(request, "backoffice/billing/mandate_paper.html", {
        "member": member, "form": form, "active": selectors.sepa_mandate_active(member=member),
    }, status=400 if form.errors else 200)
