"""Who may enter the back office: staff accounts, with a verified second factor, not idle too long."""

import time
from collections.abc import Collection, Iterable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.models import AccountKind
from portail.backoffice.models import StaffRole

LAST_SEEN_KEY = "backoffice_last_seen"
LOGIN_URL = "/gestion/connexion/"


def is_staff_account(user) -> bool:
    return user.is_authenticated and user.is_staff and user.kind == AccountKind.STAFF


def staff_role(user) -> str | None:
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.role if profile is not None else None


def has_role(user, roles: Collection[str] | None) -> bool:
    """Administrators may do everything; other roles only what the view lists."""
    if roles is None:
        return True
    role = staff_role(user)
    return role == StaffRole.ADMIN or role in roles


def touch(request) -> None:
    request.session[LAST_SEEN_KEY] = int(time.time())


def idle_expired(request) -> bool:
    last = request.session.get(LAST_SEEN_KEY)
    return last is not None and time.time() - last > settings.STAFF_SESSION_IDLE_SECONDS


def second_factor_url(user) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return "backoffice:otp_verify"
    return "backoffice:otp_enrol"


def staff_required(role: str | Iterable[str] | None = None):
    """Back-office views. Members and mandataires get 403: the back office is not theirs."""
    roles = [role] if isinstance(role, str) else (list(role) if role is not None else None)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), LOGIN_URL)
            if not is_staff_account(user):
                raise PermissionDenied
            if idle_expired(request):
                logout(request)
                minutes = settings.STAFF_SESSION_IDLE_SECONDS // 60
                messages.info(request, f"Votre session a expiré après {minutes} minutes d’inactivité. Reconnectez-vous.")
                return redirect_to_login(request.get_full_path(), LOGIN_URL)
            if not user.is_verified():
                return redirect(second_factor_url(user))
            touch(request)
            if not has_role(user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_roles = roles  # type: ignore[attr-defined]  # read by the permission matrix
        return wrapped

    return decorator
