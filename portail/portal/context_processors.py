"""What every portal page draws around its content: the service's branding, the menu, the current member."""

from portail.members.selectors import member_heads_a_group, service_branding
from portail.portal.navigation import nav_items

# Pages whose menu entry is not their app's (the URL namespace marks the current entry otherwise).
SECTIONS = {"members:service_contacts": "contacts", "billing:sepa": "members"}


def _section(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return SECTIONS.get(match.view_name) or match.namespace or None


def _can_switch(request) -> bool:
    user = request.user
    if user.is_mandataire:
        return True
    return user.member_id is not None and member_heads_a_group(member_id=user.member_id)


def portal(request) -> dict:
    context = {"service": service_branding()}
    if getattr(request, "member", None) is not None:
        context["nav_items"] = nav_items(_section(request))
        context["current_member"] = request.member
        context["can_switch_member"] = _can_switch(request)
    return context
