"""Server CPU in this process, without the noise of a shared machine, through Django's test client on the database
the previous `python -m bench.run --tier L` left (BENCH_DATABASE, default portail_bench). Two measures:

- `--pages` (issue 17's bar: no member page over 20 ms of server CPU cold): for members never viewed (the other end
  of the pool's order, bench/pool.py), each page of bench/pages.py viewed right after a write to the member's data
  (its employee form posted with another job title), then viewed again: CPU of the cold view and of the warm one,
  median, p95 and max over the members; `--repeat 3` keeps the least of three passes for each (member, page),
  what the page costs without a busy neighbour's share of this virtual machine;
- by default, each step of the P-7 journey for members never viewed (cold caches as after a login), the login
  itself left out (its cost is the Argon2 check, measured by `python -m bench.run`): same steps and form
  submissions as bench/locustfile.py.

PostgreSQL's own CPU is not in these figures (the page bench reports it per role).

    python -m bench.journey_cpu --pages --members 30 [--repeat 3]
    python -m bench.journey_cpu --members 30 [--skip 3000] [--profile accueil]
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

# Views called as config/wsgi.py's server calls them: Django's test client does not go through that application.
from portail.core.roomy_stack import in_roomy_stack

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("accueil", "liste des salariés", "modifier (GET)", "modifier (POST)", "déclarations", "formulaire")


def journey_members(*, count: int, skip: int) -> list[tuple[str, str]]:
    """Generated members with at least 5 employees and a declaration to fill, past the ones locust uses first;
    their snapshots computed as by the nightly job."""
    from django.db.models import Count, Q
    from django_scopes import scopes_disabled

    from portail.accounts.models import AccountKind, User
    from portail.appointments.snapshots import snapshots_refresh
    from portail.declarations.models import FILLABLE

    with scopes_disabled():
        accounts = list(
            User.objects.filter(kind=AccountKind.MEMBER, member__number__startswith="S")
            .annotate(
                staff=Count("member__employees", distinct=True),
                to_fill=Count("member__declarations", filter=Q(member__declarations__status__in=FILLABLE), distinct=True),
            )
            .filter(staff__gte=5, to_fill__gte=1)
            .order_by("pk")
            .select_related("member")[skip : skip + count]
        )
        for account in accounts:
            snapshots_refresh(member=account.member)
    return [(account.username, account.member.number) for account in accounts]


def run_journey(client, timed) -> None:
    from bench.html_forms import EMPLOYEE_RE, FILL_RE, form_fields

    timed("accueil", lambda: client.get("/"))
    listing = timed("liste des salariés", lambda: client.get("/salaries/"))
    employees = sorted(set(EMPLOYEE_RE.findall(listing.content.decode())))
    for pk in random.sample(employees, min(3, len(employees))):
        path = f"/salaries/{pk}/modifier/"
        page = timed("modifier (GET)", lambda path=path: client.get(path))
        fields = [(k, f"Poste {random.randint(1, 9)}" if k == "job_title" else v)
                  for k, v in form_fields(page.content.decode(), "birth_name")]
        timed("modifier (POST)", lambda path=path, fields=fields: client.post(
            path, urlencode(fields), content_type="application/x-www-form-urlencoded"))
    declarations = timed("déclarations", lambda: client.get("/declarations/"))
    fill = FILL_RE.search(declarations.content.decode())
    if fill:
        timed("formulaire", lambda: client.get(f"/declarations/{fill.group(1)}/saisie/"))


COLD_CPU_BAR_MS = 20  # issue 17: no member page over 20 ms of server CPU cold


def fresh_members(count: int) -> list[dict]:
    """Members never viewed by the page bench (the end of the pool's shuffled order), with their page records and
    their follow-up snapshots computed as by the nightly job."""
    from bench.pool import member_records, refresh_snapshots, shuffled_members

    ids = shuffled_members()[::-1][: count + count // 2]
    records = list(member_records(ids).values())[:count]
    refresh_snapshots([r["id"] for r in records])
    return records


def page_cpu(*, members: int, repeat: int = 1, profile: cProfile.Profile | None = None,
             profiled: str = "") -> dict[str, dict[str, list[float]]]:
    """Page name → {"froid": [ms…], "chaud": [ms…]}, and the write's own CPU under WRITE's name. Each page's cold
    view is the first view of that page since the write just before it; `profile` records the cold views of the
    page named `profiled`. With `repeat` > 1, that many passes over the members, and for each member and page the
    least CPU of its write, cold view and warm view: what the page costs, without what a busy neighbour of this
    virtual machine or a full collection of the garbage collector adds to one view (the same member and page
    varies by 2× from one view to the next)."""
    from django.test import Client
    from django_scopes import scopes_disabled

    from bench.html_forms import form_fields
    from bench.pages import PAGES, WRITE, member_paths
    from bench.sessions import session_keys
    from portail.accounts.models import AccountKind, User

    records = fresh_members(members + 1)
    with scopes_disabled():
        users = {u.member_id: u for u in User.objects.filter(kind=AccountKind.MEMBER,
                                                             member_id__in=[r["id"] for r in records])}
    keys = session_keys([(users[r["id"]], r["id"]) for r in records])
    names = [*(name for name, _path, _weight in PAGES), WRITE[0]]
    times: dict[str, dict[str, list[float]]] = {name: {"froid": [], "chaud": []} for name in names}
    form_name = next(name for name, template, _weight in PAGES if "{employee}" in template)

    def cpu(method, *args, **kwargs) -> tuple[float, object]:
        started = time.process_time()
        response = in_roomy_stack(method, *args, **kwargs)
        return (time.process_time() - started) * 1000, response

    least: dict[tuple[int, str], list[float]] = {}  # (member, page) → least CPU of its write, cold and warm view
    # Whole passes over the members rather than one measure thrice in a row: a busy neighbour lasts longer than
    # three views, not than a pass.
    for attempt in range(repeat):
        for index, (record, key) in enumerate(zip(records, keys, strict=True)):
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies["sessionid"] = key
            paths = member_paths(record)
            form = paths[form_name]
            for number, (name, path) in enumerate(paths.items()):
                # The form read again before each write: it carries the employee's version (a stale one answers 409).
                fields = form_fields(client.get(form).content.decode(), "birth_name")
                posted = urlencode([(k, f"Poste {index}-{number}-{attempt}" if k == "job_title" else v)
                                    for k, v in fields])
                write_ms, written = cpu(client.post, form, posted, content_type="application/x-www-form-urlencoded")
                if profile is not None and name == profiled and index:
                    profile.enable()
                cold_ms, cold = cpu(client.get, path)
                if profile is not None:
                    profile.disable()
                warm_ms, _warm = cpu(client.get, path)
                if written.status_code != 302 or cold.status_code != 200:
                    raise SystemExit(f"{record['number']} : écriture {written.status_code}, {path} {cold.status_code}")
                if index:  # the first member imports modules and compiles templates: not counted
                    measured = least.setdefault((index, name), [float("inf")] * 3)
                    measured[:] = [min(a, b) for a, b in zip(measured, (write_ms, cold_ms, warm_ms), strict=True)]
    for (_index, name), (write_ms, cold_ms, warm_ms) in least.items():
        times[WRITE[0]]["froid"].append(write_ms)
        times[name]["froid"].append(cold_ms)
        times[name]["chaud"].append(warm_ms)
    return times


def page_cpu_markdown(times: dict[str, dict[str, list[float]]], repeat: int = 1) -> str:
    from bench.mix import percentile

    lines = ["| Page | vues | froid médiane | froid p95 | froid max | chaud médiane | chaud p95 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    over = []
    for name, states in times.items():
        cold, warm = states["froid"], states["chaud"]
        if not cold:
            continue
        cold_p95 = percentile(cold, 95)
        if cold_p95 > COLD_CPU_BAR_MS and warm:
            over.append(name)
        warm_cells = (f"{statistics.median(warm):.1f} | {percentile(warm, 95):.1f}" if warm
                      else "– | –")
        lines.append(f"| {name} | {len(cold)} | {statistics.median(cold):.1f} | {cold_p95:.1f} | {max(cold):.1f} | "
                     f"{warm_cells} |")
    best = f" ; la moindre de {repeat} mesures par adhérent et par page" if repeat > 1 else ""
    lines.append(f"\nCPU de ce processus en ms ; froid : première vue après une écriture (la ligne sans vue chaude est "
                 f"l'écriture elle-même){best}. Seuil (p95 froid ≤ {COLD_CPU_BAR_MS} ms sur chaque page) : "
                 + ("**tenu**." if not over else "**non tenu** pour " + ", ".join(over) + "."))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", action="store_true", help="CPU de chaque page, froide puis chaude (ticket 17).")
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1, help="Avec --pages : chaque mesure refaite autant de fois, "
                                                               "la moindre gardée (le bruit de la machine ôté).")
    parser.add_argument("--skip", type=int, default=3000, help="Adhérents générés sautés (ceux du parcours locust).")
    parser.add_argument("--profile", help="Profil cProfile de cette étape du parcours, ou avec --pages de la vue froide "
                                          "de cette page (cumulé sur les adhérents).")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    from django.test import Client

    import config.wsgi  # noqa: F401 - the server's start-up: views imported, the start-up heap frozen
    from bench.sessions import session_cookie

    if args.pages:
        print(f"{args.members} adhérents jamais vus, chaque page après une écriture :")
        profile = cProfile.Profile(time.process_time) if args.profile else None
        times = page_cpu(members=args.members, repeat=args.repeat, profile=profile, profiled=args.profile or "")
        print(page_cpu_markdown(times, repeat=args.repeat))
        if profile is not None:
            pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("N", 40)))
        return 0
    members = journey_members(count=args.members + 1, skip=args.skip)
    times: dict[str, list[float]] = {step: [] for step in STEPS}
    profile = cProfile.Profile(time.process_time)

    def timed(step, request):
        profiled = step == args.profile and counting
        if profiled:
            profile.enable()
        started = time.process_time()
        response = in_roomy_stack(request)
        elapsed = time.process_time() - started
        if profiled:
            profile.disable()
        if counting:
            times[step].append(elapsed * 1000)
        if response.status_code not in (200, 302):
            raise SystemExit(f"{step} : statut {response.status_code}")
        return response

    for index, (username, number) in enumerate(members):
        counting = index > 0  # the first journey imports modules and compiles templates: not counted
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = session_cookie(username=username, member_number=number)
        run_journey(client, timed)

    journeys = len(members) - 1
    print(f"{journeys} parcours, CPU de ce processus (ms) :")
    print("| Étape | médiane | moyenne | par parcours |\n|---|---:|---:|---:|")
    total = 0.0
    for step, values in times.items():
        if values:
            per_journey = sum(values) / journeys
            total += per_journey
            print(f"| {step} | {statistics.median(values):.1f} | {statistics.mean(values):.1f} | {per_journey:.1f} |")
    print(f"| total hors connexion | | | {total:.1f} |")
    if args.profile:
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("N", 40)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
