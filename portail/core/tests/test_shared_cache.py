"""With REDIS_URL, every worker and server shares one cache: a rate-limit count, a lockout hint and the stamp of the
service's settings written by another process are seen by this one (.ci/run runs this with Redis)."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from portail.accounts.lockout import lockout_hint_add
from portail.core.ratelimit import hit
from portail.members.freshness import _shared_stamp

ROOT = Path(__file__).resolve().parents[3]
OTHER_WORKER = """
import django
django.setup()
from types import SimpleNamespace
from portail.accounts.lockout import lockout_hint_add
from portail.core.ratelimit import hit
from portail.members.freshness import shared_settings_changed
request = SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=4242))
assert hit(scope="export", request=request) and hit(scope="export", request=request)
assert lockout_hint_add(username="verrou", ip_address="203.0.113.9")
shared_settings_changed()
"""


def test_the_settings_say_which_backend_redis_url_selects(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith("RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache")


@pytest.mark.redis
def test_another_process_shares_the_rate_limit_count_the_lockout_hint_and_the_settings_stamp(settings):
    settings.RATE_LIMITS = {"export": (3, 3600)}
    stamp = _shared_stamp()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PORTAIL_TESTING": "0",
           "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"]}  # this process's keys
    subprocess.run([sys.executable, "-c", OTHER_WORKER], cwd=ROOT, env=env, check=True, timeout=60)
    request = SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=4242))
    assert hit(scope="export", request=request)  # the third use of the window
    assert not hit(scope="export", request=request)
    assert not lockout_hint_add(username="verrou", ip_address="203.0.113.9")  # known: one audit event in all
    assert _shared_stamp() != stamp
