"""An issued invoice never changes: what it shows is frozen when it is issued, its PDF is archived, and every
download serves the archived bytes.

- Invoices this application issues (credit notes included) take their snapshot and their archive in the
  transaction that gives them their number (services.invoice_issue).
- Invoices it did not draw itself — imported from the previous system, or issued before archives existed — take
  their snapshot when they enter (legacy_invoice_import, migration 0007, from the data as it was then) and their
  archive at their first download, drawn from that snapshot only; from then on the same bytes, for ever.
"""

import hashlib

from django.db import transaction

from portail.billing.models import Invoice, InvoiceArchive
from portail.billing.pdf import invoice_pdf
from portail.billing.selectors import billing_service, billing_settings_get, member_billing_address
from portail.billing.snapshot import snapshot_build


def invoice_snapshot_take(*, invoice: Invoice) -> dict:
    """The snapshot of a numbered invoice from the current data (member, its "Facturation" address, service,
    billing settings), as stored in `Invoice.snapshot`."""
    member = invoice.member
    return snapshot_build(
        invoice=invoice, member=member, billing_address=member_billing_address(member=member),
        service=billing_service(), terms=billing_settings_get(),
    ).to_json()


def invoice_archive_create(*, invoice: Invoice) -> InvoiceArchive:
    """Draw the issued invoice from its snapshot and keep the bytes. Runs in the caller's transaction."""
    pdf = invoice_pdf(invoice=invoice)
    return InvoiceArchive.objects.create(invoice=invoice, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def invoice_document(*, invoice: Invoice) -> bytes:
    """The archived PDF of an issued invoice; one without an archive yet is archived now (see above)."""
    stored = InvoiceArchive.objects.filter(invoice_id=invoice.pk).values_list("pdf", flat=True).first()
    if stored is None:
        stored = _archive_once(invoice_id=invoice.pk).pdf
    return bytes(stored)


@transaction.atomic
def _archive_once(*, invoice_id: int) -> InvoiceArchive:
    """Two first downloads at once: the second waits for the first's row lock, then serves its archive."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id, status="issued")
    existing = InvoiceArchive.objects.filter(invoice=invoice).first()
    return existing or invoice_archive_create(invoice=invoice)
