"""Write audit events. Never put a NIR, a password or a session id in `summary` or `data`."""

from typing import Any

from portail.audit.models import Event
from portail.core.client_ip import client_ip


def _label(actor) -> str:
    """The person, not only the login (a named user's name beside their e-mail), as User.audit_label says."""
    if actor is None:
        return ""
    return getattr(actor, "audit_label", None) or actor.get_username()


def event_record(
    *,
    action: str,
    actor=None,
    member=None,
    obj: Any = None,
    summary: str = "",
    request=None,
    data: dict | None = None,
    actor_label: str = "",
) -> Event:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Event.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or _label(actor),
        member=member,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        ip_address=client_ip(request),
        data=data or {},
    )
