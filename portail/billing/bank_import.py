"""Bank statement import: CAMT.053 (ISO 20022) or a bank's CSV, read in memory, matched to open invoices by the
payment reference printed on them (member-invoice), else by amount. Nothing is written until staff confirm the
suggestions (`bank_lines_record`)."""

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from lxml import etree

from portail.billing.models import Invoice, InvoiceStatus, Payment, PaymentMethod
from portail.billing.selectors import _allocated_subquery, invoice_open_amount
from portail.billing.services import payment_record

MAX_LINES = 2000
REFERENCE = re.compile(r"(?<![0-9A-Z])(\d{4,10})-([A-Z]{0,6}\d{3,12})(?![0-9])")


@dataclass(frozen=True)
class StatementLine:
    booked_on: date
    amount: Decimal
    label: str
    reference: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        return {**data, "booked_on": self.booked_on.isoformat(), "amount": str(self.amount)}

    @classmethod
    def from_json(cls, data: dict) -> "StatementLine":
        return cls(booked_on=date.fromisoformat(data["booked_on"]), amount=Decimal(data["amount"]),
                   label=data["label"], reference=data["reference"])


@dataclass(frozen=True)
class Suggestion:
    line: StatementLine
    invoice: Invoice | None
    reason: str  # shown to staff: why this invoice is proposed, or why none is
    already_recorded: bool = False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node, *path: str):
    """Namespace-agnostic child lookup (camt.053.001.02 to .08 differ only by namespace)."""
    for name in path:
        node = next((child for child in node if isinstance(child.tag, str) and _local(child.tag) == name), None)
        if node is None:
            return None
    return node


def _text_at(node, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""


def camt053_parse(*, content: bytes) -> list[StatementLine]:
    """Credit entries (money received) of every statement in the file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError("Ce fichier n'est pas un relevé CAMT.053 lisible (XML invalide).") from exc
    lines = []
    for entry in root.iter("{*}Ntry"):
        if _text_at(entry, "CdtDbtInd") != "CRDT":
            continue
        booked = _text_at(entry, "BookgDt", "Dt") or _text_at(entry, "BookgDt", "DtTm")[:10]
        details = _find(entry, "NtryDtls", "TxDtls")
        scope = details if details is not None else entry
        label = " ".join(filter(None, [_text_at(scope, "RltdPties", "Dbtr", "Nm"), _text_at(scope, "RmtInf", "Ustrd"),
                                       _text_at(entry, "AddtlNtryInf")]))
        try:
            lines.append(StatementLine(booked_on=date.fromisoformat(booked), amount=Decimal(_text_at(entry, "Amt")),
                                       label=label[:300], reference=_text_at(scope, "Refs", "EndToEndId")[:35]))
        except (ValueError, InvalidOperation) as exc:
            raise ValidationError("Une écriture du relevé n'a pas de date ou de montant lisible.") from exc
    return _bounded(lines)


def _decimal_fr(value: str) -> Decimal:
    cleaned = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "").replace(",", ".")
    return Decimal(cleaned)


def _date_any(value: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _column(header: list[str], *names: str) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((i for i, h in enumerate(lowered) for n in names if n in h), None)


def csv_parse(*, content: bytes) -> list[StatementLine]:
    """A bank's CSV export: a header naming the date, the label and either an amount or a credit column."""
    text = content.decode("utf-8-sig", errors="replace") if b"\x00" not in content else ""
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.count(";") >= text.count(",") else ","))
    if not rows:
        raise ValidationError("Ce fichier CSV est vide ou illisible.")
    header = rows[0]
    when, label = _column(header, "date"), _column(header, "libell", "label")
    amount = _column(header, "crédit", "credit", "montant", "amount")
    if when is None or amount is None:
        raise ValidationError("Colonnes attendues : Date, Libellé et Montant (ou Crédit).")
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            value = _decimal_fr(row[amount]) if row[amount].strip() else Decimal(0)
            if value > 0:
                lines.append(StatementLine(booked_on=_date_any(row[when]), amount=value,
                                           label=(row[label] if label is not None else "")[:300]))
        except (IndexError, ValueError, InvalidOperation) as exc:
            raise ValidationError(f"Ligne {number} du fichier : date ou montant illisible.") from exc
    return _bounded(lines)


def _bounded(lines: list[StatementLine]) -> list[StatementLine]:
    if len(lines) > MAX_LINES:
        raise ValidationError(f"Le relevé compte plus de {MAX_LINES} encaissements : importez-le par période.")
    return lines


def statement_parse(*, name: str, content: bytes) -> list[StatementLine]:
    if name.lower().endswith(".xml") or content.lstrip()[:5] == b"<?xml":
        return camt053_parse(content=content)
    return csv_parse(content=content)


def _open_invoices() -> list[Invoice]:
    invoices = (Invoice.objects.filter(status=InvoiceStatus.ISSUED, total_ttc__gt=0)
                .annotate(allocated=_allocated_subquery()).select_related("member").order_by("due_date", "number"))
    result: list[Invoice] = []
    for invoice in invoices:
        invoice.open_amount = invoice.total_ttc - invoice.allocated
        if invoice.open_amount > 0:
            result.append(invoice)
    return result


def _already_recorded(line: StatementLine) -> bool:
    return Payment.objects.filter(method=PaymentMethod.TRANSFER, date=line.booked_on, amount=line.amount,
                                  reference=_payment_reference(line)).exists()


def _payment_reference(line: StatementLine) -> str:
    return f"Virement {line.reference or line.label}"[:100]


def match_suggestions(*, lines: list[StatementLine]) -> list[Suggestion]:
    """For each line: the invoice whose payment reference (member-invoice) appears in its label, else the only
    open invoice of exactly that amount, else nothing (staff record it by hand)."""
    open_invoices = _open_invoices()
    by_reference = {(i.member.number, i.number): i for i in open_invoices}
    suggestions = []
    for line in lines:
        invoice, reason = None, "Aucune facture ouverte ne correspond"
        for member_number, invoice_number in REFERENCE.findall(f"{line.label} {line.reference}".upper()):
            if (member_number, invoice_number) in by_reference:
                invoice, reason = by_reference[(member_number, invoice_number)], "Référence de virement"
                break
        if invoice is None:
            same = [i for i in open_invoices if i.open_amount == line.amount]
            if len(same) == 1:
                invoice, reason = same[0], "Montant identique (à vérifier)"
            elif same:
                reason = f"{len(same)} factures ouvertes de ce montant : à choisir à la main"
        suggestions.append(Suggestion(line=line, invoice=invoice, reason=reason,
                                      already_recorded=_already_recorded(line)))
    return suggestions


@transaction.atomic
def bank_lines_record(*, confirmed: list[tuple[StatementLine, Invoice]], actor=None, request=None) -> list[Payment]:
    """Record the transfers staff confirmed, each allocated to its invoice up to what is open there (the rest
    stays a credit on the member's account). A line already recorded is skipped."""
    payments = []
    for line, invoice in confirmed:
        if _already_recorded(line):
            continue
        part = min(line.amount, invoice_open_amount(invoice=invoice))
        payments.append(payment_record(
            member=invoice.member, method=PaymentMethod.TRANSFER, payment_date=line.booked_on, amount=line.amount,
            reference=_payment_reference(line), allocations=[(invoice, part)] if part > 0 else [], actor=actor,
            request=request,
        ))
    return payments
