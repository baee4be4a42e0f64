"""Answer a login attempt on a locked-out (login, IP) pair before the login form runs.

Left to itself, django-axes lets the whole login view run for a locked pair: the form, the
authentication backends, the failure signals, a cleanup DELETE in a transaction, and the login
page rendered only to be thrown away by AxesMiddleware for the lockout page. Issue 8 wants a refused attempt
on a locked account to cost at most 5 % of a real password check (the bench measures it).

Here an entry of the default cache remembers that a pair was locked out recently: shared by every worker
and server with Redis (REDIS_URL), per process otherwise. It is only a hint: the refusal is still decided
by axes' own check against the database (one indexed query), so the lock ends exactly when axes says so —
at the end of the cool-off, or at once when staff delete the attempts (admin, `axes_reset*` commands).
Without the hint (a per-process cache in another worker, a restart, an evicted entry) the attempt simply
takes axes' usual path, which sets the hint again. The same entry marks the lockout as recorded in the
audit log (signals.py): one event per lockout, for all workers with Redis.
"""

import hashlib

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_lockout_response
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from portail.accounts.forms import normalised_login

HINT_PREFIX = "accounts:locked-pair:"


def _hint_key(username: str, ip_address: str | None) -> str:
    # Hashed: a login is user input (spaces, any length), unfit for some cache backends' keys.
    digest = hashlib.sha256(f"{username}\0{ip_address}".encode()).hexdigest()
    return HINT_PREFIX + digest


def lockout_hint_add(*, username: str, ip_address: str | None) -> bool:
    """Remember that axes refused this pair, for the cool-off; called on each axes lockout signal.

    True if the pair was not known here yet: the audit log records one event per lockout with it.
    """
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return cache.add(_hint_key(username, ip_address), True, timeout=timeout)


def lockout_response(request: HttpRequest) -> HttpResponse | None:
    """axes' own lockout response if the posted login is known to be locked out from this IP, else None.

    Only a POST the login form would hand to authenticate() qualifies (login and password both
    present), so that an incomplete form still gets its field errors as before.
    """
    if not settings.AXES_ENABLED:
        return None
    username = normalised_login(request.POST.get(settings.AXES_USERNAME_FORM_FIELD) or "")
    if not username or not request.POST.get("password"):
        return None
    AxesProxyHandler.update_request(request)  # the client IP exactly as axes resolves it
    key = _hint_key(username, request.axes_ip_address)  # type: ignore[attr-defined]  # set by update_request()
    if not cache.get(key):
        return None
    credentials = get_credentials(username)
    if AxesProxyHandler.is_allowed(request, credentials):
        cache.delete(key)  # cool-off over or attempts reset: the normal path takes over
        return None
    return get_lockout_response(request, None, credentials)
