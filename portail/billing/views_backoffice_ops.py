"""Back-office billing operations: batch issuing, payments, netting, SEPA batch status, statement PDF."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.billing import selectors
from portail.billing.forms import CreditNoteNetForm, InvoiceBatchForm, PeriodForm
from portail.billing.forms_accounting import ConfirmForm
from portail.billing.jobs import batch_targets, billing_job_create_issue_batch, billing_job_enqueue
from portail.billing.models import BillingJob, DirectDebitBatch, Invoice, InvoiceStatus
from portail.billing.sepa_batch import direct_debit_batch_mark
from portail.billing.services import credit_note_net
from portail.core.formatting import money_fr
from portail.members.models import Member


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
            return redirect("billing:bo_job", pk=job.pk)
    return render(request, "billing/backoffice/invoice_batch.html", {
        "form": form, "jobs": BillingJob.objects.all()[:10],
    })


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def job_detail(request, pk: int):
    job = get_object_or_404(BillingJob, pk=pk)
    template = "billing/backoffice/_job.html" if request.htmx else "billing/backoffice/job.html"
    return render(request, template, {"job": job})


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def payments(request):
    today = date.today()
    form = PeriodForm(request.GET or {"start": date(today.year, 1, 1), "end": today})
    rows = []
    if form.is_valid():
        rows = list(selectors.payments_for_period(start=form.cleaned_data["start"], end=form.cleaned_data["end"]))
        for payment in rows:
            payment.unallocated = payment.amount - payment.allocated
    return render(request, "billing/backoffice/payments.html", {"form": form, "payments": rows})


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def net_credit_note(request, pk: int):
    credit_note = get_object_or_404(Invoice, pk=pk, status=InvoiceStatus.ISSUED)
    member = credit_note.member
    open_invoices = [i for i in selectors.invoices_grouped(member=member).unpaid if i.open_amount > 0]
    form = CreditNoteNetForm(request.POST, open_invoices=open_invoices)
    if not form.is_valid():
        messages.error(request, "Choisissez une facture non réglée de cet adhérent.")
        return redirect("billing:bo_member", number=member.number)
    invoice = next(i for i in open_invoices if str(i.pk) == form.cleaned_data["invoice"])
    try:
        payment = credit_note_net(credit_note=credit_note, invoice=invoice, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        part = payment.allocations.filter(invoice=invoice).get().amount
        messages.success(request, f"Avoir {credit_note.number} compensé avec la facture {invoice.number} "
                                  f"({money_fr(part)}).")
    return redirect("billing:bo_member", number=member.number)


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def batch_mark(request, pk: int):
    batch = get_object_or_404(DirectDebitBatch, pk=pk)
    if request.POST.get("status") == "settled" and not ConfirmForm(request.POST).is_valid():
        messages.error(request, "Cochez la case pour confirmer le règlement du lot : il enregistre les paiements.")
        return redirect("billing:bo_batch", pk=pk)
    try:
        recorded = direct_debit_batch_mark(batch=batch, status=request.POST.get("status", ""), actor=request.user,
                                           request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        batch.refresh_from_db()
        messages.success(request, f"Lot « {batch.get_status_display()} » : {recorded} règlement(s) SEPA enregistré(s).")
    return redirect("billing:bo_batch", pk=pk)


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def statement_pdf(request, number: str):
    from portail.billing.pdf import statement_pdf as render_statement

    member = get_object_or_404(Member, number=number)
    today = date.today()
    content = render_statement(member=member, statement=selectors.statement(member=member, today=today), today=today,
                               title="Relevé de compte")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="releve-{member.number}-{today:%Y%m%d}.pdf"'
    return response
