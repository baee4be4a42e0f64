"""The accountant's cockpit at scale (`python -m bench.cockpit`, DATABASE_URL pointing at a database made by
`python -m bench.generate --tier L`, whose largest mandataire has 500 client companies).

Opens /tableau-de-bord/ as that mandataire in `--workers` processes at once (2 by default, the production
sizing: gunicorn's sync workers are processes, and threads of one process would wait on each other's GIL), and
prints the number of queries of one page and the p50 / p95 of the response times.
Target (issue 19): ≤ 10 queries, p95 ≤ 150 ms. Never part of the unit tests.
"""

import argparse
import multiprocessing
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import config.wsgi  # noqa: E402,F401 - the server's start-up: views imported, the start-up heap frozen
from portail.accounts.models import AccountKind, User  # noqa: E402

PATHS = ("/tableau-de-bord/", "/tableau-de-bord/?filtre=solde_du", "/tableau-de-bord/?filtre=a_saisir&tri=-balance")


def largest_mandataire() -> User:
    users = User.objects.filter(kind=AccountKind.MANDATAIRE).annotate(
        clients=Count("mandates", filter=Q(mandates__revoked_at__isnull=True)))
    user = users.order_by("-clients").first()
    if user is None:
        raise SystemExit("aucun mandataire : générez d'abord les données (python -m bench.generate --tier L)")
    return user


def timed(client: Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path, HTTP_HOST="localhost")
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} : {response.status_code}")
    return elapsed


def _worker_times(args: tuple[int, int]) -> list[float]:
    """One worker process: its own connection and session, `count` pages in turn."""
    user_pk, count = args
    connection.close()  # the parent's connection is not this process's to share
    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    timed(client, PATHS[0])  # warm: the session's first request also writes it
    return [timed(client, PATHS[n % len(PATHS)]) for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    user = largest_mandataire()
    clients = user.mandates.filter(revoked_at__isnull=True).count()
    client = Client()
    client.force_login(user)
    timed(client, PATHS[0])
    with CaptureQueriesContext(connection) as queries:
        timed(client, PATHS[0])
    connection.close()
    share = [(user.pk, args.requests // args.workers)] * args.workers
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        times = sorted(t for worker in pool.map(_worker_times, share) for t in worker)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{connection.vendor}: cockpit de {user.username} ({clients} clients), {len(queries)} requêtes SQL par page ; "
          f"{len(times)} pages sur {args.workers} processus : p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
