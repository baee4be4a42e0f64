import time

from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED_KEY = "auth_started_at"
SESSION_SEEN_KEY = "seen_at"
# The staff second-factor pages too: StaffSecondFactorMiddleware sends an unverified staff session there first.
ALLOWED_WHILE_FORCED = (
    "/connexion/", "/deconnexion/", "/mot-de-passe/", "/static/",
    "/gestion/verification/", "/gestion/double-authentification/", "/gestion/deconnexion/",
)


class PasswordChangeRequiredMiddleware:
    """First login (seed §1): nothing but the password change until it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(ALLOWED_WHILE_FORCED)
        ):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


class AbsoluteSessionLifetimeMiddleware:
    """Idle expiry is Django's cookie age; this caps a session's total life (ASVS 7.3.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout

        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Votre session a expiré : reconnectez-vous.")
                return redirect(reverse("accounts:login"))
        return self.get_response(request)


class SessionIdleRefreshMiddleware:
    """Slide the idle expiry of a logged-in session forward, writing the row at most once a minute.

    Marking the session modified makes Django save it with a fresh expiry date, so a session
    idle for SESSION_COOKIE_AGE expires — at most SESSION_REFRESH_SECONDS early — without a
    database write on every page view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
