"""Two application servers behind nginx, one PostgreSQL, one Redis: `python -m bench.multiserver`.

Not part of the unit tests nor CI (it needs nginx: `apt-get install -y nginx`, and a PostgreSQL and a Redis on
127.0.0.1). On one machine it starts:

- two gunicorn servers (A and B, `config.wsgi`, production-like settings, PROXY_COUNT=1) on two ports, sharing the
  database MULTI_DATABASE (default portail_multiserver, recreated) and the Redis of REDIS_URL (a key prefix of
  its own);
- nginx in front of them with the X-Forwarded-* headers of deploy/nginx-portail.conf (overwritten, never
  appended): one port balanced over both servers, as in production, and one port per server, so that a check can
  say which server serves each request while still going through the proxy.

Then prints PASS or FAIL for each check: a session opened on A works on B; a write through A is seen at once
through B (form and cached list); django-axes lockouts and the rate limits count once for both servers; an
X-Forwarded-For sent by the client is overwritten by nginx and buys no new allowance; the balanced port serves the
session on both; and a client that reaches a gunicorn directly, around nginx, is not believed either (the servers
read X-Forwarded-For only from nginx's address, PROXY_ADDRESSES: nginx connects from 127.0.0.2 here). Exits 1 if any check fails. Everything it started is stopped at the end.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from bench.html_forms import form_fields

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PROXY_ADDRESS = "127.0.0.2"
PG = {"host": HOST, "port": 5432, "user": "postgres"}
DB_NAME = os.environ.get("MULTI_DATABASE", "portail_multiserver")
BASE_PORT = int(os.environ.get("MULTI_PORT", "8830"))
PORTS = {"lb": BASE_PORT, "A": BASE_PORT + 1, "B": BASE_PORT + 2}  # nginx
APP_PORTS = {"A": BASE_PORT + 11, "B": BASE_PORT + 12}  # gunicorn
PASSWORD = "Multi-Serveur-2026-Secret"
NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream portail_both {{ server {host}:{a}; server {host}:{b}; keepalive 8; }}
    upstream portail_a {{ server {host}:{a}; }}
    upstream portail_b {{ server {host}:{b}; }}
    # As deploy/nginx-portail.conf: the client's address replaces whatever X-Forwarded-For it sent.
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_redirect off;
    # nginx connects from an address of its own, the only one the servers trust for X-Forwarded-For
    # (PROXY_ADDRESSES), so that a client reaching gunicorn directly from 127.0.0.1 can be told apart.
    proxy_bind {proxy};
    server {{ listen {host}:{lb}; location / {{ proxy_pass http://portail_both; }} }}
    server {{ listen {host}:{pa}; location / {{ proxy_pass http://portail_a; }} }}
    server {{ listen {host}:{pb}; location / {{ proxy_pass http://portail_b; }} }}
}}
"""


def log(message: str) -> None:
    print(f"[multiserver] {message}", file=sys.stderr, flush=True)


def environment(prefix: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "PROXY_COUNT": "1",
        "PROXY_ADDRESSES": PROXY_ADDRESS,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(env: dict) -> dict:
    """A fresh database: one member with two accounts (one to lock) and one employee."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    script = f"""
import django, json
django.setup()
from django_scopes import scopes_disabled
from portail.accounts.models import AccountKind, User
from portail.members.tests.factories import MemberFactory
from portail.workforce.tests.factories import EmployeeFactory
with scopes_disabled():
    member = MemberFactory(name="MULTI SERVEUR")
    employee = EmployeeFactory(member=member, birth_name="PARTAGE", job_title="Poste initial")
    for name in ("multi.session", "multi.verrou"):
        User.objects.create_user(name, password={PASSWORD!r}, kind=AccountKind.MEMBER, member=member)
print(json.dumps({{"employee": employee.pk}}))
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def start_servers(env: dict, tmp: Path) -> list[subprocess.Popen]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    processes = []
    for name, port in APP_PORTS.items():
        with open(tmp / f"gunicorn-{name}.log", "ab") as out:
            processes.append(subprocess.Popen(
                [str(gunicorn), "config.wsgi:application", "-w", "2", "--bind", f"{HOST}:{port}",
                 "--log-level", "warning"], cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, host=HOST, proxy=PROXY_ADDRESS, a=APP_PORTS["A"], b=APP_PORTS["B"], lb=PORTS["lb"],
                                      pa=PORTS["A"], pb=PORTS["B"]))
    processes.append(subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    deadline = time.monotonic() + 120
    for port in [*PORTS.values(), *APP_PORTS.values()]:
        while True:
            try:
                if requests.get(f"http://{HOST}:{port}/sante/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"le port {port} ne répond pas (journaux dans {tmp})")
            time.sleep(0.5)
    return processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def url(server: str, path: str) -> str:
    """Through nginx (lb, A, B), or straight to a gunicorn, around the proxy (direct-A, direct-B)."""
    port = APP_PORTS[server.removeprefix("direct-")] if server.startswith("direct-") else PORTS[server]
    return f"http://{HOST}:{port}{path}"


def csrf_post(session: requests.Session, server: str, path: str, data: dict, *, form_server: str | None = None,
              headers: dict | None = None) -> requests.Response:
    """GET the form (on form_server, default the same), then POST it with its CSRF token, without following."""
    page = session.get(url(form_server or server, path))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    fields = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
    return session.post(url(server, path), data=fields, allow_redirects=False,
                        headers={"Referer": url(server, path), **(headers or {})})


class Report:
    def __init__(self):
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}{f' — {detail}' if detail else ''}", flush=True)

    @property
    def failed(self) -> int:
        return sum(1 for _name, ok, _detail in self.results if not ok)


def check_session(report: Report) -> requests.Session:
    session = requests.Session()
    login = csrf_post(session, "A", "/connexion/", {"username": "multi.session", "password": PASSWORD})
    report.check("connexion sur A", login.status_code == 302, f"statut {login.status_code}")
    home = session.get(url("B", "/"), allow_redirects=False)
    report.check("session ouverte sur A, valable sur B", home.status_code == 200 and "MULTI SERVEUR" in home.text,
                 f"statut {home.status_code}")
    statuses = [session.get(url("lb", "/"), allow_redirects=False).status_code for _ in range(8)]
    report.check("port réparti (A et B tour à tour) : la session tient", statuses == [200] * 8, f"statuts {statuses}")
    return session


def check_fresh_write(report: Report, session: requests.Session, employee: int) -> None:
    path = f"/salaries/{employee}/modifier/"
    listing = session.get(url("B", "/salaries/"))  # B draws (and caches) the list before the write
    report.check("liste des salariés vue sur B avant l'écriture", "Poste initial" in listing.text,
                 f"statut {listing.status_code}")
    page = session.get(url("A", path))
    fields = form_fields(page.text, "birth_name")
    title = f"Poste {uuid.uuid4().hex[:8]}"
    posted = session.post(url("A", path), data=[(k, title if k == "job_title" else v) for k, v in fields],
                          allow_redirects=False, headers={"Referer": url("A", path)})
    report.check("écriture par A (fiche d'un salarié)", posted.status_code == 302, f"statut {posted.status_code}")
    form_b = session.get(url("B", path))
    report.check("écriture par A lue aussitôt par B (fiche)", title in form_b.text)
    listing_b = session.get(url("B", "/salaries/"))
    report.check("écriture par A lue aussitôt par B (liste, gardée en cache)",
                 title in listing_b.text and "Poste initial" not in listing_b.text)


def check_lockout(report: Report) -> None:
    session = requests.Session()
    statuses = [csrf_post(session, server, "/connexion/", {"username": "multi.verrou", "password": "mauvais"}).status_code
                for server in ("A", "B", "A", "B", "A")]
    good_b = csrf_post(session, "B", "/connexion/", {"username": "multi.verrou", "password": PASSWORD}).status_code
    good_a = csrf_post(session, "A", "/connexion/", {"username": "multi.verrou", "password": PASSWORD}).status_code
    report.check("verrouillage commun : 5 échecs répartis sur A et B verrouillent le compte sur les deux",
                 good_b == 429 and good_a == 429, f"échecs {statuses}, puis bon mot de passe : B {good_b}, A {good_a}")
    spoofed = csrf_post(session, "lb", "/connexion/", {"username": "multi.verrou", "password": PASSWORD},
                        headers={"X-Forwarded-For": "203.0.113.7"}).status_code
    report.check("X-Forwarded-For du client écrasé par nginx : pas de nouvelle adresse pour échapper au verrou",
                 spoofed == 429, f"statut {spoofed}")
    direct = csrf_post(session, "direct-B", "/connexion/", {"username": "multi.verrou", "password": PASSWORD},
                       headers={"X-Forwarded-For": "203.0.113.8"}).status_code
    report.check("X-Forwarded-For ignoré hors du proxy (gunicorn joint directement) : toujours verrouillé",
                 direct == 429, f"statut {direct}")


def check_rate_limit(report: Report) -> None:
    """The password reset form allows 5 requests an hour per client address (portail/core/ratelimit.py)."""
    session = requests.Session()
    statuses = [csrf_post(session, server, "/mot-de-passe/oublie/", {"login": "inconnu"},
                          form_server="lb").status_code for server in ("A", "B", "A", "B", "A")]
    sixth = {server: csrf_post(session, server, "/mot-de-passe/oublie/", {"login": "inconnu"},
                               form_server="lb").status_code for server in ("B", "A")}
    report.check("limite de débit commune : 5 demandes réparties sur A et B épuisent la limite des deux",
                 all(s == 302 for s in statuses) and sixth == {"B": 429, "A": 429},
                 f"demandes {statuses}, puis B {sixth['B']}, A {sixth['A']}")
    spoofed = csrf_post(session, "lb", "/mot-de-passe/oublie/", {"login": "inconnu"},
                        headers={"X-Forwarded-For": "198.51.100.23"}).status_code
    report.check("X-Forwarded-For du client écrasé par nginx : pas de nouvelle limite", spoofed == 429,
                 f"statut {spoofed}")
    direct = csrf_post(session, "direct-A", "/mot-de-passe/oublie/", {"login": "inconnu"},
                       headers={"X-Forwarded-For": "198.51.100.24"}).status_code
    report.check("X-Forwarded-For ignoré hors du proxy (gunicorn joint directement) : pas de nouvelle limite",
                 direct == 429, f"statut {direct}")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="portail-multiserver-"))
    env = environment(prefix=f"multi{uuid.uuid4().hex[:8]}")
    log(f"base {DB_NAME}, Redis {env['REDIS_URL']} (préfixe {env['CACHE_KEY_PREFIX']}), journaux dans {tmp}")
    facts = prepare_database(env)
    processes = start_servers(env, tmp)
    report = Report()
    try:
        log(f"nginx : réparti {PORTS['lb']}, A {PORTS['A']}, B {PORTS['B']} ; gunicorn A {APP_PORTS['A']}, "
            f"B {APP_PORTS['B']}")
        session = check_session(report)
        check_fresh_write(report, session, facts["employee"])
        check_lockout(report)
        check_rate_limit(report)
    finally:
        stop(processes)
    print(f"{len(report.results) - report.failed} PASS, {report.failed} FAIL")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
