"""An issued invoice never changes: what it shows is frozen when it is issued, its PDF is archived the first time
it is drawn, and every download serves the archived bytes.

- Issuing (services.invoice_issue) gives the number and takes the snapshot in one short transaction: the
  gapless counter is never held while WeasyPrint and Factur-X draw the document.
- Once that transaction has committed, a background task draws the PDF from the snapshot and archives it
  (invoice_archive_after_commit). Until it has, a download draws it the same way and archives it
  (invoice_document); the nightly `archive_invoices` command archives whatever is still missing.
- Invoices this application did not draw itself — imported from the previous system, or issued before archives
  existed — took their snapshot when they entered (legacy_invoice_import, migration 0007) and are archived the
  same way, at their first download or by the nightly command.

Whoever draws first, the first archive stored wins (the archive's primary key is the invoice) and is what every
download serves from then on. The drawing only reads the frozen invoice (snapshot, lines, totals, dates) and is
dated from the issue date (pdf.dated_on_issue), so a second drawing gives the same bytes anyway.
"""

import hashlib
import logging

from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled
from django_tasks import task

from portail.billing.models import Invoice, InvoiceArchive, InvoiceStatus
from portail.billing.pdf import invoice_pdf
from portail.billing.selectors import billing_service, billing_settings_get, member_billing_address
from portail.billing.snapshot import snapshot_build

logger = logging.getLogger(__name__)


def invoice_snapshot_take(*, invoice: Invoice, service=None, terms=None) -> dict:
    """The snapshot of a numbered invoice from the current data (member, its "Facturation" address, service,
    billing settings), as stored in `Invoice.snapshot`. A batch passes the service and the settings it read once."""
    member = invoice.member
    return snapshot_build(
        invoice=invoice, member=member, billing_address=member_billing_address(member=member),
        service=service or billing_service(), terms=terms or billing_settings_get(),
    ).to_json()


def invoice_archive_after_commit(*, invoice: Invoice) -> None:
    """In the issuing transaction: archive the invoice once its number is committed. `robust`: a drawing that
    fails after the commit never turns a successful issue into an error; the download or the nightly command
    archives the invoice later, from the same snapshot."""
    invoice_id = invoice.pk
    transaction.on_commit(lambda: invoice_archive_task.enqueue(invoice_id=invoice_id), robust=True)


@task()
def invoice_archive_task(invoice_id: int) -> str:
    with scopes_disabled():
        invoice = Invoice.objects.get(pk=invoice_id)
        return invoice_archive_ensure(invoice=invoice).sha256


def invoice_archive_ensure(*, invoice: Invoice) -> InvoiceArchive:
    """The archive of an issued invoice, drawn from its snapshot and stored if it has none yet.

    No lock is held while drawing: two first drawings at once both draw, the first insert wins, the second one's
    insert fails on the primary key (on PostgreSQL it waits for the first to commit) and it returns the stored
    row, so both callers serve the same bytes."""
    if invoice.status != InvoiceStatus.ISSUED:
        raise ValueError(f"only an issued invoice is archived (invoice {invoice.pk} is a draft)")
    existing = InvoiceArchive.objects.filter(invoice_id=invoice.pk).first()
    if existing is not None:
        return existing
    pdf = invoice_pdf(invoice=invoice)
    try:
        with transaction.atomic():
            return InvoiceArchive.objects.create(invoice=invoice, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    except IntegrityError:
        return InvoiceArchive.objects.get(invoice_id=invoice.pk)


def invoice_document(*, invoice: Invoice) -> bytes:
    """The archived PDF of an issued invoice; one that has no archive yet is archived now (see above)."""
    stored = InvoiceArchive.objects.filter(invoice_id=invoice.pk).values_list("pdf", flat=True).first()
    if stored is None:
        stored = invoice_archive_ensure(invoice=invoice).pdf
    return bytes(stored)


def invoices_archive_missing(*, limit: int | None = None) -> tuple[int, list[str]]:
    """Archive the issued invoices that still have none (a task that failed or was lost, imported history), oldest
    first. Each archive commits on its own and one that fails to draw does not stop the others. Returns how many
    were archived and the numbers of those that failed."""
    archived, failed = 0, []
    with scopes_disabled():
        missing = (Invoice.objects.filter(status=InvoiceStatus.ISSUED, archive__isnull=True)
                   .order_by("issue_date", "pk").values_list("pk", flat=True))
        for pk in list(missing[:limit] if limit is not None else missing):
            invoice = Invoice.objects.get(pk=pk)
            try:
                invoice_archive_ensure(invoice=invoice)
            except Exception:  # noqa: BLE001 — reported by number; the next night tries again
                logger.exception("billing: invoice %s could not be archived", invoice.number)
                failed.append(str(invoice.number))
            else:
                archived += 1
    return archived, failed
