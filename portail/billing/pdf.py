"""PDFs of invoices (Factur-X EN 16931), of the échéancier and of a signed SEPA mandate (WeasyPrint)."""

import io
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from facturx import generate_from_binary
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, StreamObject, TextStringObject
from weasyprint import HTML

from portail.billing.facturx_xml import invoice_xml
from portail.billing.models import Invoice
from portail.billing.selectors import (
    bank_details_get,
    billing_service,
    billing_settings_get,
    member_billing_address,
)
from portail.billing.snapshot import buyer_party
from portail.core.money import cents

__all__ = ["billing_service", "invoice_pdf", "mandate_pdf", "render_pdf", "statement_pdf"]


def render_pdf(template: str, context: dict, *, pdfa: bool = False) -> bytes:
    html = render_to_string(template, context)
    options = {"pdf_variant": "pdf/a-3b"} if pdfa else {}
    return HTML(string=html).write_pdf(**options)


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """Draw an issued invoice from what it froze at issue (its snapshot, lines and totals), never from the
    member's or the service's current data. Callers serve the archive (billing.archive), not this."""
    frozen = invoice.frozen
    seller, buyer = frozen.seller, frozen.buyer
    title = f"{invoice.get_kind_display()} n° {invoice.number}"
    pdf = render_pdf("billing/pdf/invoice.html", {
        "invoice": invoice, "lines": invoice.lines.all(), "seller": seller, "buyer": buyer,
        "payment": frozen.payment, "vat_summary": _vat_summary(invoice),
    }, pdfa=True)
    xml = invoice_xml(invoice=invoice, snapshot=frozen)
    facturx = generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=True, lang="fr-FR",
                                   pdf_metadata={"author": seller.name, "keywords": "Factur-X, facture",
                                                 "title": title, "subject": f"{title} – {buyer.name}"})
    assert invoice.issue_date is not None, "only an issued invoice is drawn"
    return dated_on_issue(facturx, issue_date=invoice.issue_date)


_XMP_DATES = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>")


def dated_on_issue(pdf: bytes, *, issue_date: date) -> bytes:
    """factur-x stamps the time of drawing in three places (document information, XMP metadata, the embedded
    XML's modification date): the issue date's midnight instead, so that the same snapshot always draws the same
    bytes, and the information and XMP dates agree as PDF/A asks. WeasyPrint adds no date of its own and takes
    the file identifier from a hash of the content."""
    moment = datetime.combine(issue_date, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    offset = moment.strftime("%z")
    pdf_date = TextStringObject(f"{moment:D:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)), keep_initial_header=True)  # PDF 1.7, as PDF/A-3
    writer.add_metadata({"/CreationDate": pdf_date, "/ModDate": pdf_date})
    attachments = writer.root_object["/AF"].get_object()
    assert isinstance(attachments, ArrayObject)  # PDF/A-3 lists its embedded files there
    for filespec in attachments:
        params = filespec.get_object()["/EF"]["/F"].get_object()["/Params"]
        params[NameObject("/ModDate")] = pdf_date
    xmp = writer.root_object["/Metadata"].get_object()
    assert isinstance(xmp, StreamObject)
    stamp = moment.isoformat().encode()
    xmp.set_data(_XMP_DATES.sub(lambda m: b"<xmp:%s>%s</xmp:%s>" % (m[1], stamp, m[1]), xmp.get_data()))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _vat_summary(invoice: Invoice) -> list[dict]:
    rates: dict = {}
    for line in invoice.lines.all():
        rates.setdefault(line.vat_rate, 0)
        rates[line.vat_rate] += line.total_ht
    return [
        {"rate": rate, "basis": basis, "amount": cents(basis * rate / 100)}
        for rate, basis in sorted(rates.items())
    ]


def statement_pdf(*, member, statement, today, title: str = "Échéancier") -> bytes:
    """A statement of the current situation: addressed as an invoice issued today would be (the Facturation
    address when there is one), with the bank account of the billing settings."""
    return render_pdf("billing/pdf/statement.html", {
        "service": billing_service(), "buyer": buyer_party(member, member_billing_address(member=member)),
        "statement": statement, "today": today, "title": title, "bank": bank_details_get(),
    })


def mandate_pdf(*, mandate) -> bytes:
    service = billing_service()
    return render_pdf("billing/pdf/mandate.html", {
        "service": service, "creditor": service, "mandate": mandate, "member": mandate.member,
        "prenotification_days": billing_settings_get().sepa_prenotification_days,
    })
