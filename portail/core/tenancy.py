"""Which member (adhérent) the current request acts for, and the scope that enforces it.

Tenant models use `django_scopes.ScopedManager(member="member")`: outside a scope any
query on them raises `ScopeError`, so a forgotten filter fails loudly instead of leaking
another member's rows. Portal requests run inside `scope(member=<current member>)`
(`portail.portal.middleware`); back-office and admin requests of staff users run with scopes disabled on purpose.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

SESSION_KEY = "current_member_id"
STAFF_PATH_PREFIXES = ("/admin/", "/gestion/")
# "Voir comme l'adhérent": a verified staff session may read (never write) one member's portal.
VIEW_AS_KEY = "view_as_member_id"
READ_ONLY_METHODS = ("GET", "HEAD")


def current_member_id(request) -> int | None:
    return request.session.get(SESSION_KEY)


def set_current_member(request, member) -> None:
    request.session[SESSION_KEY] = member.pk
    request.member = member


# Who may open which portal view, decided in one place: the portal app registers its check here
# (PortalConfig.ready), as core cannot know the domain apps' views. It answers None (allowed) or a refusal.
_view_access_checks: list = []


def view_access_check_register(check) -> None:
    if check not in _view_access_checks:
        _view_access_checks.append(check)


def member_required(view):
    """Portal views: a logged-in member or mandataire with a current company, whose role allows the view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_portal_user and not getattr(request, "view_as", False):
            raise PermissionDenied
        if request.member is None:
            return redirect("accounts:choose_member")
        for check in _view_access_checks:
            refusal = check(request)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return wrapped
