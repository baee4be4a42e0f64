"""The client IP behind the documented proxy (issue 16 §4): one function, for axes, rate limits and the audit log.

nginx (deploy/nginx-portail.conf) connects from 127.0.0.1 and writes the client's address in
X-Forwarded-For. Read naively, every client is 127.0.0.1: anyone could lock any account for everyone and
spend everyone's password-reset allowance. Read naively the other way, anyone can forge the header.
"""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import RequestFactory

from portail.accounts.tests.factories import PASSWORD
from portail.audit.models import Event
from portail.core.client_ip import client_ip

LOGIN = "/connexion/"
PROXY = "127.0.0.1"
ATTACKER, VICTIM = "203.0.113.66", "198.51.100.7"


def request_from(remote=PROXY, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_forwarded_header_is_not_trusted(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from(remote=ATTACKER, forwarded=VICTIM)) == ATTACKER


def test_behind_one_proxy_the_forwarded_address_is_the_client(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(forwarded=VICTIM)) == VICTIM


def test_behind_one_proxy_a_forged_left_part_is_ignored(settings):
    """A proxy that appends (`$proxy_add_x_forwarded_for`) keeps what the client sent on the left."""
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(forwarded=f"{VICTIM}, {ATTACKER}")) == ATTACKER
    assert client_ip(request_from(forwarded=f"n'importe quoi, {VICTIM}, {ATTACKER}")) == ATTACKER


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.PROXY_COUNT, settings.PROXY_ADDRESSES = 2, ["10.0.0.2"]
    assert client_ip(request_from(remote="10.0.0.2", forwarded=f"{VICTIM}, {ATTACKER}, 10.0.0.1")) == ATTACKER


def test_a_request_that_bypassed_the_proxy_falls_back_to_the_socket_address(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from()) == PROXY
    assert client_ip(request_from(forwarded="unknown")) == PROXY
    assert client_ip(None) is None


def test_the_forwarded_header_is_read_only_from_the_configured_proxy(settings):
    """A client that reaches gunicorn around nginx cannot choose its address (nor escape a lockout with it)."""
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(remote=ATTACKER, forwarded=VICTIM)) == ATTACKER
    settings.PROXY_ADDRESSES = ["10.0.0.5"]  # nginx on another host
    assert client_ip(request_from(remote="10.0.0.5", forwarded=VICTIM)) == VICTIM
    assert client_ip(request_from(remote=PROXY, forwarded=VICTIM)) == PROXY
    settings.PROXY_ADDRESSES = []  # any address: the former behaviour
    assert client_ip(request_from(remote=ATTACKER, forwarded=VICTIM)) == VICTIM


def test_axes_uses_the_same_function(settings):
    settings.PROXY_COUNT = 1
    assert get_client_ip_address(request_from(forwarded=VICTIM)) == VICTIM
    settings.PROXY_COUNT = 0
    assert get_client_ip_address(request_from(remote=ATTACKER, forwarded=VICTIM)) == ATTACKER


def login(client, username, password, forwarded):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY,
                       HTTP_X_FORWARDED_FOR=forwarded, HTTP_USER_AGENT="pytest")


def test_behind_the_proxy_an_attacker_locks_only_their_own_address(client, member_admin, axes_on, settings):
    settings.PROXY_COUNT = 1
    for _ in range(5):
        login(client, member_admin.username, "mauvais-mot-de-passe", ATTACKER)
    assert login(client, member_admin.username, PASSWORD, ATTACKER).status_code == 429
    assert login(client, member_admin.username, PASSWORD, VICTIM).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert set(Event.objects.filter(action="auth.login_failed").values_list("ip_address", flat=True)) == {ATTACKER}
    assert Event.objects.get(action="auth.login").ip_address == VICTIM


def test_behind_the_proxy_the_password_reset_allowance_is_per_client(client, member_admin, settings):
    settings.PROXY_COUNT = 1
    settings.RATE_LIMITS = {"password_reset": (2, 3600)}
    reset = "/mot-de-passe/oublie/"
    for _ in range(2):
        client.post(reset, {"login": member_admin.username}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    spent = client.post(reset, {"login": member_admin.username}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert spent.status_code == 429
    other = client.post(reset, {"login": member_admin.username}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM)
    assert other.status_code == 302
