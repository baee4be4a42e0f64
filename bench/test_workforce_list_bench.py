"""Benchmark (not a unit test; run explicitly):

    pytest -q -s bench/test_workforce_list_bench.py
    DATABASE_URL=postgres://… pytest -q -s bench/test_workforce_list_bench.py

The list page and its search for a member with 20,000 employees vs one with 100, in the same
process; prints the time ratio (target ≤ 1.5) and the query counts (must be equal).

Both members' pages show the same number of rows (50), so that the ratio measures what the
table's size costs and not what drawing more rows costs: the 100-employee member's names and
categories are such that every search below fills a page, and the sorted listing asks for
page 2, the last full page of 100 employees. (Before this, a search matching 10 rows of the
small member was compared with one showing 50 of the big one: most of the "ratio" was the
template drawing five times more rows.)
"""

import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portail.accounts.tests.factories import MemberUserFactory
from portail.members.tests.factories import MemberFactory
from portail.workforce.tests.factories import employees_bulk_created

NAMES = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT"]
URLS = ["/salaries/", "/salaries/?q=dur", "/salaries/?q=mar&category=SIR", "/salaries/?sort=-embauche&page=2"]
SMALL_NAMES = ["DURAND", "MARTIN"]  # every search of URLS fills a page of the 100-employee member


def _populate(member, count, names=NAMES):
    employees_bulk_created(member, count, lambda i: {
        "birth_name": f"{names[i % len(names)]}{i:05d}",
        "birth_date": date(1970, 1, 1) + timedelta(days=i % 9000),
        "hire_date": date(2010, 1, 1) + timedelta(days=i % 5000),
        "determinants": ["NONE"],
        "declared_category": "SIR" if names is SMALL_NAMES else ("SI", "SIA", "SIR")[i % 3],
    })


def _timed_get(client, url) -> tuple[float, int]:
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return time.perf_counter() - start, len(captured)


def _measure(clients: dict, rounds=30) -> dict:
    """Per URL and member: median time, query count and rows shown. The two members' requests
    alternate, so that a load spike on this shared machine hits both sides alike."""
    results = {label: ({}, {}, {}) for label in clients}
    for url in URLS:
        samples = {label: [] for label in clients}
        for client in clients.values():
            client.get(url)  # warm-up
        for _ in range(rounds):
            for label, client in clients.items():
                elapsed, count = _timed_get(client, url)
                samples[label].append(elapsed)
                results[label][1][url] = count
        for label, client in clients.items():
            results[label][0][url] = statistics.median(samples[label])
            results[label][2][url] = client.get(url).content.decode().count('<details class="row-menu">')
    return results


def test_list_scales(db):
    small, big = MemberFactory(number="800100"), MemberFactory(number="820000")
    _populate(small, 100, names=SMALL_NAMES)
    _populate(big, 20_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE workforce_employee")
    clients = {}
    for label, member in (("100", small), ("20000", big)):
        clients[label] = Client()
        clients[label].force_login(MemberUserFactory(member=member))
    results = _measure(clients)
    print(f"\nbase : {connection.vendor}")
    for url in URLS:
        t_small, t_big = results["100"][0][url], results["20000"][0][url]
        q_small, q_big = results["100"][1][url], results["20000"][1][url]
        r_small, r_big = results["100"][2][url], results["20000"][2][url]
        print(
            f"{url:45} 100: {t_small * 1000:6.1f} ms  20 000: {t_big * 1000:6.1f} ms  "
            f"ratio {t_big / t_small:4.2f}  requêtes {q_small}/{q_big}  lignes {r_small}/{r_big}"
        )
        assert q_small == q_big
        assert r_small == r_big == 50
    if connection.vendor == "postgresql":
        from portail.workforce.selectors import EmployeeFilters, employee_queryset

        for q in ("", "dur"):
            qs = employee_queryset(member=big, filters=EmployeeFilters(q=q))[:51]
            print(qs.explain())
