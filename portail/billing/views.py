"""Tab 2.4 "Vos factures et votre échéancier" and the online SEPA mandate. Thin: parse, call, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portail.audit.idempotency import idempotent
from portail.billing import selectors
from portail.billing.archive import invoice_document
from portail.billing.forms import SepaMandateForm
from portail.billing.pdf import mandate_pdf, statement_pdf
from portail.billing.selectors import billing_service
from portail.billing.sepa import sepa_mandate_revoke, sepa_mandate_sign
from portail.core.confirmation import Confirmation, confirmation_page
from portail.core.downloads import file_response
from portail.core.tenancy import member_required
from portail.members.freshness import member_cached


def _pdf_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    return file_response(content=content, filename=filename, inline=not download, cache_control="private, no-store")


def _year(request) -> int | None:
    raw = request.GET.get("annee", "")
    return int(raw) if raw.isdigit() and 1900 < int(raw) < 2200 else None


@require_GET
@member_required
def invoices(request):
    member, year = request.member, _year(request)
    return render(request, "billing/invoices.html",
                  member_cached(request, name=f"invoices:{year}", compute=lambda: _invoices(member, year)))


def _invoices(member, year: int | None) -> dict:
    today = date.today()
    book = selectors.invoice_book(member=member, year=year, today=today)
    newest = book.years[-1] if book.years else today.year
    return {
        "year": year,
        "years": sorted(set(book.years) | {today.year}, reverse=True),
        "previous_year": (year - 1) if year else newest,
        "next_year": (year + 1) if year and year < max(newest, today.year) else None,
        "groups": book.groups,
        "statement": book.statement,
        "mandate": selectors.sepa_mandate_active(member=member),
        "bank": selectors.bank_details_get(),
    }


@require_GET
@member_required
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_get(member=request.member, pk=pk)
    return render(request, "billing/invoice_detail.html", {
        "invoice": invoice, "open_amount": selectors.invoice_open_amount(invoice=invoice),
    })


@require_GET
@member_required
def invoice_pdf_view(request, pk: int):
    invoice = selectors.invoice_get(member=request.member, pk=pk)
    return _pdf_response(invoice_document(invoice=invoice), f"facture-{invoice.number}.pdf",
                         download=request.GET.get("telecharger") == "1")


@require_GET
@member_required
def statement_pdf_view(request):
    today = date.today()
    content = statement_pdf(member=request.member, statement=selectors.statement(member=request.member, today=today),
                            today=today)
    return _pdf_response(content, f"echeancier-{request.member.number}-{today:%Y%m%d}.pdf", download=False)


@member_required
def sepa(request):
    """« Mes informations SEPA »: the active mandate, or the way to sign one."""
    return render(request, "billing/sepa.html", {"mandate": selectors.sepa_mandate_active(member=request.member)})


@member_required
@idempotent
def sepa_mandate_create(request):
    form = SepaMandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mandate = sepa_mandate_sign(
                member=request.member, holder_name=data["holder_name"], iban=data["iban"], bic=data["bic"],
                address=f"{data['address_line1']}, {data['postal_code']} {data['city']}", actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Votre mandat de prélèvement SEPA {mandate.reference} est signé. "
                                      "Vous pouvez l'imprimer ou le télécharger ci-dessous.")
            return redirect("billing:sepa")
    return render(request, "billing/sepa_mandate_form.html", {
        "form": form, "prenotification_days": selectors.billing_settings_get().sepa_prenotification_days,
        "active": selectors.sepa_mandate_active(member=request.member), "creditor": billing_service(),
    })


@require_GET
@member_required
def sepa_mandate_pdf_view(request, pk: int):
    mandate = selectors.sepa_mandate_get(member=request.member, pk=pk)
    return _pdf_response(mandate_pdf(mandate=mandate), f"mandat-sepa-{mandate.reference}.pdf", download=True)


@require_http_methods(["GET", "POST"])
@member_required
def sepa_mandate_revoke_view(request, pk: int):
    mandate = selectors.sepa_mandate_get(member=request.member, pk=pk)
    if request.method == "GET":
        return confirmation_page(request, confirmation=Confirmation(
            title="Révoquer ce mandat de prélèvement SEPA ?",
            consequence="nous ne prélèverons plus vos factures ; elles seront à régler par chèque ou virement. "
                        "Pour revenir au prélèvement, il faudra signer un nouveau mandat.",
            confirm_label="Oui, révoquer le mandat", cancel_url=reverse("billing:sepa"),
            details=[("Référence unique du mandat (RUM)", mandate.reference), ("IBAN", mandate.iban_masked)]))
    try:
        sepa_mandate_revoke(mandate=mandate, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Votre mandat de prélèvement SEPA est révoqué. Vos prochaines factures sont à "
                                  "régler par chèque ou virement.")
    return redirect("billing:invoices")
