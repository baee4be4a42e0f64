"""The open API at scale (`python -m bench.api`, DATABASE_URL pointing at a database made by
`python -m bench.generate --tier L`, migrated; REDIS_URL for the shared cache that counts the tokens' calls).

Picks `--members` companies with at least 100 present employees (the largest included), gives each principal
account a personal token (accounts.services.api_token_create, as the account page does), then asks, in-process,
`--requests` employee pages of 100 (`GET /api/v1/members/<n>/employees?limit=100`: first pages, the next pages by
their cursor, and filtered pages), on `--workers` threads. Every call goes through the whole stack: token
lookup, rate limit in the cache, role and scope check, the page's query, serialisation, and its audit row.

Prints the SQL queries of one call, then wall time p50 / p95 / max and the CPU time of this process per call
(the server's share; PostgreSQL's CPU is not in it). Bar (issue 22): p95 ≤ 50 ms. Never part of the unit tests.
"""

import argparse
import os
import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from portail.accounts.models import AccountKind, User  # noqa: E402
from portail.accounts.roles import Role  # noqa: E402
from portail.accounts.services import api_token_create  # noqa: E402
from portail.members.models import Member  # noqa: E402

PAGE = 100


def companies(count: int, rng: random.Random) -> list[tuple[str, User]]:
    """(member number, principal account) of companies with ≥ PAGE present employees, the largest first."""
    today = timezone.localdate()
    present = Q(employees__exit_date__isnull=True) | Q(employees__exit_date__gte=today)
    big = list(Member.objects.annotate(n=Count("employees", filter=present)).filter(n__gte=PAGE)
               .order_by("-n").values_list("pk", "number")[:5000])
    if not big:
        raise SystemExit("aucun adhérent de 100 salariés : générez d'abord les données (python -m bench.generate --tier L)")
    chosen = big[:1] + rng.sample(big[1:], min(count - 1, len(big) - 1))
    accounts = {u.member_id: u for u in User.objects.filter(kind=AccountKind.MEMBER, is_active=True,
                                                            member_id__in=[pk for pk, _ in chosen])}
    return [(number, accounts[pk]) for pk, number in chosen if pk in accounts]


def token(user: User) -> str:
    return api_token_create(user=user, role=Role.ADMIN, name="bench", scopes={"employees": "read"},
                            expires_on=timezone.localdate() + timedelta(days=1)).text


def call(client: Client, path: str, text: str) -> tuple[float, float, dict]:
    wall, cpu = time.perf_counter(), time.thread_time()
    response = client.get(path, HTTP_HOST="localhost", headers={"Authorization": f"Bearer {text}"})
    cpu, wall = (time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} : {response.status_code} {response.content[:200]!r}")
    return wall, cpu, response.json()


def jobs_for(targets: list[tuple[str, str]], requests: int, rng: random.Random) -> list[tuple[str, str]]:
    """(path, token): first pages 60 %, filtered pages 20 %, next pages (by a cursor read before) 20 %."""
    jobs, client = [], Client()
    for n in range(requests):
        number, text = targets[n % len(targets)]
        base = f"/api/v1/members/{number}/employees?limit={PAGE}"
        kind = rng.random()
        if kind < 0.6:
            jobs.append((base, text))
        elif kind < 0.8:
            jobs.append((base + rng.choice(("&status=tous", "&category=SIA", "&contract=CDI", "&q=MA")), text))
        else:
            cursor = call(client, base, text)[2]["next_cursor"]
            jobs.append((base + (f"&cursor={cursor}" if cursor else ""), text))
    return jobs


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    targets = [(number, token(user)) for number, user in companies(args.members, rng)]
    jobs = jobs_for(targets, args.requests, rng)
    client = Client()
    for path, text in jobs[:20]:  # warm: imports, connections, caches of the process
        call(client, path, text)
    with CaptureQueriesContext(connection) as queries:
        call(client, *jobs[0])
    load = os.getloadavg()[0]
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(lambda job: call(Client(), *job)[:2], jobs))
    walls, cpus = [r[0] for r in results], [r[1] for r in results]
    print(f"{connection.vendor}: {len(targets)} adhérents ≥ {PAGE} salariés, {len(jobs)} pages de {PAGE} sur "
          f"{args.workers} fil(s) ; {len(queries)} requêtes SQL par appel ; charge de la machine {load:.1f}")
    print(f"temps réel : p50 {statistics.median(walls):.1f} ms, p95 {percentile(walls, 0.95):.1f} ms, "
          f"max {max(walls):.1f} ms")
    print(f"CPU du processus par appel : p50 {statistics.median(cpus):.1f} ms, p95 {percentile(cpus, 0.95):.1f} ms")
    verdict = "tenu" if percentile(walls, 0.95) <= 50 else "NON tenu"
    print(f"seuil p95 ≤ 50 ms : {verdict}")


if __name__ == "__main__":
    main()
