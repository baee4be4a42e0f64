"""Which member each request acts for: the member's own, the one a mandataire chose, or the one a staff
session reads through « Voir comme l'adhérent »; then the whole request runs inside that member's scope."""

from django.shortcuts import render
from django_scopes import scope, scopes_disabled

from portail.accounts.roles import Role
from portail.accounts.selectors import member_role, resolve_current_member
from portail.backoffice.access import idle_expired, touch
from portail.core.tenancy import READ_ONLY_METHODS, STAFF_PATH_PREFIXES, VIEW_AS_KEY
from portail.members.models import Member


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
    if idle_expired(request):
        # The back office's idle timeout also applies while reading a member's portal.
        request.session.pop(VIEW_AS_KEY, None)
        return None
    touch(request)
    return Member.objects.select_related("centre", "care_team").filter(pk=member_id).first()


def _read_only_refusal(request, member):
    return render(request, "backoffice/view_as_refused.html", {"viewed_member": member}, status=403)


class CurrentMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = None
        request.member_role = None
        request.view_as = False
        user = request.user
        if user.is_authenticated and user.is_staff and request.path.startswith(STAFF_PATH_PREFIXES):
            with scopes_disabled():
                return self.get_response(request)
        if user.is_authenticated and user.is_portal_user:
            request.member = resolve_current_member(request)
            if request.member is not None:
                request.member_role = member_role(user=user, member_id=request.member.pk)
        elif user.is_authenticated and user.is_staff:
            request.member = view_as_member(request)
            request.view_as = request.member is not None
            # Staff reading a portal see every screen (their GETs only; NIRs stay masked: workforce.nir).
            request.member_role = Role.ADMIN if request.view_as else None
            if request.view_as and request.method not in READ_ONLY_METHODS:
                return _read_only_refusal(request, request.member)
        if request.member is None:
            return self.get_response(request)
        with scope(member=request.member):
            return self.get_response(request)
