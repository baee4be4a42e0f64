"""The page bench's load for locust (its own virtualenv; run by `python -m bench.run`): mixed member traffic over a
pool of members, one session each (bench/pool.py writes the pool, BENCH_POOL names the file).

Each locust user makes visits one after another: it takes a member of the pool at random (or, for a share of the
visits, a mandataire, who opens the list of its companies and switches to one of them), then does 3 to 12 actions
chosen by the weights of bench/pages.py: a page view, or a write (the employee form, posted with another job
title). Every request is written to BENCH_SAMPLES (CSV) with its state, for bench/run.py to report:

- "première vue": the member's page was not viewed yet in this run (nothing cached for it, as after a login);
- "après écriture": first view of the page since a write to the member's data (its cached parts are stale);
- "chaud": viewed before, no write since (what a cache can serve);
- "écriture" for the POST, "mandataire" for the mandataire's list and switch.

BENCH_RATE_PER_USER (actions per second per user; 0 = no pause) sets the load. Imports nothing from the
application: html_forms and pages are in bench/, which locust puts on sys.path.
"""

import csv
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import urlencode

from html_forms import form_fields
from locust import FastHttpUser, constant, events, task
from pages import CHOOSE, PAGES, SWITCH, WRITE

POOL = json.loads(Path(os.environ["BENCH_POOL"]).read_text())
RATE = float(os.environ.get("BENCH_RATE_PER_USER", "0"))
MANDATAIRE_SHARE = float(os.environ.get("BENCH_MANDATAIRE_SHARE", "0.1"))
ACTIONS_PER_VISIT = (3, 12)
CSRF = "benchcsrfsecret0123456789abcdefg"  # a CSRF cookie secret (32 letters and digits) the forms may post as is
WEIGHTS = {name: weight for name, _path, weight in PAGES} | {WRITE[0]: WRITE[1]}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

viewed: dict[int, set[str]] = {}  # member id → paths viewed since the run started or since its last write
written: set[int] = set()  # members written to at least once
busy: set[int] = set()  # mandataires in a visit: a switch changes the member of their one session
writing: set[int] = set()  # members whose employee form is between its GET and its POST (a second writer gets 409)

_samples = open(os.environ["BENCH_SAMPLES"], "w", newline="")  # noqa: SIM115 - open for the whole run
_writer = csv.writer(_samples)
_writer.writerow(["time", "method", "name", "state", "ms", "ok"])


@events.request.add_listener
def _record(request_type, name, response_time, exception, context, start_time=None, **_kwargs):
    _writer.writerow([f"{start_time or time.time():.3f}", request_type, name, (context or {}).get("state", ""),
                      f"{response_time:.2f}", 0 if exception else 1])


@events.quitting.add_listener
def _close(**_kwargs):
    _samples.close()


def state_of(member: int, path: str) -> str:
    seen = viewed.setdefault(member, set())
    if path in seen:
        return "chaud"
    seen.add(path)
    return "après écriture" if member in written else "première vue"


def poisson(rate: float):
    """A pause drawn from the exponential law: each user acts independently, so the server sees the random arrivals
    of real people. A fixed throughput per user (locust's constant_throughput) lines the users up on one rhythm:
    the server then gets its requests in bursts and the bench measures the bursts' queue, not the pages."""

    def wait_time(_user) -> float:
        return random.expovariate(rate)

    return wait_time


class Visitor(FastHttpUser):
    wait_time = poisson(RATE) if RATE else constant(0)

    def on_start(self) -> None:
        self.client.client.cookiejar = None  # one session per visit, sent by hand: no cookie carried over
        self.member, self.firm, self.left = None, None, 0

    @task
    def act(self) -> None:
        if self.left <= 0:
            self.start_visit()
        self.left -= 1
        paths = self.member["paths"]
        names = [name for name in WEIGHTS if name in paths or name == WRITE[0]]
        name = random.choices(names, weights=[WEIGHTS[n] for n in names])[0]
        if name == WRITE[0] and self.member["id"] not in writing:
            self.write()
        elif name == WRITE[0]:  # another user is editing this member's employee: the stale form would answer 409
            self.view("accueil", "/", state_of(self.member["id"], "/"))
        else:
            self.view(name, paths[name], state_of(self.member["id"], paths[name]))

    def start_visit(self) -> None:
        busy.discard(self.firm and self.firm["username"])
        self.firm, self.left = None, random.randint(*ACTIONS_PER_VISIT)
        free = [firm for firm in POOL["mandataires"] if firm["username"] not in busy]
        if free and random.random() < MANDATAIRE_SHARE:
            self.firm = random.choice(free)
            busy.add(self.firm["username"])
            self.session = self.firm["session"]
            self.member = POOL["members"][random.choice(self.firm["members"])]
            self.view(CHOOSE[0], CHOOSE[1], "mandataire")
            self.post(SWITCH[0], SWITCH[1], {"member": self.member["id"], "csrfmiddlewaretoken": CSRF}, "mandataire")
        else:
            self.member = random.choice(POOL["members"])
            self.session = self.member["session"]

    def headers(self, extra=None) -> dict:
        return {"Cookie": f"sessionid={self.session}; csrftoken={CSRF}", **(extra or {})}

    def view(self, name: str, path: str, state: str):
        with self.client.get(path, name=name, headers=self.headers(), allow_redirects=False, catch_response=True,
                             context={"state": state}) as response:
            if response.status_code != 200:
                response.failure(f"statut {response.status_code}")
            return response

    def post(self, name: str, path: str, fields, state: str) -> bool:
        with self.client.post(path, name=name, data=urlencode(fields), headers=self.headers(FORM),
                              allow_redirects=False, catch_response=True, context={"state": state}) as response:
            if response.status_code != 302:
                response.failure(f"statut {response.status_code}")
                return False
            return True

    def write(self) -> None:
        """The employee form, then the same form posted with another job title: the member's pages are cold again."""
        form_name = next(name for name, template, _weight in PAGES if "{employee}" in template)
        path, member = self.member["paths"][form_name], self.member["id"]
        writing.add(member)
        try:
            page = self.view(form_name, path, state_of(member, path))
            fields = form_fields(page.text or "", "birth_name") if page.status_code == 200 else []
            if not fields:
                return
            fields = [(k, f"Poste {random.randint(1, 99)}" if k == "job_title" else v) for k, v in fields]
            if self.post(WRITE[0], path, fields, "écriture"):
                viewed[member] = set()
                written.add(member)
        finally:
            writing.discard(member)
