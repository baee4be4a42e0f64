"""Which member (adhérent) the current request acts for, and the scope that enforces it.

Tenant models use `django_scopes.ScopedManager(member="member")`: outside a scope any
query on them raises `ScopeError`, so a forgotten filter fails loudly instead of leaking
another member's rows. Portal requests run inside `scope(member=<current member>)`
(`portail.portal.middleware`); back-office and admin requests of staff users run with scopes disabled on purpose.

Every model holding a member's rows (a foreign key to the member, or to such a model: an invoice's lines) has
only scoped managers, or is listed in UNSCOPED with the reason: portail/core/tests/test_inventory_tenancy.py
fails on a model in neither. Portal reads go through selectors that also name the member, so an object of
another member answers 404.
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

_HISTORY = ("simple-history's copy of each change, read only through `<row>.history` of a row already read "
            "through its scoped manager, or by staff")
_THROUGH = ("auto-created many-to-many table, reached through the relation of its scoped owner or filtered on "
            "the owner's member by the selectors")
UNSCOPED: dict[str, str] = {
    "accounts.User": "the login itself: read by authentication before any member is known; a member account "
                     "names its company, a mandataire none",
    "accounts.Mandate": "decides which members a mandataire may act for: read to set the scope, before one exists "
                        "(accounts.selectors.accessible_members), and by staff",
    "accounts.Membership": "decides which members a named user may act for, and with which role: read to set the "
                           "scope, before one exists (accounts.selectors.member_role); its selectors name the member",
    "accounts.Invitation": "read by its public link before any login (only the token's hash is stored); the users "
                           "pages read it through selectors naming the member",
    "audit.Event": "append-only log written by services naming the member; read by staff only (back-office "
                   "history)",
    "audit.SubmittedForm": "double-submit claims, read by their token and the logged-in user (audit.idempotency); "
                           "the member is recorded, never a filter",
    "members.HistoricalMemberAddress": _HISTORY,
    "members.HistoricalMemberContact": _HISTORY,
    "members.HistoricalSituationChangeRequest": _HISTORY,
    "workforce.HistoricalEmployee": _HISTORY,
    "appointments.AppointmentRequest_employees": _THROUGH,
    "activity.WorkplaceAction_staff": _THROUGH,
}


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
