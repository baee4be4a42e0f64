"""The heaviest reads at scale, p50 / p95 / p99 per family: `python -m bench.heavy_queries` with DATABASE_URL
naming a database filled by `python -m bench.generate --tier L` (or XL), migrated, demo data loaded.

In-process, one request at a time, Django's test client through the whole stack (middleware, views, templates):

- the member pages of bench/pages.py for `--members` members: the `--biggest` largest ones plus a seeded random
  sample of the generated members. Each page is viewed once (the session written, missing snapshots computed,
  as the nightly run would have), then the cache is emptied and the page timed: its summaries are computed again
  from the database, the cold view;
- the staff dashboard (`dashboard_get()` for the current year), `--runs` times;
- the accountant's cockpit of the largest mandataire (its three views of bench/cockpit.py), `--runs` times each;
- the API employee page of 100 (bench/api.py: first, filtered and next pages) for up to `--members` members with
  at least 100 employees, `--runs` × 10 calls.

Prints one line per family (count, p50, p95, p99, max in ms) and, with `--json PATH`, writes them there. Writes
sessions, API tokens and their audit rows into the database: never point it at a database you must keep as it is.
The cache is the process's own (REDIS_URL is ignored), so emptying it touches nothing else. Never part of the unit
tests; figures go to docs/deploiement.md § 9.
"""

import argparse
import json
import os
import random
import sys
import time

os.environ.pop("REDIS_URL", None)  # a local cache: cache.clear() below must not empty a shared Redis
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from bench.mix import percentile  # noqa: E402
from bench.pages import member_paths  # noqa: E402
from bench.pool import member_records  # noqa: E402

HOST = "127.0.0.1"


def chosen_members(count: int, biggest: int, rng: random.Random) -> list[int]:
    """The `biggest` largest generated members (by employees) and a random sample of the others, `count` in all."""
    from portail.accounts.models import AccountKind, User
    from portail.members.models import Member

    with scopes_disabled():
        largest = list(Member.objects.filter(number__startswith="S").annotate(n=Count("employees"))
                       .order_by("-n").values_list("pk", flat=True)[:biggest])
        with_account = sorted(set(User.objects.filter(kind=AccountKind.MEMBER, member__number__startswith="S")
                                  .values_list("member_id", flat=True)) - set(largest))
    if not largest:
        raise SystemExit("aucun adhérent généré : python -m bench.generate --tier L d'abord")
    return largest + rng.sample(with_account, min(count - len(largest), len(with_account)))


def timed_get(client: Client, path: str) -> float:
    start = time.perf_counter()
    status = client.get(path, HTTP_HOST=HOST).status_code
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{path} répond {status}")
    return elapsed


def member_pages(member_ids: list[int]) -> dict[str, list[float]]:
    from portail.accounts.models import AccountKind, User
    from portail.core.tenancy import SESSION_KEY

    timings: dict[str, list[float]] = {}
    records = member_records(member_ids)
    with scopes_disabled():
        users = {u.member_id: u for u in User.objects.filter(kind=AccountKind.MEMBER, member_id__in=member_ids)}
    for done, pk in enumerate(member_ids, start=1):
        if pk not in records or pk not in users:
            continue
        client = Client()
        client.force_login(users[pk])
        session = client.session
        session[SESSION_KEY] = pk
        session.save()
        for name, path in member_paths(records[pk]).items():
            timed_get(client, path)  # warm: session, snapshots a nightly run would have stored
            cache.clear()
            timings.setdefault(f"adhérent : {name}", []).append(timed_get(client, path))
        if done % 50 == 0:
            print(f"  {done}/{len(member_ids)} adhérents", file=sys.stderr, flush=True)
    return timings


def dashboard(runs: int) -> list[float]:
    from portail.backoffice.dashboard import dashboard_get

    timings = []
    with scopes_disabled():
        for _ in range(runs):
            cache.clear()
            start = time.perf_counter()
            dashboard_get(year=timezone.localdate().year)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def cockpit(runs: int) -> tuple[str, list[float]]:
    from bench.cockpit import PATHS, largest_mandataire

    user = largest_mandataire()
    clients = user.mandates.filter(revoked_at__isnull=True).count()
    client = Client()
    client.force_login(user)
    timed_get(client, PATHS[0])  # the session's first request writes it
    timings = []
    for n in range(runs * len(PATHS)):
        cache.clear()
        timings.append(timed_get(client, PATHS[n % len(PATHS)]))
    return f"cockpit du mandataire ({clients} clients)", timings


def api_pages(members: int, calls: int, rng: random.Random) -> list[float]:
    from bench.api import call, companies, jobs_for, token

    targets = [(number, token(user)) for number, user in companies(members, rng)]
    jobs = jobs_for(targets, calls, rng)
    client = Client()
    for path, text in jobs[:10]:  # warm the process
        call(client, path, text)
    return [call(client, path, text)[0] for path, text in jobs]


def summary(name: str, values: list[float]) -> dict:
    return {"famille": name, "n": len(values), "p50": round(percentile(values, 50), 1),
            "p95": round(percentile(values, 95), 1), "p99": round(percentile(values, 99), 1),
            "max": round(max(values), 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--biggest", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.monotonic()
    families: dict[str, list[float]] = {}
    families.update(member_pages(chosen_members(args.members, args.biggest, rng)))
    families["tableau de bord de la direction"] = dashboard(args.runs)
    name, timings = cockpit(args.runs)
    families[name] = timings
    families["API : page de 100 salariés"] = api_pages(args.members, args.runs * 10, rng)
    rows = [summary(name, values) for name, values in families.items() if values]
    all_pages = [t for name, values in families.items() if name.startswith("adhérent") for t in values]
    rows.append(summary("adhérent : toutes pages", all_pages))
    print(f"{os.environ.get('DATABASE_URL', '').rsplit('/', 1)[-1]} : {args.members} adhérents "
          f"(dont les {args.biggest} plus grands), {time.monotonic() - started:.0f} s, "
          f"charge {os.getloadavg()[0]:.1f}")
    print("| famille | n | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['famille']} | {row['n']} | {row['p50']} | {row['p95']} | {row['p99']} | {row['max']} |")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rows, handle, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
