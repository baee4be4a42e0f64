"""Response headers Django does not set by itself."""

from django.conf import settings
from django.db import DataError

# htmx needs no inline script; styles come from our own files only.
# Paths whose answers are personal without a session: the API (a bearer token) and an employee's booking link.
PERSONAL_PREFIXES = ("/api/", "/rendez-vous/lien/")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if _personal(request):
            # Pages of an authenticated user, API answers and an employee's booking link carry personal data:
            # never cache them.
            response.setdefault("Cache-Control", "no-store")
        if settings.DEBUG is False:
            response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or request.path.startswith(PERSONAL_PREFIXES)


def _holds_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())


class NulCharacterMiddleware:
    """A NUL character reaches no query: PostgreSQL refuses it in any text ("PostgreSQL text fields cannot contain
    NUL"), so a view reading a parameter without a form would answer 500.

    In an address (path or query string), no keyboard types it: the request gets a 400 page saying what to do.
    In a posted form, the form says it next to the field and keeps the rest (Django's ProhibitNullCharacters
    validator); where a view reads a posted value itself, the database's refusal becomes the same 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET):
            return _refused(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError) and "NUL" in str(exception):
            return _refused(request)
        return None


def _refused(request):
    from django.shortcuts import render

    return render(request, "400.html", status=400)
