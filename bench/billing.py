"""Billing throughput (`python -m bench.billing`, with DATABASE_URL pointing at a scratch database):
issuing N invoices in one batch (invoices/s) and rendering M Factur-X invoice PDFs (PDFs/s).
Creates its own fictional members; never part of the unit tests."""

import argparse
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from portail.billing.models import InvoiceKind  # noqa: E402
from portail.billing.pdf import invoice_pdf  # noqa: E402
from portail.billing.services import invoices_issue_batch  # noqa: E402
from portail.members.demo import _service  # noqa: E402
from portail.members.models import Member  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        _service()
        members = [Member.objects.get_or_create(number=f"BENCH{n:05d}", defaults={
            "name": f"BENCH SOCIETE {n}", "siret": "30000000700017", "address_line1": "1 rue du Banc",
            "postal_code": "13001", "city": "MARSEILLE"})[0] for n in range(100)]
        targets = [members[n % len(members)] for n in range(args.invoices)]
        start = time.perf_counter()
        issued = invoices_issue_batch(members=targets, kind=InvoiceKind.CONTRIBUTION, period_label="Année 2026",
                                      period_year=2026, lines=[{"description": "Cotisation per capita",
                                                                "quantity": 7, "unit_price_ht": "115.50"}])
        elapsed = time.perf_counter() - start
        print(f"{connection.vendor}: {len(issued)} invoices issued in one batch in {elapsed:.1f} s "
              f"→ {len(issued) / elapsed:.0f} invoices/s")
        start = time.perf_counter()
        for invoice in issued[: args.pdfs]:
            invoice_pdf(invoice=invoice)
        elapsed = time.perf_counter() - start
        print(f"{connection.vendor}: {args.pdfs} Factur-X PDFs in {elapsed:.1f} s → {args.pdfs / elapsed:.1f} PDFs/s")


if __name__ == "__main__":
    main()
