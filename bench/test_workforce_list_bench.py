"""Benchmark (not a unit test; run explicitly):

    pytest -q -s bench/test_workforce_list_bench.py
    DATABASE_URL=postgres://… pytest -q -s bench/test_workforce_list_bench.py

The list page and its search for a member with 20,000 employees vs one with 100, in the same
process; prints the time ratio (target ≤ 1.5) and the query counts (must be equal).
"""

import time
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portail.accounts.tests.factories import MemberUserFactory
from portail.members.tests.factories import MemberFactory
from portail.workforce.models import Employee

NAMES = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT"]
URLS = ["/salaries/", "/salaries/?q=dur", "/salaries/?q=mar&category=SIR", "/salaries/?sort=-embauche&page=3"]


def _populate(member, count):
    batch = [
        Employee(
            member=member,
            birth_name=f"{NAMES[i % 10]}{i:05d}",
            first_name="Camille",
            birth_date=date(1970, 1, 1) + timedelta(days=i % 9000),
            sex="F",
            hire_date=date(2010, 1, 1) + timedelta(days=i % 5000),
            job_title="Agent",
            contract="CDI",
            determinants=["NONE"],
            declared_category=("SI", "SIA", "SIR")[i % 3],
            nir_hash=f"{member.pk}-{i}",
        )
        for i in range(count)
    ]
    for employee in batch:
        employee.refresh_name_keys()
    Employee.objects.bulk_create(batch, batch_size=2000)


def _measure(client, rounds=20):
    timings, queries = {}, {}
    for url in URLS:
        client.get(url)  # warm-up
        start = time.perf_counter()
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
        timings[url] = (time.perf_counter() - start) / rounds
        queries[url] = len(captured)
    return timings, queries


def test_list_scales(db):
    small, big = MemberFactory(number="800100"), MemberFactory(number="820000")
    _populate(small, 100)
    _populate(big, 20_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE workforce_employee")
    results = {}
    for label, member in (("100", small), ("20000", big)):
        client = Client()
        client.force_login(MemberUserFactory(member=member))
        results[label] = _measure(client)
    print(f"\nbase : {connection.vendor}")
    for url in URLS:
        t_small, t_big = results["100"][0][url], results["20000"][0][url]
        q_small, q_big = results["100"][1][url], results["20000"][1][url]
        print(
            f"{url:45} 100: {t_small * 1000:6.1f} ms  20 000: {t_big * 1000:6.1f} ms  "
            f"ratio {t_big / t_small:4.2f}  requêtes {q_small}/{q_big}"
        )
        assert q_small == q_big
    if connection.vendor == "postgresql":
        from portail.workforce.selectors import EmployeeFilters, employee_queryset

        for q in ("", "dur"):
            qs = employee_queryset(member=big, filters=EmployeeFilters(q=q))[:51]
            print(qs.explain())
