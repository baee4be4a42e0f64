"""CPU of the declaration form (`/declarations/<pk>/saisie/`) for the members of the L tier, by size: the first view,
then the median of the next ones, in this process (PostgreSQL's CPU not included). Needs the database a previous
`python -m bench.run --tier L` left (BENCH_DATABASE, default portail_bench).

    python -m bench.declaration_form --sizes 5 100 1000
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def form_cpu(*, at_least: int, views: int) -> tuple[str, int, float, float]:
    """(member number, employees, first view ms, median of the next views ms) for the smallest member with at least
    `at_least` employees and a declaration to fill."""
    from django.db.models import Count
    from django.test import Client
    from django_scopes import scopes_disabled

    from bench.sessions import session_cookie
    from portail.accounts.models import AccountKind, User
    from portail.declarations.models import FILLABLE, Declaration

    with scopes_disabled():
        declaration = (Declaration.objects.filter(status__in=FILLABLE).annotate(n=Count("member__employees"))
                       .filter(n__gte=at_least).order_by("n").select_related("member").first())
        if declaration is None:
            raise SystemExit(f"aucun adhérent d'au moins {at_least} salariés n'a de déclaration à saisir")
        user = User.objects.filter(member=declaration.member, kind=AccountKind.MEMBER).first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_cookie(username=user.username, member_number=declaration.member.number)
    times = []
    for _ in range(views):
        started = time.process_time()
        response = client.get(f"/declarations/{declaration.pk}/saisie/")
        times.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{declaration.member.number} : statut {response.status_code}")
    return declaration.member.number, declaration.n, times[0], statistics.median(times[1:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000], help="Nombre minimal de salariés.")
    parser.add_argument("--views", type=int, default=8)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    import config.wsgi  # noqa: F401 - the server's start-up: views imported, the start-up heap frozen

    print("| Adhérent | salariés | première vue (ms) | vues suivantes, médiane (ms) |\n|---|---:|---:|---:|")
    for size in args.sizes:
        number, employees, first, median = form_cpu(at_least=size, views=args.views)
        print(f"| {number} | {employees} | {first:.1f} | {median:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
