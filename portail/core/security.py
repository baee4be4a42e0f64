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
