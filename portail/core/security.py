"""Response headers Django does not set by itself."""

from django.conf import settings

# htmx needs no inline script; styles come from our own files only.
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
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages of an authenticated user carry personal data: never cache them.
            response.setdefault("Cache-Control", "no-store")
        if settings.DEBUG is False:
            response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _holds_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())


class NulCharacterMiddleware:
    """A NUL character in a parameter reaches no view: PostgreSQL refuses it in any text ("A string literal cannot
    contain NUL"), so a view reading request.GET or request.POST directly would answer 500. Forms already refuse
    it field by field (ProhibitNullCharactersValidator); this covers the rest, with a page saying what to do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)
