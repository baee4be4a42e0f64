"""Personas shared by every test (ARCHITECTURE §Tests): member A, member B, a mandataire of A and C,
staff, anonymous. Tenant scopes are disabled for test set-up only; views run through the middleware,
which enforces them."""

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

os.environ.setdefault("PORTAIL_TESTING", "1")

from portail.accounts.tests.factories import (  # noqa: E402
    MandataireFactory,
    MandateFactory,
    MemberUserFactory,
    StaffFactory,
)
from portail.members.tests.factories import MemberFactory  # noqa: E402


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"  # the test client's host: links in e-mails can be followed
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _clear_cache(prefix: str) -> None:
    """On Redis, only this process's keys (settings.py gives each test process its own KEY_PREFIX): clear() would
    empty the whole database, another run's keys with it."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate-limit counters and page summaries must not leak from one test into the next, nor stay in a shared Redis
    after the run."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    _clear_cache(prefix)
    yield
    _clear_cache(prefix)


@pytest.fixture(autouse=True)
def _unscoped_setup():
    with scopes_disabled():
        yield


@pytest.fixture
def member_a(db):
    return MemberFactory(name="ENTREPRISE A", number="900001")


@pytest.fixture
def member_b(db):
    return MemberFactory(name="ENTREPRISE B", number="900002")


@pytest.fixture
def member_c(db):
    return MemberFactory(name="ENTREPRISE C", number="900003")


@pytest.fixture
def member_admin(member_a):
    return MemberUserFactory(member=member_a)


@pytest.fixture
def other_member(member_b):
    return MemberUserFactory(member=member_b)


@pytest.fixture
def mandataire(member_a, member_c):
    user = MandataireFactory()
    MandateFactory(mandataire=user, member=member_a)
    MandateFactory(mandataire=user, member=member_c)
    return user


@pytest.fixture
def staff_user(db):
    return StaffFactory()


def _logged_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def client_a(client, member_admin):
    """Member A's own account, logged in."""
    return _logged_client(client, member_admin)


@pytest.fixture
def client_b(client, other_member):
    return _logged_client(client, other_member)


@pytest.fixture
def axes_on(settings):
    """The login lockout (django-axes) enabled, as in production."""
    settings.AXES_ENABLED = True
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.handler = None  # pick up the enabled setting
    yield
    AxesProxyHandler.handler = None


def _service_missing(name: str, port: int, reason: str) -> None:
    """A test needs `name`, which this run does not use: a skip, but a failure in CI when nothing answers on its
    port of 127.0.0.1."""
    import socket

    if os.environ.get("CI", "").lower() == "true":
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            pytest.fail(f"{name} injoignable sur 127.0.0.1:{port} alors que CI=true")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """`@pytest.mark.postgres` tests skip on SQLite, but in CI an unreachable PostgreSQL is a failure."""
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        _service_missing("PostgreSQL", 5432, "test réservé à PostgreSQL (lancé avec DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _redis_only(request):
    """`@pytest.mark.redis` tests run when REDIS_URL selects the Redis cache; without it they skip, but in CI a
    Redis that does not answer is a failure (.ci/run runs the PostgreSQL pass with it)."""
    if request.node.get_closest_marker("redis") is not None and not os.environ.get("REDIS_URL"):
        _service_missing("Redis", 6379, "test réservé au cache Redis (lancé avec REDIS_URL=redis://…)")


# --- Log hygiene: nothing the suite logs may carry a NIR, a password or a session id (ASVS 16, S-8).
import logging  # noqa: E402
import re  # noqa: E402

SECRET_PATTERNS = [
    re.compile(r"(?<![\d])[1278]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}(?![\d])"),
    re.compile(r"password=", re.I),
    re.compile(r"sessionid=\w", re.I),
]


class _RecordingHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.leaks: list[str] = []

    def emit(self, record):
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is not our concern here
            return
        if record.exc_text:
            text += record.exc_text
        if any(p.search(text) for p in SECRET_PATTERNS):
            self.leaks.append(f"{record.name}: {text[:200]}")


_log_recorder = _RecordingHandler()


def pytest_sessionstart(session):
    logging.getLogger().addHandler(_log_recorder)


def pytest_sessionfinish(session, exitstatus):
    if _log_recorder.leaks:
        session.exitstatus = 1
        print("\nDONNÉES SENSIBLES DANS LES JOURNAUX :\n  " + "\n  ".join(_log_recorder.leaks[:20]))


# --- `--fake-today`: the whole run (workers, live server thread and collection included) at another date, to
# find the tests that only pass on some days (issue 16 §5). Opt-in; a test's own time_machine.travel still wins.
# PostgreSQL's now() keeps the real clock (the code asks Python for the time, never the database).
def pytest_addoption(parser):
    parser.addoption(
        "--fake-today", metavar="AAAA-MM-JJ[THH:MM]", default=None,
        help="lance toute la suite à cette date (heure de Paris, 10:00 par défaut), l'horloge avançant ensuite",
    )


def _fake_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if "T" in value else datetime.combine(date.fromisoformat(value), time(10))
    except ValueError:
        raise pytest.UsageError(f"--fake-today : « {value} » n'est pas une date AAAA-MM-JJ[THH:MM]") from None
    return moment.replace(tzinfo=ZoneInfo("Europe/Paris"))


def pytest_configure(config):
    value = config.getoption("--fake-today")
    if value:
        import time_machine

        config._fake_today = time_machine.travel(_fake_now(value), tick=True)
        config._fake_today.start()


def pytest_unconfigure(config):
    if getattr(config, "_fake_today", None):
        config._fake_today.stop()


def pytest_report_header(config):
    value = config.getoption("--fake-today")
    return f"date simulée (--fake-today) : {_fake_now(value).isoformat()}" if value else None
