"""Back-office billing screens (/gestion/facturation/), self-contained until the back-office shell lands."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.billing import selectors
from portail.billing.backoffice import accounting_export_csv, overdue_invoices
from portail.billing.dunning import dunning_run
from portail.billing.forms import AllocationPaymentForm, BatchForm, CreditNoteNetForm, ExportForm, InvoiceIssueForm
from portail.billing.models import DirectDebitBatch, Invoice, Reminder
from portail.billing.sepa_batch import debit_candidates, direct_debit_batch_create, earliest_collection_date
from portail.billing.services import invoice_create_draft, invoice_issue, payment_record
from portail.core.formatting import money_fr
from portail.members.models import Member


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def home(request):
    number = request.GET.get("adherent", "").strip()
    if number:
        member = Member.objects.filter(number=number).first()
        if member:
            return redirect("billing:bo_member", number=member.number)
        messages.error(request, f"Aucun adhérent n° {number}.")
    earliest = earliest_collection_date()
    return render(request, "billing/backoffice/home.html", {
        "overdue": overdue_invoices(), "batches": DirectDebitBatch.objects.all()[:20],
        "batch_form": BatchForm(initial={"collection_date": earliest}),
        "candidates": debit_candidates(collection_date=earliest),
        "export_form": ExportForm(initial={"start": date(date.today().year, 1, 1), "end": date.today()}),
    })


def _open_invoices(member):
    groups = selectors.invoices_grouped(member=member)
    return sorted((i for i in groups.unpaid if i.open_amount > 0), key=lambda i: (i.due_date, i.number))


@staff_required(role=StaffRole.ACCOUNTING)
def member_account(request, number: str):
    member = get_object_or_404(Member, number=number)
    open_invoices = _open_invoices(member)
    payment_form = AllocationPaymentForm(prefix="reg", open_invoices=open_invoices)
    invoice_form = InvoiceIssueForm(prefix="fac", initial={"period_label": f"Année {date.today().year}"})
    if request.method == "POST" and "reg-amount" in request.POST:
        payment_form = AllocationPaymentForm(request.POST, prefix="reg", open_invoices=open_invoices)
        if payment_form.is_valid() and _record_payment(request, member, payment_form, open_invoices):
            return redirect("billing:bo_member", number=number)
    elif request.method == "POST" and "fac-description" in request.POST:
        invoice_form = InvoiceIssueForm(request.POST, prefix="fac")
        if invoice_form.is_valid():
            invoice = _issue_invoice(request, member, invoice_form.cleaned_data)
            messages.success(request, f"Facture n° {invoice.number} émise.")
            return redirect("billing:bo_member", number=number)
    return render(request, "billing/backoffice/member.html", {
        "member": member, "statement": selectors.statement(member=member),
        "invoices": selectors.invoices_issued(member=member), "payment_form": payment_form,
        "invoice_form": invoice_form, "net_form": CreditNoteNetForm(open_invoices=open_invoices),
        "open_credit_notes": [i for i in selectors.invoices_grouped(member=member).unpaid if i.open_amount < 0],
        "terms": selectors.billing_settings_get(),
        "reminders": Reminder.objects.filter(invoice__member=member).select_related("invoice", "sent_by"),
    })


def _record_payment(request, member, form, open_invoices) -> bool:
    data = form.cleaned_data
    allocations = data["explicit_allocations"]
    if not allocations:
        chosen = [i for i in open_invoices if str(i.pk) in data["invoices"]]
        left = data["amount"]
        for invoice in chosen:  # oldest first; the rest stays as a credit on the account
            part = min(left, invoice.open_amount)
            if part > 0:
                allocations.append((invoice, part))
                left -= part
    try:
        payment_record(member=member, method=data["method"], payment_date=data["date"], amount=data["amount"],
                       reference=data["reference"], allocations=allocations, actor=request.user, request=request)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, f"Règlement de {money_fr(data['amount'])} enregistré.")
    return True


def _issue_invoice(request, member, data) -> Invoice:
    year = "".join(ch for ch in data["period_label"] if ch.isdigit())[-4:]
    draft = invoice_create_draft(
        member=member, kind=data["kind"], period_label=data["period_label"], period_year=int(year) if year else None,
        lines=[{"description": data["description"], "quantity": data["quantity"],
                "unit_price_ht": data["unit_price_ht"], "vat_rate": data["vat_rate"]}],
        actor=request.user, request=request,
    )
    return invoice_issue(invoice=draft, actor=request.user, request=request)


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def invoice_pdf(request, pk: int):
    from portail.billing.archive import invoice_document

    invoice = get_object_or_404(Invoice, pk=pk, status="issued")
    response = HttpResponse(invoice_document(invoice=invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="facture-{invoice.number}.pdf"'
    return response


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def reminders(request):
    report = dunning_run(actor=request.user, request=request)
    (messages.warning if report.unreachable else messages.success)(request, report.summary)
    return redirect("billing:bo_home")


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def batch_create(request):
    form = BatchForm(request.POST)
    if form.is_valid():
        try:
            batch = direct_debit_batch_create(collection_date=form.cleaned_data["collection_date"],
                                              actor=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"Lot de {batch.count} prélèvement(s) créé ({money_fr(batch.total)}).")
    else:
        messages.error(request, "Date de prélèvement invalide.")
    return redirect("billing:bo_home")


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def batch_download(request, pk: int):
    batch = get_object_or_404(DirectDebitBatch, pk=pk)
    response = HttpResponse(batch.xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="pain008-{batch.message_id}.xml"'
    return response


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def export(request):
    form = ExportForm(request.GET)
    if not form.is_valid() or form.cleaned_data["start"] > form.cleaned_data["end"]:
        messages.error(request, "Choisissez une période valide pour l'export comptable.")
        return redirect("billing:bo_home")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    content = "\ufeff" + accounting_export_csv(start=start, end=end)  # BOM: Excel reads UTF-8 correctly
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    return response


