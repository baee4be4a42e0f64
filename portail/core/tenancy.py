"""Which member (adhérent) the current request acts for, and the scope that enforces it.

Tenant models use `django_scopes.ScopedManager(member="member")`: outside a scope any
query on them raises `ScopeError`, so a forgotten filter fails loudly instead of leaking
another member's rows. Portal requests run inside `scope(member=<current member>)`;
back-office and admin requests of staff users run with scopes disabled on purpose.

Every model holding a member's rows (a foreign key to the member, or to such a model: an invoice's lines) has
only scoped managers, or is listed in UNSCOPED with the reason: portail/core/tests/test_inventory_tenancy.py
fails on a model in neither. Portal reads go through selectors that also name the member, so an object of
another member answers 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django_scopes import scope, scopes_disabled

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
    "audit.Event": "append-only log written by services naming the member; read by staff only (back-office "
                   "history)",
    "audit.SubmittedForm": "double-submit claims, read by their token and the logged-in user (core.idempotency); "
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


def view_as_member(request):
    """The member a staff session views read-only, or None.

    Honoured only for staff accounts past the second factor: a member or mandataire session
    carrying the key (it cannot set it, but defence in depth) gets nothing from it.
    """
    member_id = request.session.get(VIEW_AS_KEY)
    user = request.user
    if member_id is None or not (user.is_authenticated and user.is_staff and not user.is_portal_user):
        return None
    if not (hasattr(user, "is_verified") and user.is_verified()):
        return None
    from portail.backoffice.access import idle_expired, touch

    if idle_expired(request):
        # The back office's idle timeout also applies while reading a member's portal.
        request.session.pop(VIEW_AS_KEY, None)
        return None
    touch(request)
    from portail.members.models import Member

    return Member.objects.select_related("centre", "care_team").filter(pk=member_id).first()


def _read_only_refusal(request, member):
    from django.shortcuts import render

    return render(request, "backoffice/view_as_refused.html", {"viewed_member": member}, status=403)


class CurrentMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portail.accounts.selectors import resolve_current_member

        request.member = None
        request.view_as = False
        user = request.user
        if user.is_authenticated and user.is_staff and request.path.startswith(STAFF_PATH_PREFIXES):
            with scopes_disabled():
                return self.get_response(request)
        if user.is_authenticated and user.is_portal_user:
            request.member = resolve_current_member(request)
        elif user.is_authenticated and user.is_staff:
            request.member = view_as_member(request)
            request.view_as = request.member is not None
            if request.view_as and request.method not in READ_ONLY_METHODS:
                return _read_only_refusal(request, request.member)
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
        if not request.user.is_portal_user and not getattr(request, "view_as", False):
            raise PermissionDenied
        if request.member is None:
            return redirect("accounts:choose_member")
        return view(request, *args, **kwargs)

    return wrapped
