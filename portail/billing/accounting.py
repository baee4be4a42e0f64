"""Following up what members owe and handing it to the accountants: overdue list, who receives reminders
(billing.dunning sends them), journal export."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.db.models import F, OuterRef, Q, Subquery

from portail.billing.models import Invoice, InvoiceStatus, Payment, PaymentMethod, Reminder
from portail.billing.selectors import _allocated_subquery
from portail.core.formatting import money_csv
from portail.members.models import Member

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
    result: list[Invoice] = []
    for invoice in invoices:
        invoice.open_amount = invoice.total_ttc - invoice.allocated
        result.append(invoice)
    return result


def reminder_recipients(*, member: Member) -> list[str]:
    """The member's accountant contacts, else the company e-mail."""
    emails = list(member.contacts.filter(~Q(email=""), kind__in=["accountant", "accounting_firm"])
                  .values_list("email", flat=True))
    return emails or ([member.email] if member.email else [])


def _safe(text: str) -> str:
    """Spreadsheet formula injection: neutralise cells starting with = + - @ tab or CR (OWASP)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _amount(value: Decimal | None) -> str:
    return money_csv(value) if value else ""


def accounting_export_csv(*, start: date, end: date) -> str:
    """Journal lines (date, journal, number, member, account, label, debit, credit) for the period."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Date", "Journal", "N° pièce", "N° adhérent", "Adhérent", "Compte", "Libellé", "Débit",
                     "Crédit"])
    invoices = Invoice.objects.filter(status=InvoiceStatus.ISSUED, issue_date__range=(start, end)).select_related(
        "member").order_by("issue_date", "number")
    for inv in invoices:
        assert inv.issue_date is not None  # filtered on issue_date__range just above
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
