"""Cache a member's costly page summaries (home tiles, tab 2.6 lists, the statement, tab 2.7) under a stamp
that changes with the member's data, so that a summary is never older than the member's last change.

Why a column and not a cache entry: the stamp must be the same in every worker, and the member row is
read on every portal request anyway (tenancy), so reading it costs nothing.

Three kinds of inputs, three rules:
- the member's own rows (employees, invoices, appointments…): every save or delete of a watched model
  gives the member a new stamp, in the writer's transaction (a rollback takes it back with the data);
  writes that send no signal (QuerySet.update, bulk_create, COPY) call `members_touched` themselves;
- the service's shared settings (campaigns, rules, calendars): a save bumps a per-process stamp, so the
  editing worker sees the change at once and the others within CACHE_SECONDS, as for the other settings
  caches;
- time: the entry also expires after CACHE_SECONDS and its key holds the day, so "upcoming" and
  "overdue" move with the clock.
Only views and tiles read through this cache; services always read the database.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

CACHE_SECONDS = 60
SHARED_STAMP_KEY = "freshness:shared"

# Rows that belong to one member, by how to find the member from a saved or deleted instance.
MEMBER_ROWS: dict[str, Callable] = {
    "members.Member": lambda row: row.pk,
    "members.MemberAddress": lambda row: row.member_id,
    "members.MemberContact": lambda row: row.member_id,
    "members.SituationChangeRequest": lambda row: row.member_id,
    "workforce.Employee": lambda row: row.member_id,
    "appointments.Appointment": lambda row: row.member_id,
    "appointments.AppointmentRequest": lambda row: row.member_id,
    "appointments.CancellationRequest": lambda row: row.member_id,
    "appointments.SharedDocument": lambda row: row.member_id,
    "activity.WorkplaceAction": lambda row: row.member_id,
    "billing.Invoice": lambda row: row.member_id,
    "billing.Payment": lambda row: row.member_id,
    "billing.PaymentAllocation": lambda row: row.payment.member_id,
    "billing.SepaMandate": lambda row: row.member_id,
    "billing.Reminder": lambda row: row.invoice.member_id,
    "declarations.Declaration": lambda row: row.member_id,
    "declarations.DeclarationLine": lambda row: row.declaration.member_id,
    "declarations.BilledAddition": lambda row: row.member_id,
}

# Settings every member's summaries depend on.
SHARED_ROWS = (
    "members.Service", "members.Centre", "members.TeamMember", "members.CareTeam",
    "appointments.AppointmentSettings", "appointments.VisitDuration", "appointments.AvailabilityException",
    "billing.BillingSettings",
    "declarations.Campaign", "declarations.TariffSettings",
    "backoffice.InboxTarget",
)


def new_stamp() -> int:
    return secrets.randbits(62)


def members_touched(*, member_ids: Iterable[int] | None = None) -> None:
    """New stamps for these members (all of them with None): for writes that send no signal.

    A member row another transaction holds is skipped rather than waited for: waiting would serialise every
    write of a member's data behind the first one (and could deadlock with a writer that locks the member first).
    A skipped row is stamped again once this transaction has committed, in a statement of its own that holds no
    other lock and may wait: otherwise the holder, committing first, would leave a stamp older than this data, and
    a summary computed in between would stay in the cache (seen in a browser test: exits declared while an htmx
    request held the member row, problems still listed after a reload)."""
    from portail.members.models import Member

    if member_ids is None or isinstance(member_ids, QuerySet):  # a queryset stays a subquery (campaigns)
        rows = Member.objects.all() if member_ids is None else Member.objects.filter(pk__in=member_ids)
        expected = None
    else:
        member_ids = set(member_ids)
        rows, expected = Member.objects.filter(pk__in=member_ids), len(member_ids)
    # NO KEY UPDATE: the lock an UPDATE of a non-key column takes, which lets other transactions keep inserting
    # rows that reference the member (their foreign-key checks take KEY SHARE; FOR UPDATE would block them).
    free = rows.select_for_update(skip_locked=True, no_key=True).values("pk")
    with transaction.atomic(savepoint=False):  # one statement; FOR UPDATE must sit in a transaction
        stamped = Member.objects.filter(pk__in=free).update(data_stamp=new_stamp())
        if stamped < (rows.count() if expected is None else expected):
            transaction.on_commit(lambda: rows.update(data_stamp=new_stamp()))


def shared_touched() -> None:
    cache.set(SHARED_STAMP_KEY, new_stamp(), None)


def _shared_stamp() -> int:
    stamp = cache.get(SHARED_STAMP_KEY)
    if stamp is None:
        stamp = new_stamp()
        cache.add(SHARED_STAMP_KEY, stamp, None)
        stamp = cache.get(SHARED_STAMP_KEY, stamp)
    return stamp


def member_cached(*, member, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for this member since its data and the settings last changed, today,
    less than CACHE_SECONDS ago. `name` tells the summary and its parameters apart."""
    key = f"freshness:{member.pk}:{member.data_stamp}:{_shared_stamp()}:{date.today():%Y%m%d}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _member_row_changed(*, sender, instance, **kwargs) -> None:
    try:
        member_id = MEMBER_ROWS[sender._meta.label](instance)
    except ObjectDoesNotExist:  # the parent went first in a cascade; its own signal stamped the member
        return
    if member_id is not None and member_id not in getattr(_held, "member_ids", ()):
        members_touched(member_ids=[member_id])


def _shared_row_changed(**kwargs) -> None:
    shared_touched()


def connect() -> None:
    """Called by MembersConfig.ready(): one receiver per watched model, never a global one, so that deletes
    of other models keep Django's fast path (a listener on every model would load each deleted row)."""
    for label in MEMBER_ROWS:
        model = apps.get_model(label)
        post_save.connect(_member_row_changed, sender=model, dispatch_uid=f"freshness:{label}:save")
        post_delete.connect(_member_row_changed, sender=model, dispatch_uid=f"freshness:{label}:delete")
    for label in SHARED_ROWS:
        model = apps.get_model(label)
        post_save.connect(_shared_row_changed, sender=model, dispatch_uid=f"freshness:{label}:save")
        post_delete.connect(_shared_row_changed, sender=model, dispatch_uid=f"freshness:{label}:delete")
    # Who is in a care team (tab 2.2) is a many-to-many: adding or removing a person saves no model.
    people = apps.get_model("members.CareTeam").people.through
    m2m_changed.connect(_shared_row_changed, sender=people, dispatch_uid="freshness:members.CareTeam.people")


_held = threading.local()


@contextmanager
def one_stamp_for(*, member_id: int):
    """Many writes for one member (an import of thousands of rows): one new stamp at the end instead of one
    UPDATE of the member row per written row."""
    outer = getattr(_held, "member_ids", frozenset())
    _held.member_ids = outer | {member_id}
    try:
        yield
    finally:
        _held.member_ids = outer
        members_touched(member_ids=[member_id])
