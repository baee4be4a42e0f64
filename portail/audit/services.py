"""Write audit events. Never put a NIR, a password or a session id in `summary` or `data`."""

from typing import Any

from portail.audit.models import Event
from portail.core.client_ip import client_ip


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
        actor_label=actor_label or (actor.get_username() if actor else ""),
        member=member,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        ip_address=client_ip(request),
        data=data or {},
    )
