"""Billing in the back office (/gestion/facturation/): accounts, credit notes, reminders, SEPA batches,
exports, batch issuing, payments, netting and statements."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.views import refusal_told
from portail.billing import selectors
from portail.billing.accounting import accounting_export_csv, overdue_invoices
from portail.billing.archive import invoice_document
from portail.billing.dunning import dunning_run
from portail.billing.forms import (
    AllocationPaymentForm,
    BatchForm,
    CreditNoteNetForm,
    ExportForm,
    InvoiceBatchForm,
    InvoiceIssueForm,
    PeriodForm,
)
from portail.billing.forms_accounting import ConfirmForm
from portail.billing.jobs import batch_targets, billing_job_create_issue_batch, billing_job_enqueue
from portail.billing.models import BillingJob, DirectDebitBatch, Invoice, InvoiceStatus, Reminder
from portail.billing.pdf import statement_pdf as render_statement
from portail.billing.sepa_batch import (
    debit_candidates,
    direct_debit_batch_create,
    direct_debit_batch_mark,
    earliest_collection_date,
)
from portail.billing.services import (
    credit_note_net,
    invoice_create_draft,
    invoice_issue,
    payment_record,
)
from portail.core.downloads import file_response
from portail.core.formatting import money_fr
from portail.members.models import Member


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def home(request):
    number = request.GET.get("adherent", "").strip()
    if number:
        member = Member.objects.filter(number=number).first()
        if member:
            return redirect("backoffice:billing_member", number=member.number)
        messages.error(request, f"Aucun adhérent n° {number}.")
    earliest = earliest_collection_date()
    return render(request, "backoffice/billing/home.html", {
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
            return redirect("backoffice:billing_member", number=number)
    elif request.method == "POST" and "fac-description" in request.POST:
        invoice_form = InvoiceIssueForm(request.POST, prefix="fac")
        if invoice_form.is_valid():
            invoice = _issue_invoice(request, member, invoice_form.cleaned_data)
            messages.success(request, f"Facture n° {invoice.number} émise.")
            return redirect("backoffice:billing_member", number=number)
    return render(request, "backoffice/billing/member.html", {
        "member": member, "statement": selectors.statement(member=member),
        "invoices": selectors.invoices_issued(member=member), "payment_form": payment_form,
        "invoice_form": invoice_form, "net_form": CreditNoteNetForm(open_invoices=open_invoices),
        "open_credit_notes": [i for i in selectors.invoices_grouped(member=member).unpaid if i.open_amount < 0],
        "terms": selectors.billing_settings_get(),
        "reminders": Reminder.objects.filter(invoice__member=member).select_related("invoice", "sent_by"),
        "mandates": selectors.sepa_mandates_of_member(member=member),
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
    invoice = get_object_or_404(Invoice, pk=pk, status="issued")
    return file_response(content=invoice_document(invoice=invoice), filename=f"facture-{invoice.number}.pdf",
                         inline=True)


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def reminders(request):
    report = dunning_run(actor=request.user, request=request)
    (messages.warning if report.unreachable else messages.success)(request, report.summary)
    return redirect("backoffice:billing_home")


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def batch_create(request):
    form = BatchForm(request.POST)
    if form.is_valid():
        with refusal_told(request, first=True):
            batch = direct_debit_batch_create(collection_date=form.cleaned_data["collection_date"],
                                              actor=request.user, request=request)
            messages.success(request, f"Lot de {batch.count} prélèvement(s) créé ({money_fr(batch.total)}).")
    else:
        messages.error(request, "Date de prélèvement invalide.")
    return redirect("backoffice:billing_home")


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def batch_download(request, pk: int):
    batch = get_object_or_404(DirectDebitBatch, pk=pk)
    return file_response(content=batch.xml, filename=f"pain008-{batch.message_id}.xml", content_type="application/xml")


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def export(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choisissez une période valide pour l'export comptable.")
        return redirect("backoffice:billing_home")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    content = "\ufeff" + accounting_export_csv(start=start, end=end)  # BOM: Excel reads UTF-8 correctly
    return file_response(content=content, filename=f"journal-{start:%Y%m%d}-{end:%Y%m%d}.csv",
                         content_type="text/csv; charset=utf-8")


@staff_required(role=StaffRole.ACCOUNTING)
def invoice_batch(request):
    form = InvoiceBatchForm(request.POST or None, initial={"period_label": f"Année {date.today().year}",
                                                           "kind": "adhesion"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            members = batch_targets(joined_since=data["joined_since"], numbers=data["numbers"],
                                    period_label=data["period_label"])
            job = billing_job_create_issue_batch(
                kind=data["kind"], period_label=data["period_label"], members=members, actor=request.user,
                request=request, line={k: data[k] for k in ("description", "quantity", "unit_price_ht", "vat_rate")},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            billing_job_enqueue(job=job)
            return redirect("backoffice:billing_job", pk=job.pk)
    return render(request, "backoffice/billing/invoice_batch.html", {
        "form": form, "jobs": BillingJob.objects.all()[:10],
    })


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def job_detail(request, pk: int):
    job = get_object_or_404(BillingJob, pk=pk)
    template = "backoffice/billing/_job.html" if request.htmx else "backoffice/billing/job.html"
    return render(request, template, {"job": job})


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def payments(request):
    today = date.today()
    form = PeriodForm(request.GET or {"start": date(today.year, 1, 1), "end": today})
    rows: list[Any] = []  # payments annotated with what is allocated
    if form.is_valid():
        rows = list(selectors.payments_for_period(start=form.cleaned_data["start"], end=form.cleaned_data["end"]))
        for payment in rows:
            payment.unallocated = payment.amount - payment.allocated
    return render(request, "backoffice/billing/payments.html", {"form": form, "payments": rows})


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def net_credit_note(request, pk: int):
    credit_note = get_object_or_404(Invoice, pk=pk, status=InvoiceStatus.ISSUED)
    member = credit_note.member
    open_invoices = [i for i in selectors.invoices_grouped(member=member).unpaid if i.open_amount > 0]
    form = CreditNoteNetForm(request.POST, open_invoices=open_invoices)
    if not form.is_valid():
        messages.error(request, "Choisissez une facture non réglée de cet adhérent.")
        return redirect("backoffice:billing_member", number=member.number)
    invoice = next(i for i in open_invoices if str(i.pk) == form.cleaned_data["invoice"])
    with refusal_told(request, first=True):
        payment = credit_note_net(credit_note=credit_note, invoice=invoice, actor=request.user, request=request)
        part = payment.allocations.filter(invoice=invoice).get().amount
        messages.success(request, f"Avoir {credit_note.number} compensé avec la facture {invoice.number} "
                                  f"({money_fr(part)}).")
    return redirect("backoffice:billing_member", number=member.number)


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def batch_mark(request, pk: int):
    batch = get_object_or_404(DirectDebitBatch, pk=pk)
    if request.POST.get("status") == "settled" and not ConfirmForm(request.POST).is_valid():
        messages.error(request, "Cochez la case pour confirmer le règlement du lot : il enregistre les paiements.")
        return redirect("backoffice:billing_batch", pk=pk)
    with refusal_told(request, first=True):
        recorded = direct_debit_batch_mark(batch=batch, status=request.POST.get("status", ""), actor=request.user,
                                           request=request)
        batch.refresh_from_db()
        messages.success(request, f"Lot « {batch.get_status_display()} » : {recorded} règlement(s) SEPA enregistré(s).")
    return redirect("backoffice:billing_batch", pk=pk)


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def statement_pdf(request, number: str):
    member = get_object_or_404(Member, number=number)
    today = date.today()
    content = render_statement(member=member, statement=selectors.statement(member=member, today=today), today=today,
                               title="Relevé de compte")
    return file_response(content=content, filename=f"releve-{member.number}-{today:%Y%m%d}.pdf")
