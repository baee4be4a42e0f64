"""CPU of each step of the P-7 journey, in this process, for members never viewed before (cold caches as after a
login), the login itself left out (its cost is the Argon2 check, measured by `python -m bench.run`).

Where the locust journey says how many requests per second two cores serve, this says which page costs what, without
the noise of a shared machine: same steps and same form submissions as bench/locustfile.py, through Django's test
client on the database the previous `python -m bench.run --tier L` left (portail_bench).

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--skip", type=int, default=3000, help="Adhérents générés sautés (ceux du parcours locust).")
    parser.add_argument("--profile", choices=STEPS, help="Profil cProfile de cette étape (cumulé sur les adhérents).")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    from django.test import Client

    from bench.sessions import session_cookie

    members = journey_members(count=args.members + 1, skip=args.skip)
    times: dict[str, list[float]] = {step: [] for step in STEPS}
    profile = cProfile.Profile()

    def timed(step, request):
        profiled = step == args.profile and counting
        if profiled:
            profile.enable()
        started = time.process_time()
        response = request()
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
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
