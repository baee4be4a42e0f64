"""The client IP behind the documented proxy, end to end (issue 16 §4): gunicorn in production mode
(DJANGO_ENV=production, fresh secrets, PROXY_COUNT=1, manifest static files) receives what nginx sends
(X-Forwarded-For, X-Forwarded-Proto) from 127.0.0.1.

Failed logins from one forwarded address lock that (login, address) pair only: the same login from
another address still gets in. The password-reset allowance is counted per forwarded address, and the
audit log records the forwarded addresses. The server has a database of its own (SQLite file, migrated
in a subprocess), read back here with sqlite3.
"""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from portail.core.tests.production_env import free_port, production_env, stop

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]
ATTACKER, VICTIM = "203.0.113.66", "198.51.100.7"
LOGIN_NAME, PASSWORD = "913579", "Une-Phrase-De-Passe-Pour-Le-Test"
SEED = f"""
from django_scopes import scopes_disabled
from portail.accounts.tests.factories import MemberUserFactory
from portail.members.tests.factories import MemberFactory
with scopes_disabled():
    MemberUserFactory(member=MemberFactory(number="{LOGIN_NAME}"), password="{PASSWORD}")
"""


@pytest.fixture
def server(tmp_path):
    """gunicorn as deploy/portail.service runs it, behind an imaginary nginx on 127.0.0.1."""
    database = tmp_path / "portail.sqlite3"
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}", STATIC_ROOT=str(tmp_path / "static"), PROXY_COUNT="1",
        ALLOWED_HOSTS="127.0.0.1", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="config.settings",
    )
    manage = [sys.executable, "manage.py"]
    # Both take tens of seconds on their own: run them side by side.
    steps = [subprocess.Popen([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env),
             subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)]
    assert [step.wait(timeout=300) for step in steps] == [0, 0]
    subprocess.run([*manage, "shell", "--no-imports", "-c", SEED], cwd=ROOT, env=env, check=True, timeout=120)
    port, log = free_port(), tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(log, "ab") as out:
        process = subprocess.Popen([str(gunicorn), "config.wsgi:application", "-w", "1", "--timeout", "60",
                                    "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/sante/", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn n'a pas démarré : {log.read_text()[-1500:]}")
        yield base, database
    finally:
        stop(process)


def post_via_proxy(base: str, path: str, forwarded: str, data: dict) -> int:
    """A form POST as nginx forwards it: over HTTPS for Django, from 127.0.0.1, with the client's address."""
    headers = {"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"}
    page = requests.get(base + path, headers=headers, timeout=30)
    assert page.status_code == 200, page.status_code
    # The cookie is Secure: requests would not send it back over plain HTTP by itself.
    token = page.cookies["csrftoken"]
    headers |= {"X-CSRFToken": token, "Origin": base.replace("http://", "https://")}
    response = requests.post(base + path, data=data, headers=headers, cookies={"csrftoken": token},
                             allow_redirects=False, timeout=30)
    return response.status_code


def login(base: str, forwarded: str, password: str) -> int:
    return post_via_proxy(base, "/connexion/", forwarded, {"username": LOGIN_NAME, "password": password})


def test_behind_the_proxy_lockouts_and_limits_key_on_the_forwarded_address(server):
    base, database = server
    # The fifth failure is refused as a lockout (axes counts it, then locks), so is the right password after it.
    assert [login(base, ATTACKER, "mauvais-mot-de-passe") for _ in range(5)] == [200] * 4 + [429]
    assert login(base, ATTACKER, PASSWORD) == 429
    # The attacker cannot pass as the victim by writing the victim's address on the left.
    assert login(base, f"{VICTIM}, {ATTACKER}", PASSWORD) == 429
    assert login(base, VICTIM, PASSWORD) == 302

    reset = [post_via_proxy(base, "/mot-de-passe/oublie/", ATTACKER, {"login": LOGIN_NAME}) for _ in range(6)]
    assert reset == [302] * 5 + [429]
    assert post_via_proxy(base, "/mot-de-passe/oublie/", VICTIM, {"login": LOGIN_NAME}) == 302

    with sqlite3.connect(database) as db:
        attempts = {row[0] for row in db.execute("SELECT ip_address FROM axes_accessattempt")}
        events = set(db.execute("SELECT action, ip_address FROM audit_event WHERE action LIKE 'auth.%'"))
    assert attempts == {ATTACKER}
    assert events == {("auth.login_failed", ATTACKER), ("auth.locked_out", ATTACKER), ("auth.login", VICTIM)}
