"""The member journey of issue 8 (P-7) for locust: login → home → employees → edit three employees (GET + POST
each) → declaration form → logout, with a think time between steps (JOURNEY_WAIT="5-15" seconds; "0" for none), as real forms (CSRF token and, where the form has one, the idempotency
form_token, both taken from the page).

Run by `python -m bench.run --journey` (gunicorn and the database prepared as for `make bench`), or by hand:
    var/bench-venv/bin/locust -f bench/locustfile.py --headless -H http://127.0.0.1:8765 -u 10 -r 5 -t 60s
Account: JOURNEY_USERNAME / JOURNEY_PASSWORD (default: the demo member 100001), or one account per user listed in
JOURNEY_ACCOUNTS (`--tier S`: generated members). locust lives in its own
virtualenv (bench/requirements.txt): this file imports nothing from the application.
"""

import itertools
import os
import random
from pathlib import Path
from urllib.parse import urlencode

import gevent
from html_forms import CSRF_RE, EMPLOYEE_RE, FILL_RE, form_fields  # bench/, which locust puts on sys.path
from locust import FastHttpUser, between, task

USERNAME = os.environ.get("JOURNEY_USERNAME", "100001")
PASSWORD = os.environ.get("JOURNEY_PASSWORD", "Demo-Adherent-2026")
# With generated data (bench.run --journey --tier S): one account per user, read from this file.
ACCOUNTS = Path(os.environ["JOURNEY_ACCOUNTS"]).read_text().split() if os.environ.get("JOURNEY_ACCOUNTS") else []
NEXT_ACCOUNT = itertools.count()
EDITS = 3  # employees edited per journey (P-7)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def think_time(spec: str) -> tuple[float, float]:
    """"5-15" → (5, 15); "0" → (0, 0)."""
    low, _, high = spec.partition("-")
    return float(low), float(high or low)


STEPS = 8 + 2 * EDITS  # requests of one journey, each after a think time


class Member(FastHttpUser):
    wait_time = between(*think_time(os.environ.get("JOURNEY_WAIT", "0")))

    def on_start(self) -> None:
        self.username = ACCOUNTS[next(NEXT_ACCOUNT) % len(ACCOUNTS)] if ACCOUNTS else USERNAME
        # Arrivals spread over one journey's length, as members arrive during a day: with think times, users
        # spawned together would otherwise all log in within the same seconds, a burst no real day has.
        low, high = think_time(os.environ.get("JOURNEY_WAIT", "0"))
        if high:
            gevent.sleep(random.uniform(0, STEPS * (low + high) / 2))

    def _ok(self, response, expected=(200,)) -> bool:
        if response.status_code not in expected:
            response.failure(f"statut {response.status_code}")
            return False
        return True

    @task
    def journey(self) -> None:
        with self.client.get("/connexion/", name="connexion (GET)", catch_response=True) as page:
            if not self._ok(page):
                return
            token = CSRF_RE.search(page.text).group(1)
        with self.client.post("/connexion/", name="connexion (POST)", catch_response=True, allow_redirects=False,
                              data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}) as done:
            if not self._ok(done, (302,)) or "/connexion/" in done.headers.get("Location", ""):
                done.failure("connexion refusée")
                return
        self.wait()
        self.client.get("/", name="accueil")
        self.wait()
        with self.client.get("/salaries/", name="liste des salariés", catch_response=True) as listing:
            employees = sorted(set(EMPLOYEE_RE.findall(listing.text))) if self._ok(listing) else []
        for pk in random.sample(employees, min(EDITS, len(employees))):
            self.wait()
            self._edit(pk)
        self.wait()
        with self.client.get("/declarations/", name="déclarations", catch_response=True) as declarations:
            last = declarations.text or ""
            fill = FILL_RE.search(last) if self._ok(declarations) else None
        if fill:
            self.wait()
            with self.client.get(f"/declarations/{fill.group(1)}/saisie/", name="formulaire de déclaration",
                                 catch_response=True) as form:
                last = form.text if self._ok(form) else last
        token = CSRF_RE.search(last)  # every portal page carries the logout form
        if token:
            self.wait()
            with self.client.post("/deconnexion/", name="déconnexion", catch_response=True, allow_redirects=False,
                                  data={"csrfmiddlewaretoken": token.group(1)}) as out:
                self._ok(out, (302,))

    def _edit(self, pk: str) -> None:
        path = f"/salaries/{pk}/modifier/"
        with self.client.get(path, name="modifier un salarié (GET)", catch_response=True) as page:
            if not self._ok(page):
                return
            fields = form_fields(page.text, "birth_name")
        if not fields:
            return
        fields = [(k, f"Poste {random.randint(1, 9)}" if k == "job_title" else v) for k, v in fields]
        with self.client.post(path, name="modifier un salarié (POST)", catch_response=True, allow_redirects=False,
                              data=urlencode(fields), headers=FORM) as saved:
            if saved.status_code == 200:
                saved.failure("formulaire refusé (erreurs affichées)")
            else:
                self._ok(saved, (302,))
