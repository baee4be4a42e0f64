"""Back-office accounting screens: credit notes (total, by line, by amount), credit application, SEPA batch
detail (settlement, rejects), dunning letters, FEC export, bank statement import. Every irreversible action asks
for a confirmation box."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from portail.backoffice.access import staff_required
from portail.backoffice.models import StaffRole
from portail.backoffice.views import refusal_told
from portail.billing import selectors
from portail.billing.bank_import import StatementLine, bank_lines_record, match_suggestions, statement_parse
from portail.billing.dunning import dunning_letters_pdf, letters_to_print
from portail.billing.fec import fec_export, fec_filename
from portail.billing.forms import PeriodForm
from portail.billing.forms_accounting import ConfirmForm, CreditNoteForm, RejectForm, StatementUploadForm
from portail.billing.models import DirectDebitBatch, DirectDebitItem, Invoice, InvoiceStatus
from portail.billing.sepa_batch import direct_debit_item_reject
from portail.billing.services import credit_note_issue, credit_open_apply
from portail.core.downloads import file_response
from portail.core.formatting import money_fr
from portail.members.models import Member

SESSION_KEY = "billing_bank_import"


def _creditable_invoice(pk: int) -> Invoice:
    invoice: Invoice = get_object_or_404(Invoice.objects.select_related("member"), pk=pk, status=InvoiceStatus.ISSUED,
                                total_ttc__gt=0)
    # The annotation selectors.invoices_issued puts on each row, which Invoice.creditable reads: mypy only knows
    # it on annotated querysets.
    invoice.credit_noted = -selectors.invoice_credited_amount(invoice=invoice)  # type: ignore[attr-defined]
    return invoice


@staff_required(role=StaffRole.ACCOUNTING)
def credit_note(request, pk: int):
    invoice = _creditable_invoice(pk)
    form = CreditNoteForm(request.POST or None, lines=invoice.lines.all(),
                          total_allowed=invoice.creditable == invoice.total_ttc)
    if request.method == "POST" and invoice.creditable > 0 and form.is_valid():
        data = form.cleaned_data
        options = {"lignes": {"line_quantities": data.get("line_quantities")},
                   "montant": {"amount_ht": data["amount_ht"]}}.get(data["mode"], {})
        try:
            avoir = credit_note_issue(invoice=invoice, reason=data["reason"], actor=request.user, request=request,
                                      **options)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Avoir n° {avoir.number} de {money_fr(-avoir.total_ttc)} TTC émis sur la "
                                      f"facture n° {invoice.number}.")
            return redirect("backoffice:billing_member", number=invoice.member.number)
    return render(request, "backoffice/billing/credit_note.html", {"invoice": invoice, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def credit_apply(request, number: str):
    member = get_object_or_404(Member, number=number)
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, "Cochez la case pour confirmer l'imputation des crédits.")
    else:
        applied = credit_open_apply(member=member, actor=request.user, request=request)
        messages.success(request, f"{money_fr(applied)} de crédit imputés sur les dettes les plus anciennes.")
    return redirect("backoffice:billing_member", number=number)


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def batch_detail(request, pk: int):
    batch = get_object_or_404(DirectDebitBatch, pk=pk)
    items = batch.items.select_related("mandate__member", "payment").prefetch_related("lines__invoice")
    return render(request, "backoffice/billing/batch.html", {
        "batch": batch, "collections": items, "confirm_form": ConfirmForm(),
        "reject_form": RejectForm(initial={"on": timezone.localdate()}),
    })


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def item_reject(request, pk: int):
    item = get_object_or_404(DirectDebitItem, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("backoffice:billing_batch", pk=item.batch_id)
    data = form.cleaned_data
    with refusal_told(request, first=True):
        direct_debit_item_reject(item=item, reason=data["reason"], fee=data["fee"], on=data["on"],
                                 actor=request.user, request=request)
        messages.success(request, f"Rejet enregistré : {money_fr(item.amount)} redeviennent dus, l'adhérent est "
                                  f"prévenu.")
    return redirect("backoffice:billing_batch", pk=item.batch_id)


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def letters_pdf(request):
    try:
        on = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        on = timezone.localdate()
    letters = letters_to_print(on=on)
    if not letters:
        messages.info(request, f"Aucun courrier de relance à imprimer pour le {on:%d/%m/%Y}.")
        return redirect("backoffice:billing_home")
    return file_response(content=dunning_letters_pdf(reminders=letters), filename=f"relances-courrier-{on:%Y%m%d}.pdf")


@require_GET
@staff_required(role=StaffRole.ACCOUNTING)
def fec(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choisissez une période valide pour le FEC.")
        return redirect("backoffice:billing_home")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    siren = (selectors.billing_service().siret or "")[:9]
    return file_response(content=fec_export(start=start, end=end), filename=fec_filename(siren=siren, end=end),
                         content_type="text/plain; charset=utf-8")


@staff_required(role=StaffRole.ACCOUNTING)
def bank_import(request):
    """Step 1: upload, parsed in memory; the lines wait in the session, nothing is written."""
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, content = form.cleaned_data["statement"]
        try:
            lines = statement_parse(name=name, content=content)
        except ValidationError as exc:
            form.add_error("statement", exc)
        else:
            request.session[SESSION_KEY] = [line.to_json() for line in lines]
            return redirect("backoffice:billing_bank_import")
    lines = [StatementLine.from_json(data) for data in request.session.get(SESSION_KEY, [])]
    return render(request, "backoffice/billing/bank_import.html", {
        "form": form, "suggestions": match_suggestions(lines=lines) if lines else [],
    }, status=400 if form.errors else 200)


@require_POST
@staff_required(role=StaffRole.ACCOUNTING)
def bank_import_confirm(request):
    """Step 2: the lines staff kept, each with the invoice number they confirmed or typed."""
    lines = [StatementLine.from_json(data) for data in request.session.get(SESSION_KEY, [])]
    confirmed, unknown = [], []
    for index, line in enumerate(lines):
        number = request.POST.get(f"facture-{index}", "").strip()
        if not number or request.POST.get(f"ligne-{index}") != "on":
            continue
        invoice = Invoice.objects.filter(number=number, status=InvoiceStatus.ISSUED).select_related("member").first()
        (confirmed.append((line, invoice)) if invoice else unknown.append(number))
    if unknown:
        messages.error(request, f"Facture(s) introuvable(s) : {', '.join(unknown)}. Rien n'a été enregistré.")
        return redirect("backoffice:billing_bank_import")
    payments = bank_lines_record(confirmed=confirmed, actor=request.user, request=request)
    request.session.pop(SESSION_KEY, None)
    total = sum((p.amount for p in payments), start=0)
    messages.success(request, f"{len(payments)} virement(s) enregistré(s) pour {money_fr(total)}.")
    return redirect("backoffice:billing_payments")
