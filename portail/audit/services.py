"""Write audit events. Never put a NIR, a password or a session id in `summary` or `data`."""

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

from portail.audit.models import Event
from portail.core.client_ip import client_ip


def _label(user: AbstractBaseUser) -> str:
    """The person, not only the login (a named user's name beside their e-mail), as User.audit_label says."""
    return getattr(user, "audit_label", None) or user.get_username()


def event_record(*, action: str, actor: AbstractBaseUser | AnonymousUser | None = None, member: Model | None = None,
                 obj: Model | None = None, summary: str = "", request: HttpRequest | None = None,
                 data: dict[str, object] | None = None, actor_label: str = "") -> Event:
    # Audit sits below the apps it records: it takes any user and member, and stores their keys.
    user = actor if isinstance(actor, AbstractBaseUser) and actor.is_authenticated else None
    return Event.objects.create(
        action=action,
        actor_id=user.pk if user is not None else None,
        actor_label=actor_label or (_label(user) if user is not None else ""),
        member_id=member.pk if member is not None else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        ip_address=client_ip(request),
        data=data or {},
    )


def events_record(*, action: str, actor: AbstractBaseUser | AnonymousUser | None = None, member: Model | None = None,
                  objs: Sequence[Model], summaries: Sequence[str], request: HttpRequest | None = None,
                  data: Sequence[dict[str, object]] | None = None) -> None:
    """`event_record` for many objects at once (an import's thousands of new rows): one event each, inserted in
    batches."""
    user = actor if isinstance(actor, AbstractBaseUser) and actor.is_authenticated else None
    ip_address = client_ip(request)
    events = [
        Event(action=action, actor_id=user.pk if user is not None else None,
              actor_label=user.get_username() if user is not None else "",
              member_id=member.pk if member is not None else None, object_type=obj._meta.label_lower,
              object_id=str(obj.pk), summary=summary[:300], ip_address=ip_address,
              data=(data[index] if data is not None else None) or {})
        for index, (obj, summary) in enumerate(zip(objs, summaries, strict=True))
    ]
    Event.objects.bulk_create(events, batch_size=1000)
