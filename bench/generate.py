"""Scale data for benchmarks and query plans: `python -m bench.generate --tier S|M|L|XL` (DATABASE_URL names the
database; it must hold no scale data yet).

Deterministic (fixed seed), bulk inserts only. One module per domain under bench/data/, run in DOMAINS order;
they share a `ScaleContext` (the random generator, the tier, and what earlier domains created).
"""

import argparse
import gc
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module

TIERS = {
    "XS": (100, 1_500),
    "S": (1_000, 15_000),
    "M": (10_000, 120_000),
    "L": (100_000, 1_500_000),
    "XL": (400_000, 6_000_000),  # a national-deployment sample: a quarter of 1.6 M establishments, 19.2 M employees
}
DOMAINS = ("members", "workforce", "billing", "declarations", "appointments", "activity")


class ScaleDataExists(Exception):
    pass


@dataclass
class ScaleContext:
    tier: str
    members: int
    employees: int
    rng: random.Random
    with_nir: bool = True
    created: dict = field(default_factory=dict)  # domain → facts later domains need (ids, sizes)


@contextmanager
def _fast_session():
    """PostgreSQL session settings for the load, reset afterwards (the connection may be reused).

    - synchronous_commit off: a crash loses the last commits of scale data, which is regenerated anyway.
    - session_replication_role replica (superuser only): PostgreSQL then skips its triggers, among them the
      referential-integrity checks, one per row of every COPY into a table with foreign keys. The generator
      builds consistent rows itself (bench/tests/test_generate.py checks that every key resolves), and the
      triggers that protect issued invoices guard against later changes, not against this load.
      Without the privilege the checks simply run.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        superuser = cursor.fetchone()[0] == "on"
        cursor.execute("SET synchronous_commit = off")
        if superuser:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
            if superuser:
                cursor.execute("RESET session_replication_role")


def generate(*, tier: str = "S", seed: int = 2026, with_nir: bool = True, stdout=sys.stdout) -> None:
    """Load one tier into the configured database (Django set up by the caller)."""
    from django.db import connection
    from django_scopes import scopes_disabled

    from portail.members.models import Member

    if Member.objects.filter(number__startswith="S").exists():
        raise ScaleDataExists("Des données de volume existent déjà dans cette base : utilisez une base vide.")
    members, employees = TIERS[tier]
    ctx = ScaleContext(tier=tier, members=members, employees=employees, rng=random.Random(seed), with_nir=with_nir)
    started = time.perf_counter()
    # Millions of rows mean millions of tuples and lists that live until their COPY, hardly any in a
    # reference cycle: the cyclic collector would only walk the growing heap again and again.
    gc.disable()
    try:
        with scopes_disabled(), _fast_session():
            for domain in DOMAINS:
                step = time.perf_counter()
                import_module(f"bench.data.{domain}").generate(ctx=ctx, stdout=stdout)
                print(f"  {domain} : {time.perf_counter() - step:.1f} s", file=stdout)
    finally:
        gc.enable()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Planner statistics now rather than when autovacuum gets round to it: query plans measured right
        # after the load see the volumes. A fixed sample per table, a few seconds even on tier L.
        step = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  statistiques (ANALYZE) : {time.perf_counter() - step:.1f} s", file=stdout)
    print(f"Palier {tier} généré en {time.perf_counter() - started:.1f} s.", file=stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=sorted(TIERS), default="S")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sans-nir", action="store_true", help="Ne pas générer de NIR (plus rapide).")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    try:
        generate(tier=args.tier, seed=args.seed, with_nir=not args.sans_nir)
    except ScaleDataExists as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
