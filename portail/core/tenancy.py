"""Which member (adhérent) the current request acts for, and the scope that enforces it.

Tenant models use `django_scopes.ScopedManager(member="member")`: outside a scope any
query on them raises `ScopeError`, so a forgotten filter fails loudly instead of leaking
another member's rows. Portal requests run inside `scope(member=<current member>)`;
back-office and admin requests of staff users run with scopes disabled on purpose.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django_scopes import scope, scopes_disabled

SESSION_KEY = "current_member_id"
STAFF_PATH_PREFIXES = ("/admin/", "/gestion/")


def current_member_id(request) -> int | None:
    return request.session.get(SESSION_KEY)


def set_current_member(request, member) -> None:
    request.session[SESSION_KEY] = member.pk
    request.member = member


class CurrentMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portail.accounts.selectors import resolve_current_member

        request.member = None
        user = request.user
        if user.is_authenticated and user.is_staff and request.path.startswith(STAFF_PATH_PREFIXES):
            with scopes_disabled():
                return self.get_response(request)
        if user.is_authenticated and user.is_portal_user:
            request.member = resolve_current_member(request)
        if request.member is None:
            return self.get_response(request)
        with scope(member=request.member):
            return self.get_response(request)


def member_required(view):
    """Portal views: a logged-in member or mandataire with a current company."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_portal_user:
            raise PermissionDenied
        if request.member is None:
            return redirect("accounts:choose_member")
        return view(request, *args, **kwargs)

    return wrapped
