"""Query plans of the member pages on generated data (quality anchors P-4; not a unit test).

    python -m bench.query_plans              # generate tier M into portail_plans, then check
    python -m bench.query_plans --tier S     # smaller, quicker
    python -m bench.query_plans --no-generate  # reuse portail_plans as it is

For the biggest member of the generated data, every query that its pages issue (the pages of
bench/pages.py, same as the throughput bench) is run through `EXPLAIN (FORMAT JSON)`; a
sequential scan keeping less than half of a table of more than 10,000 rows is a failure. Prints one line per query
and exits 1 on any failure.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "portail_plans"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
BIG_TABLE_ROWS = 10_000


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def _seq_scans(plan: dict, big_tables: dict[str, int]) -> list[str]:
    """Sequential scans of big tables, unless a filter keeps most of the rows (e.g. the snapshot rows
    of a member that owns most of them: reading the table is then what PostgreSQL should do). A scan
    without a filter — the whole table read for a hash join — always counts."""
    found = []
    table_rows = big_tables.get(plan.get("Relation Name", ""), 0)
    selective = "Filter" not in plan or plan.get("Plan Rows", 0) < table_rows / 2
    if plan.get("Node Type") == "Seq Scan" and table_rows > BIG_TABLE_ROWS and selective:
        found.append(f"Seq Scan sur {plan['Relation Name']} ({table_rows:,} lignes, "
                     f"{plan.get('Plan Rows', 0):,} gardées)")
    for child in plan.get("Plans", []):
        found += _seq_scans(child, big_tables)
    return found


def _table_sizes(cursor) -> dict[str, int]:
    cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
    return dict(cursor.fetchall())


def _member_pages_queries(member, user) -> dict[str, list[str]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import member_paths
    from bench.pool import member_records
    from portail.core.tenancy import SESSION_KEY

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = member.pk
    session.save()
    captured = {}
    for name, path in member_paths(member_records([member.pk])[member.pk]).items():
        client.get(path)
        cache.clear()  # the page's summaries computed again (members/freshness.py): their queries are the ones to check
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} répond {status}")
        captured[name] = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return captured


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", default="M")
    parser.add_argument("--no-generate", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.update({
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    })
    if not args.no_generate:
        _recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from bench.generate import generate
    from portail.accounts.models import User
    from portail.members.models import Member

    if not args.no_generate:
        call_command("migrate", verbosity=0, interactive=False)
        generate(tier=args.tier)
        call_command("compliance_refresh")  # as the nightly timer does: every member's next due visits stored
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        sizes = _table_sizes(cursor)
    with scopes_disabled():
        member = Member.objects.annotate(n=Count("employees")).order_by("-n").first()
        user = User.objects.filter(member=member).first()
        print(f"Adhérent {member.number} : {member.n:,} salariés ; tables > {BIG_TABLE_ROWS:,} lignes : "
              + ", ".join(f"{t} {n:,}" for t, n in sorted(sizes.items()) if n > BIG_TABLE_ROWS))
    failures = 0
    for page, queries in _member_pages_queries(member, user).items():
        for sql in queries:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]["Plan"]
            scans = _seq_scans(plan, sizes)
            failures += bool(scans)
            verdict = "ÉCHEC " + "; ".join(scans) if scans else "ok"
            print(f"{page:32} {verdict:60} {sql[:90]}")
    print(f"{failures} requête(s) avec un parcours séquentiel d'une grande table")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
