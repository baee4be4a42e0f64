"""Declaration campaign throughput (`python -m bench.declarations`, DATABASE_URL pointing at a scratch
database): opening a campaign for N members (declarations/s) and validating N submitted declarations, each
issuing its Cotisation invoice (declarations validated and invoices issued per second).
Creates its own fictional members; never part of the unit tests."""

import argparse
import os
import time
from datetime import date
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from portail.declarations import services  # noqa: E402
from portail.declarations.models import Campaign, Declaration, DeclarationStatus  # noqa: E402
from portail.members.models import Member  # noqa: E402
from portail.portal.demo.members import _service  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2099)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        _service()
        existing = Member.objects.filter(number__startswith="BD").count()
        Member.objects.bulk_create([
            Member(number=f"BD{n:06d}", name=f"BENCH DECLARATION {n}", siret="30000000700017",
                   address_line1="1 rue du Banc", postal_code="13001", city="MARSEILLE")
            for n in range(existing, args.members)
        ], batch_size=1000)
        if Campaign.objects.filter(year=args.year).exists():
            raise SystemExit(f"campagne {args.year} déjà présente : utilisez une base vierge ou --year")

        start = time.perf_counter()
        campaign = services.campaign_open(
            actor=None, year=args.year, reference_date=date(args.year, 1, 1), opens_on=date(args.year, 1, 5),
            closes_on=date(args.year, 1, 31), tariff_si=Decimal("115.50"), tariff_sia=Decimal("115.50"),
            tariff_sir=Decimal("138.60"), vat_rate=Decimal("20.00"))
        opened = campaign.declarations.count()
        elapsed = time.perf_counter() - start
        print(f"{connection.vendor}: campaign opened for {opened} members in {elapsed:.1f} s "
              f"→ {opened / elapsed:.0f} declarations/s")
        # Submitted declarations (the member side is not what is measured here).
        now = timezone.now()
        batch = list(Declaration.objects.filter(campaign=campaign, member__number__startswith="BD"))
        for n, declaration in enumerate(batch):
            declaration.status, declaration.number = DeclarationStatus.CONFIRMED, f"B{args.year}-{n:07d}"
            declaration.count_si, declaration.count_sia, declaration.count_sir = 5 + n % 7, n % 3, n % 4
            declaration.amount_ht = Decimal("115.50") * (5 + n % 7 + n % 3) + Decimal("138.60") * (n % 4)
            declaration.submitted_at = now
        Declaration.objects.bulk_update(batch, ["status", "number", "count_si", "count_sia", "count_sir",
                                                "amount_ht", "submitted_at"], batch_size=1000)
        start = time.perf_counter()
        for declaration in batch:
            services.declaration_validate(declaration=declaration, actor=None)
        elapsed = time.perf_counter() - start
        invoices = Declaration.objects.filter(campaign=campaign, invoice__isnull=False).count()
        print(f"{connection.vendor}: {len(batch)} declarations validated, {invoices} invoices issued in "
              f"{elapsed:.1f} s → {len(batch) / elapsed:.0f} validations/s, {invoices / elapsed:.0f} invoices/s")


if __name__ == "__main__":
    main()
