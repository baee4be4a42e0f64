"""Benchmark (not a unit test; run explicitly):

    pytest -q -s -p no:randomly bench/test_lockout_bench.py
    DATABASE_URL=postgres://… pytest -q -s -p no:randomly bench/test_lockout_bench.py

In-process counterpart of bench/run.py's `lockout_cost` (issue 8, P-6): the real login form
posted with its CSRF token for a login locked out by django-axes, against a real password check
with the project's first hasher (Argon2). Prints both medians and their ratio (target ≤ 5 %), and
the queries of a refused attempt. Locked attempts and password checks alternate, so that a load
spike on this shared machine hits both sides alike.
"""

import re
import statistics
import time

from django.contrib.auth.hashers import check_password, make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config import settings as project_settings

LOCKED_USERNAME = "bench.verrou"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_locked_attempt_costs_a_fraction_of_a_password_check(db, settings, axes_on):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # conftest swaps in MD5 for speed
    client = Client(enforce_csrf_checks=True)
    token = CSRF_RE.search(client.get("/connexion/").content.decode()).group(1)
    data = {"username": LOCKED_USERNAME, "password": "mauvais-mot-de-passe", "csrfmiddlewaretoken": token}

    def attempt() -> int:
        return client.post("/connexion/", data, REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="bench").status_code

    statuses = [attempt() for _ in range(6)]
    assert statuses[-1] == 429, statuses
    with CaptureQueriesContext(connection) as queries:
        assert attempt() == 429
    refused_queries = [query["sql"] for query in queries.captured_queries]  # the next request clears the log
    encoded = make_password("Bench-Verrou-2026-Secret")
    locked, real = [], []
    for i in range(300):
        start = time.perf_counter()
        assert attempt() == 429
        locked.append(time.perf_counter() - start)
        if i % 20 == 0:
            start = time.perf_counter()
            check_password("Bench-Verrou-2026-Secret", encoded)
            real.append(time.perf_counter() - start)
    locked_ms, real_ms = statistics.median(locked) * 1000, statistics.median(real) * 1000
    print(f"\nbase : {connection.vendor}, hacheur : {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}")
    print(f"avant verrouillage : {statuses}")
    print(f"requêtes d'une tentative refusée : {len(refused_queries)}")
    for sql in refused_queries:
        print(f"  {sql[:120]}")
    print(
        f"tentative refusée : {locked_ms:.2f} ms (médiane de {len(locked)}), "
        f"vérification d'un mot de passe : {real_ms:.1f} ms (médiane de {len(real)}), "
        f"ratio {locked_ms / real_ms:.1%}"
    )
