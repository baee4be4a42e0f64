"""Billing throughput (`python -m bench.billing --invoices 1000`, with DATABASE_URL pointing at a scratch database):

- issuing N invoices in one batch transaction: how long the gapless series counter stays locked (invoices/s);
- archiving their PDFs after the commit (the on_commit tasks; with the default immediate backend they run here,
  one after the other: PDFs/s);
- drawing M of them again from their snapshots: PDFs/s, and whether each is byte-identical to its archive.

Creates its own fictional members; never part of the unit tests."""

import argparse
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from portail.billing import services  # noqa: E402
from portail.billing.models import InvoiceArchive, InvoiceKind  # noqa: E402
from portail.billing.pdf import invoice_pdf  # noqa: E402
from portail.members.models import Member  # noqa: E402
from portail.portal.demo.members import _service  # noqa: E402


def _members(count: int) -> list[Member]:
    _service()
    return [Member.objects.get_or_create(number=f"BENCH{n:05d}", defaults={
        "name": f"BENCH SOCIETE {n}", "siret": "30000000700017", "address_line1": "1 rue du Banc",
        "postal_code": "13001", "city": "MARSEILLE"})[0] for n in range(count)]


def _issue(targets: list[Member]) -> tuple[list, float, float, float]:
    """The batch in one transaction: its length, how long the series counter was locked in it (from the first
    number to the commit, marked by the first on_commit callback, which runs before the archiving ones), and the
    archiving after the commit."""
    committed: list[float] = []
    first_number: list[float] = []
    numbering = services._next_sequence_value

    def timed(series):
        first_number.append(first_number[0] if first_number else time.perf_counter())
        return numbering(series)

    services._next_sequence_value = timed
    start = time.perf_counter()
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            issued = services.invoices_issue_batch(
                members=targets, kind=InvoiceKind.CONTRIBUTION, period_label="Année 2026", period_year=2026,
                lines=[{"description": "Cotisation per capita", "quantity": 7, "unit_price_ht": "115.50"}])
    finally:
        services._next_sequence_value = numbering
    end = time.perf_counter()
    return issued, committed[0] - start, committed[0] - first_number[0], end - committed[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", "--count", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    with scopes_disabled():
        members = _members(100)
        issued, elapsed, locked, archiving = _issue([members[n % len(members)] for n in range(args.invoices)])
        print(f"{vendor}: {len(issued)} invoices issued in one transaction in {elapsed:.1f} s "
              f"→ {len(issued) / elapsed:.0f} invoices/s; series counter locked {locked:.1f} s "
              f"({locked / len(issued) * 1000:.1f} ms per invoice)")
        archived = InvoiceArchive.objects.filter(invoice__in=issued).count()
        print(f"{vendor}: {archived} PDFs archived after the commit in {archiving:.1f} s"
              + (f" → {archived / archiving:.1f} PDFs/s" if archived else " (queued for the worker)"))
        sample = issued[: args.pdfs]
        if not sample:
            return
        start = time.perf_counter()
        redrawn = {invoice.pk: invoice_pdf(invoice=invoice) for invoice in sample}
        elapsed = time.perf_counter() - start
        stored = dict(InvoiceArchive.objects.filter(invoice__in=sample).values_list("invoice_id", "pdf"))
        same = sum(bytes(stored[pk]) == pdf for pk, pdf in redrawn.items() if pk in stored)
        print(f"{vendor}: {len(sample)} Factur-X PDFs drawn again in {elapsed:.1f} s → {len(sample) / elapsed:.1f} "
              f"PDFs/s; {same}/{len(stored)} byte-identical to their archive")


if __name__ == "__main__":
    main()
