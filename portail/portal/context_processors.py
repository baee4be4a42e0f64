"""What every portal page draws around its content: the service's branding, the menu, the current member."""

from functools import partial

from portail.accounts.roles import Capability, Role, can
from portail.members.selectors import member_heads_a_group, service_branding, unread_notice_count
from portail.portal.navigation import nav_items
from portail.portal.permissions import role_opens

# Pages whose menu entry is not their app's (the URL namespace marks the current entry otherwise).
SECTIONS = {"members:service_contacts": "contacts", "billing:sepa": "members"}


def _section(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return SECTIONS.get(match.view_name) or match.namespace or None


def _can_switch(request) -> bool:
    user = request.user
    if user.is_mandataire or user.is_named_user:
        return True
    return user.member_id is not None and member_heads_a_group(member_id=user.member_id)


def portal(request) -> dict[str, object]:
    context: dict[str, object] = {"service": service_branding()}
    if getattr(request, "member", None) is not None:
        role = getattr(request, "member_role", None)
        context["nav_items"] = [item for item in nav_items(_section(request)) if role_opens(role, item["entry"].url_name)]
        context["can_manage_users"] = can(role, Capability.USERS, "write") and not request.view_as
        context["role_label"] = Role(role).label if request.user.is_named_user and role in Role.values else ""
        context["current_member"] = request.member
        context["can_switch_member"] = _can_switch(request)
        # The header's unread count: read with the member (accounts.selectors.member_accessible), else counted
        # where the header is drawn only (the template calls it; not for htmx fragments).
        unread = getattr(request.member, "unread_notices", None)
        context["unread_notices"] = unread if unread is not None else partial(
            unread_notice_count, member=request.member, user_id=request.user.pk)
    return context
