"""Benchmark (not a unit test; run explicitly):

    pytest -q -s bench/test_appointments_bench.py
    DATABASE_URL=postgres://… pytest -q -s bench/test_appointments_bench.py

1. The compliance board (/rendez-vous/suivi/) for a member with 20,000 employees: time and queries.
2. The pure visit rules over 1,000,000 employee histories: employees per second.
"""

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portail.appointments.compliance import compliance_board
from portail.appointments.models import Appointment, AppointmentStatus, VisitKind
from portail.followup.visit_types import EmployeeFacts, PastVisit
from portail.followup.visit_types import VisitKind as RuleKind
from portail.followup.visits import visits_due
from portail.members.tests.factories import CentreFactory, MemberFactory
from portail.workforce.models import Employee
from portail.workforce.tests.factories import employees_bulk_created

DETERMINANTS = [["NONE"], ["NIGHT"], ["CMR"], ["ASBESTOS"], ["U18"], ["NONE"]]


def _populate(member, count):
    employees_bulk_created(member, count, lambda i: {
        "birth_name": f"NOM{i:05d}",
        "birth_date": date(1965, 1, 1) + timedelta(days=i % 12000),
        "hire_date": date(2010, 1, 1) + timedelta(days=i % 5800),
        "determinants": DETERMINANTS[i % len(DETERMINANTS)],
    })
    centre = CentreFactory()
    paris = ZoneInfo("Europe/Paris")
    ids = list(Employee.objects.filter(member=member).values_list("pk", flat=True))
    visits = [
        Appointment(
            member=member,
            employee_id=pk,
            centre=centre,
            start=datetime(2023, 1, 2, 9, tzinfo=paris) + timedelta(days=n % 900),
            end=datetime(2023, 1, 2, 9, 30, tzinfo=paris) + timedelta(days=n % 900),
            visit_kind=VisitKind.PERIODIC,
            status=AppointmentStatus.DONE,
        )
        for n, pk in enumerate(ids)
        if n % 2
    ]
    Appointment.objects.bulk_create(visits, batch_size=2000)


def test_board_for_20000_employees(db):
    member = MemberFactory(number="820001")
    _populate(member, 20_000)
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        board = compliance_board(member=member, today=date(2026, 11, 27))
        elapsed = time.perf_counter() - start
    print(f"\nbase : {connection.vendor}")
    print(f"tableau de suivi, 20 000 salariés : {elapsed * 1000:.0f} ms, {len(captured)} requêtes, {board.counts}")
    assert len(board.rows) == 20_000 and len(captured) <= 6


def test_rules_throughput():
    rng = random.Random(6)
    codes = [frozenset(), frozenset({"NIGHT"}), frozenset({"CMR"}), frozenset({"ASBESTOS"}), frozenset({"RI_A"})]
    facts = []
    for i in range(10_000):
        hire = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        past = tuple(
            PastVisit(kind=RuleKind.VIP_PERIOD, on=hire + timedelta(days=rng.randrange(1, 1500))) for _ in range(i % 3)
        )
        facts.append(
            EmployeeFacts(
                birth_date=date(1960, 1, 1) + timedelta(days=rng.randrange(15000)),
                hire_date=hire,
                determinants=codes[i % len(codes)],
                past_visits=past,
            )
        )
    today = date(2026, 11, 27)
    start = time.perf_counter()
    for _ in range(100):  # 100 × 10,000 = 1,000,000 histories
        for fact in facts:
            visits_due(facts=fact, today=today)
    elapsed = time.perf_counter() - start
    print(f"\nrègles : 1 000 000 historiques en {elapsed:.1f} s, {1_000_000 / elapsed:,.0f} salariés/s")


def _timed(call):
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        value = call()
        elapsed = time.perf_counter() - start
    return value, elapsed * 1000, len(captured)


def test_home_tile_for_20000_employees(db):
    """The home tile's counts: first call (nothing computed yet for this member), the next one, and right
    after a new hire (the count must include them)."""
    from django.core.cache import cache
    from django.urls import reverse

    from portail.appointments.tiles import tile
    from portail.workforce import nir as nirlib
    from portail.workforce.services import employee_create

    member = MemberFactory(number="820002")
    _populate(member, 20_000)
    cache.clear()
    reverse("appointments:list")  # the tile's first reverse() imports the URLconf (WeasyPrint…): not ours to time
    first, first_ms, first_q = _timed(lambda: tile(member=member))
    if connection.vendor == "postgresql":
        # In production autovacuum analyses the new rows once committed; inside this test's
        # transaction it cannot, and the planner would believe the tables empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    again, again_ms, again_q = _timed(lambda: tile(member=member))
    employee_create(
        member=member,
        actor=None,
        data={
            "birth_name": "NOUVELLE",
            "first_name": "Recrue",
            "birth_date": date(1990, 5, 4),
            "sex": "F",
            "hire_date": date(2026, 8, 1),
            "job_title": "Agent",
            "contract": "CDI",
            "determinants": ["NONE"],
            "nir": nirlib.generate(sex="F", birth_date=date(1990, 5, 4), order=7),
        },
    )
    hired, hired_ms, hired_q = _timed(lambda: tile(member=member))
    print(f"\nbase : {connection.vendor}")
    print(f"tuile d'accueil, 1er appel : {first_ms:.0f} ms, {first_q} requêtes — {first.detail}")
    print(f"tuile d'accueil, appel suivant : {again_ms:.0f} ms, {again_q} requêtes — {again.detail}")
    print(f"tuile d'accueil, après une embauche : {hired_ms:.0f} ms, {hired_q} requêtes — {hired.detail}")
