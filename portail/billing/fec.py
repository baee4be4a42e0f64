"""Fichier des écritures comptables (FEC, article A47 A-1 du Livre des procédures fiscales): the 18 columns,
tab-separated, dates AAAAMMJJ, amounts with a decimal comma, one line per debit or credit. Sales journal (VT)
from the issued invoices and credit notes, bank journal (BQ) from payments received (and SEPA rejects)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portail.billing.models import Invoice, InvoiceStatus, Payment, PaymentMethod
from portail.core.formatting import money_csv

COLUMNS = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise"]
JOURNALS = {"VT": "Ventes", "BQ": "Banque"}
ACCOUNTS = {"411000": "Clients adhérents", "706000": "Prestations de services", "445710": "TVA collectée",
            "512000": "Banque"}


@dataclass(frozen=True)
class Entry:
    """One accounting entry (écriture): balanced lines sharing a number, a date and a document."""

    journal: str
    on: date
    piece: str
    label: str
    member_number: str
    member_name: str
    lines: list[tuple[str, Decimal, Decimal]]  # account, debit, credit


def _text(value: str) -> str:
    """Tabs and line breaks would break the columns."""
    return " ".join(value.split())


def _invoice_entry(invoice: Invoice) -> Entry:
    ttc, ht, vat = invoice.total_ttc, invoice.total_ht, invoice.total_vat
    if ttc >= 0:
        lines = [("411000", ttc, Decimal(0)), ("706000", Decimal(0), ht), ("445710", Decimal(0), vat)]
    else:  # a credit note: the reverse entry
        lines = [("411000", Decimal(0), -ttc), ("706000", -ht, Decimal(0)), ("445710", -vat, Decimal(0))]
    # Only issued invoices are exported: they have their number and date (billing_invoice_issued_has_number).
    assert invoice.issue_date is not None and invoice.number is not None
    return Entry(journal="VT", on=invoice.issue_date, piece=invoice.number, member_number=invoice.member.number,
                 member_name=invoice.member.name, label=f"{invoice.get_kind_display()} {invoice.period_label}".strip(),
                 lines=[line for line in lines if line[1] or line[2]])


def _payment_entry(payment: Payment) -> Entry:
    amount = abs(payment.amount)
    bank, customer = ("512000", amount, Decimal(0)), ("411000", Decimal(0), amount)
    if payment.amount < 0:  # a rejected direct debit taken back
        bank, customer = ("512000", Decimal(0), amount), ("411000", amount, Decimal(0))
    return Entry(journal="BQ", on=payment.date, piece=payment.reference or f"REG{payment.pk}",
                 member_number=payment.member.number, member_name=payment.member.name,
                 label=f"Règlement {payment.get_method_display()}", lines=[bank, customer])


def fec_entries(*, start: date, end: date) -> list[Entry]:
    invoices = Invoice.objects.filter(status=InvoiceStatus.ISSUED, issue_date__range=(start, end)).select_related(
        "member").order_by("issue_date", "number")
    payments = (Payment.objects.filter(date__range=(start, end)).exclude(amount=0)
                .exclude(method__in=[PaymentMethod.COMPENSATION, PaymentMethod.LEGACY])
                .select_related("member").order_by("date", "pk"))
    entries = [_invoice_entry(i) for i in invoices] + [_payment_entry(p) for p in payments]
    return sorted(entries, key=lambda e: (e.on, e.journal))


def fec_export(*, start: date, end: date) -> str:
    """The file's text; numbers are continuous over the period, in date order."""
    rows = ["\t".join(COLUMNS)]
    for number, entry in enumerate(fec_entries(start=start, end=end), start=1):
        for account, debit, credit in entry.lines:
            aux = (entry.member_number, _text(entry.member_name)) if account == "411000" else ("", "")
            rows.append("\t".join([
                entry.journal, JOURNALS[entry.journal], f"{number:08d}", f"{entry.on:%Y%m%d}", account,
                ACCOUNTS[account], *aux, _text(entry.piece), f"{entry.on:%Y%m%d}", _text(entry.label),
                money_csv(debit), money_csv(credit), "", "", f"{entry.on:%Y%m%d}", "", "",
            ]))
    return "\r\n".join(rows) + "\r\n"


def fec_filename(*, siren: str, end: date) -> str:
    """<SIREN>FEC<AAAAMMJJ of the closing date>.txt, as the administration names it."""
    return f"{siren or '000000000'}FEC{end:%Y%m%d}.txt"
