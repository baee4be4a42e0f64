from portail.core.navigation import nav_items


def _section(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.url_name == "service_contacts":
        return "contacts"
    return match.namespace or None


def _can_switch(request) -> bool:
    from portail.members.selectors import member_heads_a_group

    user = request.user
    if user.is_mandataire:
        return True
    return user.member_id is not None and member_heads_a_group(member_id=user.member_id)


def portal(request) -> dict[str, object]:
    from portail.members.selectors import service_branding

    context: dict[str, object] = {"service": service_branding()}
    if getattr(request, "member", None) is not None:
        context["nav_items"] = nav_items(_section(request))
        context["current_member"] = request.member
        context["can_switch_member"] = _can_switch(request)
    return context
