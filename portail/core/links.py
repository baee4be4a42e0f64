"""Absolute links to the portal, for what leaves it (e-mails, a link shown to copy into an SMS).

Built from the configured public address `PORTAL_BASE_URL`, never from the request's Host header: behind a
proxy that passes a forged Host on, a link carrying a valid token (an invitation, a password reset, a booking
link) would otherwise point at someone else's site. Production refuses to start without the setting.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_url(path: str) -> str:
    """The portal's address of `path` (a path from `reverse`, starting with "/")."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def public_origin() -> tuple[str, str]:
    """(scheme, host[/prefix]) of the public address, for Django's `{{ protocol }}://{{ domain }}` e-mails."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    return parts.scheme, parts.netloc + parts.path.rstrip("/")
