"""Following up what members owe and handing it to the accountants: overdue list, reminders with the PDF
attached, journal export."""

import csv
import io
from datetime import date

from django.core.mail import EmailMessage
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from portail.audit.services import event_record
from portail.billing.archive import invoice_document
from portail.billing.models import Invoice, InvoiceStatus, Payment, PaymentMethod, Reminder
from portail.billing.selectors import _allocated_subquery, billing_service
from portail.core.formatting import money_fr

CUSTOMER_ACCOUNT = "411"
REVENUE_ACCOUNT = "706000"
VAT_ACCOUNT = "445710"
BANK_ACCOUNT = "512000"


def overdue_invoices(*, today: date | None = None) -> list[Invoice]:
    today = today or date.today()
    invoices = (
        Invoice.objects.filter(status=InvoiceStatus.ISSUED, due_date__lt=today, total_ttc__gt=0)
        .annotate(allocated=_allocated_subquery()).filter(allocated__lt=F("total_ttc"))
        .annotate(last_reminder=Subquery(Reminder.objects.filter(invoice=OuterRef("pk")).order_by("-sent_at")
                                         .values("sent_at")[:1]))
        .select_related("member").order_by("due_date", "number")
    )
    result = []
    for invoice in invoices:
        invoice.open_amount = invoice.total_ttc - invoice.allocated
        result.append(invoice)
    return result


def _reminder_recipients(member) -> list[str]:
    """The member's accountant contacts, else the company e-mail."""
    emails = list(member.contacts.filter(~Q(email=""), kind__in=["accountant", "accounting_firm"])
                  .values_list("email", flat=True))
    return emails or ([member.email] if member.email else [])


def reminded_today(*, invoice: Invoice) -> bool:
    return Reminder.objects.filter(invoice=invoice, sent_at__date=timezone.localdate()).exists()


def reminders_send(*, today: date | None = None, actor=None, request=None) -> int:
    """One e-mail per overdue invoice, with its PDF, kept as a Reminder. An invoice already reminded today
    is skipped (a second click must not send a second e-mail). Returns how many were sent."""
    service, sent = billing_service(), 0
    for invoice in overdue_invoices(today=today):
        recipients = _reminder_recipients(invoice.member)
        if not recipients or reminded_today(invoice=invoice):
            continue
        level = Reminder.objects.filter(invoice=invoice).count() + 1
        body = (
            f"Madame, Monsieur,\n\nSauf erreur de notre part, la facture n° {invoice.number} du "
            f"{invoice.issue_date:%d/%m/%Y}, exigible le {invoice.due_date:%d/%m/%Y}, reste due pour "
            f"{money_fr(invoice.open_amount)}. Vous la trouverez en pièce jointe.\n\nSi votre règlement est en "
            f"cours, merci de ne pas tenir compte de ce message.\n\n{service.name}"
        )
        message = EmailMessage(subject=f"Relance : facture n° {invoice.number}", body=body, to=recipients,
                               reply_to=[service.hotline_email] if service.hotline_email else None)
        message.attach(f"facture-{invoice.number}.pdf", invoice_document(invoice=invoice), "application/pdf")
        message.send()
        Reminder.objects.create(invoice=invoice, sent_at=timezone.now(), level=level,
                                sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                                recipients=", ".join(recipients)[:500])
        event_record(action="billing.reminder_sent", actor=actor, member=invoice.member, obj=invoice,
                     request=request, summary=f"Relance n° {level} de la facture n° {invoice.number}")
        sent += 1
    return sent


def _safe(text: str) -> str:
    """Spreadsheet formula injection: neutralise cells starting with = + - @ tab or CR (OWASP)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _amount(value) -> str:
    return f"{value:.2f}".replace(".", ",") if value else ""


def accounting_export_csv(*, start: date, end: date) -> str:
    """Journal lines (date, journal, number, member, account, label, debit, credit) for the period."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Date", "Journal", "N° pièce", "N° adhérent", "Adhérent", "Compte", "Libellé", "Débit",
                     "Crédit"])
    invoices = Invoice.objects.filter(status=InvoiceStatus.ISSUED, issue_date__range=(start, end)).select_related(
        "member").order_by("issue_date", "number")
    for inv in invoices:
        head = [inv.issue_date.strftime("%d/%m/%Y"), "VT", inv.number, inv.member.number, _safe(inv.member.name)]
        label = _safe(f"{inv.get_kind_display()} {inv.period_label}".strip())
        sign = 1 if inv.total_ttc >= 0 else -1
        rows = [(f"{CUSTOMER_ACCOUNT}{inv.member.number}", inv.total_ttc * sign, None),
                (REVENUE_ACCOUNT, None, inv.total_ht * sign), (VAT_ACCOUNT, None, inv.total_vat * sign)]
        for account, debit, credit in rows:
            if sign < 0:
                debit, credit = credit, debit
            writer.writerow([*head, account, label, _amount(debit), _amount(credit)])
    payments = Payment.objects.filter(date__range=(start, end), amount__gt=0).exclude(
        method__in=[PaymentMethod.COMPENSATION, PaymentMethod.LEGACY]).select_related("member").order_by("date", "id")
    for pay in payments:
        head = [pay.date.strftime("%d/%m/%Y"), "BQ", _safe(pay.reference or f"REG{pay.pk}"), pay.member.number,
                _safe(pay.member.name)]
        label = _safe(f"Règlement {pay.get_method_display()}")
        writer.writerow([*head, BANK_ACCOUNT, label, _amount(pay.amount), ""])
        writer.writerow([*head, f"{CUSTOMER_ACCOUNT}{pay.member.number}", label, "", _amount(pay.amount)])
    return out.getvalue()
