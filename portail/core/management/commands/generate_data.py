"""Scale data for benchmarks and query plans: `manage.py generate_data --tier S|M|L`.

Deterministic (fixed seed), bulk inserts only. Each app may ship `portail/<app>/scale.py` with
`generate(*, ctx, stdout)`; they run in INSTALLED_APPS order and share `ctx` (the random generator,
the tier, and what earlier apps created).
"""

import gc
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_scopes import scopes_disabled

TIERS = {
    "XS": (100, 1_500),
    "S": (1_000, 15_000),
    "M": (10_000, 120_000),
    "L": (100_000, 1_500_000),
}


@dataclass
class ScaleContext:
    tier: str
    members: int
    employees: int
    rng: random.Random
    with_nir: bool = True
    created: dict = field(default_factory=dict)  # app → facts later apps need (ids, sizes)


@contextmanager
def _fast_session():
    """PostgreSQL session settings for the load, reset afterwards (the connection may be reused).

    - synchronous_commit off: a crash loses the last commits of scale data, which is regenerated anyway.
    - session_replication_role replica (superuser only): PostgreSQL then skips its triggers, among them the
      referential-integrity checks, one per row of every COPY into a table with foreign keys. The generator
      builds consistent rows itself (test_generate_data_apps checks that every key resolves), and the
      triggers that protect issued invoices guard against later changes, not against this load.
      Without the privilege the checks simply run.
    """
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


class Command(BaseCommand):
    help = "Génère des données de volume (adhérents, salariés, factures…) de façon déterministe."
    requires_system_checks = []  # a data load: the checks (seconds at start-up) belong to the deploy, not here

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), default="S")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--sans-nir", action="store_true", help="Ne pas générer de NIR (plus rapide).")

    def handle(self, *args, tier, seed, sans_nir, **options):
        from portail.members.models import Member

        if Member.objects.filter(number__startswith="S").exists():
            raise CommandError("Des données de volume existent déjà dans cette base : utilisez une base vide.")
        members, employees = TIERS[tier]
        ctx = ScaleContext(tier=tier, members=members, employees=employees, rng=random.Random(seed),
                           with_nir=not sans_nir)
        started = time.perf_counter()
        # Millions of rows mean millions of tuples and lists that live until their COPY, hardly any in a
        # reference cycle: the cyclic collector would only walk the growing heap again and again.
        gc.disable()
        try:
            with scopes_disabled(), _fast_session():
                for config in apps.get_app_configs():
                    module_name = f"{config.name}.scale"
                    if config.name.startswith("portail.") and find_spec(module_name):
                        step = time.perf_counter()
                        import_module(module_name).generate(ctx=ctx, stdout=self.stdout)
                        self.stdout.write(f"  {config.label} : {time.perf_counter() - step:.1f} s")
        finally:
            gc.enable()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Planner statistics now rather than when autovacuum gets round to it: query plans measured right
            # after the load see the volumes. A fixed sample per table, a few seconds even on tier L.
            step = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"  statistiques (ANALYZE) : {time.perf_counter() - step:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Palier {tier} généré en {time.perf_counter() - started:.1f} s."))
