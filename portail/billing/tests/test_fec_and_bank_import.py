"""Issue 23: the FEC export (18 columns, tab-separated, balanced) and the bank statement import (CAMT.053, CSV)
whose matching suggestions write nothing until staff confirm."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portail.billing.bank_import import (
    StatementLine,
    bank_lines_record,
    camt053_parse,
    csv_parse,
    match_suggestions,
)
from portail.billing.fec import COLUMNS, fec_export, fec_filename
from portail.billing.models import Payment, PaymentMethod
from portail.billing.selectors import invoice_open_amount
from portail.billing.services import credit_note_issue, payment_record
from portail.billing.tests.factories import issued_invoice

pytestmark = pytest.mark.django_db

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
 <Ntry><Amt Ccy="EUR">120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-03</Dt></BookgDt>
  <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
   <RltdPties><Dbtr><Nm>ENTREPRISE A</Nm></Dbtr></RltdPties>
   <RmtInf><Ustrd>VIR 900001-{number} COTISATION</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
 <Ntry><Amt Ccy="EUR">35.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-02-03</Dt></BookgDt></Ntry>
 <Ntry><Amt Ccy="EUR">60.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-04</Dt></BookgDt>
  <AddtlNtryInf>VIREMENT SANS REFERENCE</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\r\n") if line]


def test_fec_has_the_18_columns_and_balanced_entries(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 15))
    credit_note_issue(invoice=invoice, amount_ht=Decimal("10.00"), issue_date=date(2026, 1, 20))
    payment_record(member=member_a, method=PaymentMethod.TRANSFER, payment_date=date(2026, 2, 1),
                   amount=Decimal("108.00"), reference="VIR 1", allocations=[(invoice, Decimal("108.00"))])
    rows = _rows(fec_export(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert rows[0] == COLUMNS and len(COLUMNS) == 18 and all(len(r) == 18 for r in rows)
    body = rows[1:]
    assert {r[0] for r in body} == {"VT", "BQ"} and {r[3] for r in body} >= {"20260115", "20260120", "20260201"}

    def total(col: int) -> Decimal:
        return sum(Decimal(r[col].replace(",", ".")) for r in body)

    assert total(11) == total(12) == Decimal("240.00")  # 120 + 12 (credit note) + 108
    for number in {r[2] for r in body}:
        entry = [r for r in body if r[2] == number]
        assert sum(Decimal(r[11].replace(",", ".")) - Decimal(r[12].replace(",", ".")) for r in entry) == 0
    customer = [r for r in body if r[4] == "411000"]
    assert all(r[6] == "900001" and r[7] == "ENTREPRISE A" for r in customer)
    assert fec_filename(siren="123456789", end=date(2026, 12, 31)) == "123456789FEC20261231.txt"


def test_camt053_credits_are_matched_by_reference_then_by_amount(member_a):
    first = issued_invoice(member_a, amount_ht="100.00", issue_date=date(2026, 1, 5))
    second = issued_invoice(member_a, amount_ht="50.00", issue_date=date(2026, 1, 6))
    lines = camt053_parse(content=CAMT.format(number=first.number).encode())
    assert [(str(line.amount), line.booked_on) for line in lines] == [("120.00", date(2026, 2, 3)),
                                                                      ("60.00", date(2026, 2, 4))]
    suggestions = match_suggestions(lines=lines)
    assert [(s.invoice, s.reason) for s in suggestions] == [(first, "Référence de virement"),
                                                            (second, "Montant identique (à vérifier)")]
    assert not Payment.objects.exists()  # suggestions only
    bank_lines_record(confirmed=[(s.line, s.invoice) for s in suggestions])
    assert invoice_open_amount(invoice=first) == 0 and invoice_open_amount(invoice=second) == 0
    assert Payment.objects.get(amount=Decimal("120.00")).date == date(2026, 2, 3)
    again = match_suggestions(lines=lines)
    assert all(s.already_recorded for s in again)
    assert bank_lines_record(confirmed=[(lines[0], first)]) == []


def test_csv_statement_in_french_format(member_a):
    invoice = issued_invoice(member_a, amount_ht="1000.00", issue_date=date(2026, 1, 5))  # 1 200,00
    content = (f"Date;Libellé;Débit;Crédit\n03/02/2026;VIR ENTREPRISE A 900001-{invoice.number};;1 200,00\n"
               "04/02/2026;FRAIS BANCAIRES;12,00;\n").encode()
    lines = csv_parse(content=content)
    assert lines == [StatementLine(booked_on=date(2026, 2, 3), amount=Decimal("1200.00"),
                                   label=f"VIR ENTREPRISE A 900001-{invoice.number}")]
    assert match_suggestions(lines=lines)[0].invoice == invoice


@pytest.mark.parametrize("content", [b"<Document><Ntry>", b"", b"Date;Libelle;Montant\nhier;x;douze\n",
                                     b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                                     b"<Document><Ntry><Amt>&e;</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Document>"])
def test_unreadable_statements_are_refused_in_french(content):
    from portail.billing.bank_import import statement_parse

    with pytest.raises(ValidationError):
        statement_parse(name="releve.xml" if content.startswith(b"<") else "releve.csv", content=content)
