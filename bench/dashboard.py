"""The director's dashboard on scale data (`python -m bench.dashboard`, DATABASE_URL naming a database filled by
`python -m bench.generate --tier L`): the time of `dashboard_get()` for the data's busiest year, and its queries.
Target: under one second at tier L. Never part of the unit tests."""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from portail.backoffice.dashboard import dashboard_get  # noqa: E402


def measure(*, year: int, runs: int) -> tuple[list[float], int]:
    timings, queries = [], 0
    with scopes_disabled(), override_settings(DEBUG=True):
        for _ in range(runs):
            reset_queries()
            start = time.perf_counter()
            dashboard_get(year=year)
            timings.append(time.perf_counter() - start)
            queries = len(connection.queries)
    return timings, queries


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--annee", type=int, default=timezone.localdate().year)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    timings, queries = measure(year=args.annee, runs=args.runs)
    print(f"Tableau de bord {args.annee} : médiane {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms sur {args.runs} passages, {queries} requêtes SQL.")
    return 0 if statistics.median(timings) < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
