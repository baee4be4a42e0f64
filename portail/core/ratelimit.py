"""Throttle costly or sensitive actions (ASVS 2.4.1): exports, imports, password resets, NIR reveals.

A fixed window counted in the default cache, keyed by account (or by IP for anonymous requests): one count
for every worker and server with Redis (REDIS_URL), one per process otherwise. Limits are settings
(`RATE_LIMITS`), so an SPSTI can tune them.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from portail.core.client_ip import client_ip

DEFAULT_LIMITS = {
    "export": (30, 3600),
    "import": (20, 3600),
    "password_reset": (5, 3600),
    "nir_reveal": (60, 3600),
    "invitation": (30, 3600),
    # The public pages of an employee's booking link (no account): a few views per use, tokens not guessable.
    "booking_link": (60, 3600),
    "booking_link_send": (200, 3600),  # links a company sends to its employees (each one an e-mail)
    "api": (600, 60),  # per personal API token (portail.api.auth)
}


def _limit(scope: str) -> tuple[int, int]:
    return getattr(settings, "RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def _who(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return f"ip{client_ip(request) or ''}"


def hit(*, scope: str, request, who: str = "") -> bool:
    """Count one use; False once the window's allowance is spent. `who`: whose allowance, when not the request's
    account or IP (an API token)."""
    limit, period = _limit(scope)
    key = f"rl:{scope}:{who or _who(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def retry_after(scope: str) -> int:
    """Seconds a client should wait before trying again, at most (the window's length)."""
    return _limit(scope)[1]


def rate_limited(scope: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("GET", "POST") and not hit(scope=scope, request=request):
                return render(request, "core/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
