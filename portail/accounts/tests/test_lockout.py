"""Brute-force lockout (django-axes on login + IP) and its fast refusal (portail/accounts/lockout.py).

The fast path answers a known lockout before the login form runs; these tests pin that it refuses
exactly when axes would, whatever the per-process cache holds."""

import pytest
import time_machine
from axes.backends import AxesStandaloneBackend
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portail.accounts.backends import PortalBackend
from portail.accounts.lockout import _hint_key
from portail.accounts.tests.factories import PASSWORD, MemberUserFactory
from portail.audit.models import Event

LOGIN = "/connexion/"
WRONG = "mauvais-mot-de-passe"
LOCKED_TEXT = "temporairement bloquée"


def post_login(client, username, password=PASSWORD, ip="10.0.0.1", **extra):
    data = {"username": username, "password": password, **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=ip, HTTP_USER_AGENT="pytest")


def lock(client, username, ip="10.0.0.1"):
    for _ in range(5):
        post_login(client, username, WRONG, ip=ip)


@pytest.fixture
def backend_calls(monkeypatch):
    """Records every call to the authentication backends: a refused attempt must reach none."""
    calls = []
    for backend in (AxesStandaloneBackend, PortalBackend):
        original = backend.authenticate

        def spy(self, *args, _original=original, **kwargs):
            calls.append(type(self).__name__)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(backend, "authenticate", spy)
    return calls


def test_lockout_after_five_failures_even_with_the_right_password(client, member_admin, axes_on, monkeypatch):
    for _ in range(5):
        post_login(client, member_admin.username, WRONG)
    calls = []
    original = PortalBackend.authenticate

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PortalBackend, "authenticate", spy)
    response = post_login(client, member_admin.username)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert calls == [], "a locked-out attempt must not reach password hashing"
    assert Event.objects.filter(action="auth.locked_out").exists()


def test_a_known_lockout_is_refused_with_one_query_before_the_login_form(client, member_admin, axes_on, backend_calls):
    lock(client, member_admin.username)
    backend_calls.clear()
    with CaptureQueriesContext(connection) as queries:
        response = post_login(client, member_admin.username)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert backend_calls == [], "refused before the form and the backends"
    # axes' own failure count, nothing else: no cleanup DELETE, no transaction, no session.
    assert len(queries.captured_queries) == 1
    assert "axes_accessattempt" in queries.captured_queries[0]["sql"]


def test_the_fast_refusal_is_the_same_page_as_axes_own(client, member_admin, axes_on):
    lock(client, member_admin.username)
    cache.delete(_hint_key(member_admin.username, "10.0.0.1"))
    by_axes = post_login(client, member_admin.username)  # no hint: axes' usual path
    fast = post_login(client, member_admin.username)
    assert by_axes.status_code == fast.status_code == 429
    strip_csrf = lambda body: body.split("hx-headers")[0]  # noqa: E731 - the token differs per response
    assert strip_csrf(fast.content.decode()) == strip_csrf(by_axes.content.decode())


def test_hammering_a_locked_account_records_one_event_and_does_not_extend_the_lock(client, member_admin, axes_on):
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        lock(client, member_admin.username)
    failures = Event.objects.filter(action="auth.login_failed").count()
    with time_machine.travel("2026-03-02 08:10 +0100", tick=False):
        for _ in range(20):
            assert post_login(client, member_admin.username, WRONG).status_code == 429
    assert Event.objects.filter(action="auth.locked_out").count() == 1
    assert Event.objects.filter(action="auth.login_failed").count() == failures
    # 15 minutes after the last real failure the lock is over, whatever was tried meanwhile.
    with time_machine.travel("2026-03-02 08:16 +0100", tick=False):
        assert post_login(client, member_admin.username).status_code == 302


def test_a_hint_that_outlives_the_lock_does_not_extend_it(client, member_admin, axes_on):
    key = _hint_key(member_admin.username, "10.0.0.1")
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        lock(client, member_admin.username)
    with time_machine.travel("2026-03-02 08:10 +0100", tick=False):
        cache.delete(key)  # as in another worker: axes refuses, and the hint is set for 15 more minutes
        assert post_login(client, member_admin.username, WRONG).status_code == 429
        assert cache.get(key)
    with time_machine.travel("2026-03-02 08:16 +0100", tick=False):
        assert cache.get(key), "the hint is still there..."
        assert post_login(client, member_admin.username).status_code == 302, "...but the lock is over"
        assert cache.get(key) is None


def test_staff_reset_of_the_attempts_unlocks_at_once_in_every_process(client, member_admin, axes_on):
    from axes.utils import reset

    lock(client, member_admin.username)
    assert post_login(client, member_admin.username).status_code == 429
    reset(username=member_admin.username)  # admin, `manage.py axes_reset_username`: another process's cache
    assert cache.get(_hint_key(member_admin.username, "10.0.0.1")), "this process still holds the hint"
    assert post_login(client, member_admin.username).status_code == 302


def test_a_new_lockout_after_a_staff_reset_is_recorded_again(client, member_admin, axes_on):
    from axes.utils import reset

    lock(client, member_admin.username)
    for _ in range(3):
        post_login(client, member_admin.username, WRONG)
    reset(username=member_admin.username)
    lock(client, member_admin.username)
    assert post_login(client, member_admin.username).status_code == 429
    assert Event.objects.filter(action="auth.locked_out").count() == 2


def test_without_the_hint_axes_still_refuses_and_the_hint_comes_back(client, member_admin, axes_on, backend_calls):
    lock(client, member_admin.username)
    cache.delete(_hint_key(member_admin.username, "10.0.0.1"))  # another worker, a restart, an eviction
    backend_calls.clear()
    assert post_login(client, member_admin.username).status_code == 429
    assert backend_calls == ["AxesStandaloneBackend"], "refused by axes itself, before the password check"
    with CaptureQueriesContext(connection) as queries:
        assert post_login(client, member_admin.username).status_code == 429
    assert len(queries.captured_queries) == 1


def test_lockout_is_per_login_and_ip(client, member_admin, axes_on):
    other = MemberUserFactory()
    lock(client, member_admin.username, ip="10.0.0.1")
    assert post_login(client, member_admin.username, ip="10.0.0.2").status_code == 302
    client.logout()
    assert post_login(client, other.username, ip="10.0.0.1").status_code == 302


def test_a_locked_attempt_still_needs_the_csrf_token(member_admin, axes_on):
    import re

    client = Client(enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(LOGIN).content.decode()).group(1)
    for _ in range(5):
        post_login(client, member_admin.username, WRONG, csrfmiddlewaretoken=token)
    assert post_login(client, member_admin.username).status_code == 403
    assert post_login(client, member_admin.username, csrfmiddlewaretoken=token).status_code == 429


def test_an_incomplete_form_on_a_locked_account_still_shows_its_errors(client, member_admin, axes_on):
    lock(client, member_admin.username)
    response = post_login(client, member_admin.username, "")
    assert response.status_code == 200
    assert "Mot de passe" in response.content.decode()


def test_surrounding_spaces_in_the_login_are_the_same_locked_login(client, member_admin, axes_on, backend_calls):
    lock(client, member_admin.username)
    backend_calls.clear()
    assert post_login(client, f"  {member_admin.username} ").status_code == 429
    assert backend_calls == []
