"""What the portal keeps in the cache, and how it stays fresh: one stamp per member, renewed by the services that
write, and one stamp for the settings every member's pages show.

- A member's page summaries (home tiles, tab lists, page blocks) are kept under the member's stamp
  (`Member.data_stamp`, read with the member on every portal request anyway). Every service that writes a
  member's rows calls `member_data_changed(member_ids=…)` (or `member_change_record`, which also records the
  event) in its transaction: a rollback takes the new stamp back with the data. FRESHNESS lists them, per model;
  EXEMPT says why the other models holding a member's rows need no stamp. core/tests/test_inventory_freshness.py
  fails on a model in neither.
- The service's settings (centres, teams, campaigns, rules, branding, groups of establishments) are kept under a
  shared stamp in the cache, renewed by `shared_settings_changed()`: at once for every worker with Redis, within
  CACHE_SECONDS with a per-process cache.
- Every entry also holds the day and expires after CACHE_SECONDS: "upcoming" and "overdue" move with the clock,
  and a write no stamp covers (the Django admin, a support tool) shows within that delay.

Only GET and HEAD read the cache: a request that has just written still holds the stamp read before its write,
so it computes what it shows. Services always read the database.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from portail.audit.services import event_record
from portail.members.models import Member

T = TypeVar("T")

CACHE_SECONDS = 60
SHARED_STAMP_KEY = "freshness:shared"

# Models holding a member's rows → the services that call member_data_changed when they write them.
FRESHNESS: dict[str, tuple[str, ...]] = {
    "members.Member": ("members.services.member_update", "members.services.member_radiate",
                       "members.services.member_reactivate", "members.services.member_assignment_set",
                       "members.services.member_group_head_set"),
    "members.MemberAddress": ("members.services.member_address_save", "members.services.member_address_delete"),
    "members.MemberContact": ("members.services.member_contact_save", "members.services.member_contact_delete"),
    "members.MemberNotice": ("accounts.notices.member_notify",),
    "messaging.Thread": ("messaging.services.thread_start", "messaging.services.message_post",
                         "messaging.services.thread_answer"),
    "messaging.Message": ("messaging.services.message_post", "messaging.services.thread_answer"),
    "members.SituationChangeRequest": ("members.services.situation_change_submit",
                                       "backoffice.services.situation_change_answer"),
    "workforce.Employee": ("workforce.services.employee_create", "workforce.services.employee_update",
                           "workforce.services.employee_exit", "workforce.services.employee_rehire",
                           "workforce.services.employees_create_bulk", "workforce.imports.import_apply"),
    "appointments.AppointmentRequest": ("appointments.services.appointment_request_create",
                                        "appointments.services.request_take", "appointments.services.request_refuse",
                                        "appointments.services.appointment_request_answer",
                                        "appointments.services.periodic_batch_create",
                                        "workforce.services.employee_exit"),
    "appointments.Appointment": ("appointments.services.appointment_book",
                                 "appointments.booking_services.appointment_self_book",
                                 "appointments.services.cancellation_process",
                                 "appointments.services.appointment_outcome_record",
                                 "workforce.services.employee_exit"),
    "appointments.CancellationRequest": ("appointments.services._cancellation_request_save",
                                         "appointments.services.cancellation_process",
                                         "appointments.services.cancellation_answer",
                                         "workforce.services.employee_exit"),
    "appointments.BookingInvitation": ("appointments.booking_services.invitation_create",
                                       "appointments.booking_services.invitation_book"),
    "appointments.SharedDocument": ("appointments.services.document_upload",),
    "activity.WorkplaceAction": ("activity.services.workplace_action_record",),
    "billing.Invoice": ("billing.services.invoice_create_draft", "billing.services.invoice_draft_update",
                        "billing.services.invoice_draft_delete", "billing.services._issue",
                        "billing.services.legacy_invoice_import"),
    "billing.InvoiceLine": ("billing.services.invoice_create_draft", "billing.services.invoice_draft_update",
                            "billing.services.legacy_invoice_import"),
    "billing.Payment": ("billing.services.payment_record", "billing.services.credit_note_net"),
    "billing.PaymentAllocation": ("billing.services.payment_allocate",),
    "billing.SepaMandate": ("billing.sepa.sepa_mandate_sign", "billing.sepa.sepa_mandate_revoke",
                            "billing.sepa.sepa_mandate_record_paper"),
    "declarations.Declaration": ("declarations.services.declarations_void_after_radiation",
                                 "declarations.services.declaration_save_draft",
                                 "declarations.services.declaration_employee_exit",
                                 "declarations.services.declaration_expired_contracts_exit",
                                 "declarations.services.declaration_submit", "declarations.services.declaration_validate",
                                 "declarations.services.declaration_bill", "declarations.services.declaration_reopen"),
    "declarations.DeclarationLine": ("declarations.services.declaration_submit",),
}

# Models holding a member's rows whose writes need no stamp of their own, and why.
HISTORY = "simple_history's copy, written with its model, whose service renews the stamp; no member page shows it"
EXEMPT: dict[str, str] = {
    "accounts.User": "logins are read on every request for authentication, never kept in the cache",
    "accounts.Mandate": "a mandataire's access is read on every request, never kept in the cache",
    "accounts.Membership": "a named user's access and role are read on every request, never kept in the cache",
    "accounts.Invitation": "invitations are read by the users page and the link, never kept in the cache",
    "members.NoticeDelivery": "a user's unread copy of a notice, counted with the member on every portal request "
                              "(accounts.selectors.member_accessible), never cached; the notice is stamped by member_notify",
    "audit.Event": "the audit log is shown to staff only, never kept in the cache",
    "audit.SubmittedForm": "double-submit guards, read on each POST, never kept in the cache",
    "workforce.ImportJob": "an import's progress, polled live by its page, never kept in the cache",
    "workforce.ImportMapping": "a remembered column mapping, read by the import page, never kept in the cache",
    "appointments.ComplianceSnapshot": "derived from employees and visits, recomputed by the readers when those change",
    "billing.InvoiceArchive": "the frozen PDF of an issued invoice, written with it by invoice_issue",
    "billing.Reminder": "dunning letters are shown to staff only; no member page lists them",
    "billing.DirectDebitItem": "a direct-debit collection, shown to staff only; its payment goes through payment_record",
    "billing.DirectDebitLine": "an invoice's part of a collection, shown to staff only, written with its item",
    "declarations.BilledAddition": "marks an employee billed late, written with the invoice invoice_issue stamps",
    "members.ScheduledMemberChange": "a change waiting for its date: no member page shows it, and applying it goes "
                                     "through member_update, which renews the stamp",
    "members.HistoricalMemberAddress": HISTORY,
    "members.HistoricalMemberContact": HISTORY,
    "members.HistoricalSituationChangeRequest": HISTORY,
    "workforce.HistoricalEmployee": HISTORY,
}

_held = threading.local()
_MISSING = object()


def new_stamp() -> int:
    return secrets.randbits(62)


def member_data_changed(*, member_ids: Iterable[int] | QuerySet) -> None:
    """New stamps for these members, in the caller's transaction.

    A member row another transaction holds is skipped rather than waited for: waiting would serialise every
    write of a member's data behind the first one (and could deadlock with a writer that locks the member first).
    A skipped row is stamped again once this transaction has committed, in a statement of its own that may wait:
    otherwise the holder, committing first, would leave a stamp older than this data, and a summary computed in
    between would stay in the cache (seen in a browser test: exits declared while an htmx request held the member
    row, problems still listed after a reload)."""
    if isinstance(member_ids, QuerySet):  # stays a subquery
        rows, expected = Member.objects.filter(pk__in=member_ids), None
    else:
        member_ids = set(member_ids) - getattr(_held, "member_ids", frozenset())
        if not member_ids:
            return
        rows, expected = Member.objects.filter(pk__in=member_ids), len(member_ids)
    # NO KEY UPDATE: the lock an UPDATE of a non-key column takes, which lets other transactions keep inserting
    # rows that reference the member (their foreign-key checks take KEY SHARE; FOR UPDATE would block them).
    free = rows.select_for_update(skip_locked=True, no_key=True).values("pk")
    with transaction.atomic(savepoint=False):  # one statement; FOR UPDATE must sit in a transaction
        stamped = Member.objects.filter(pk__in=free).update(data_stamp=new_stamp())
        if stamped < (rows.count() if expected is None else expected):
            transaction.on_commit(lambda: rows.update(data_stamp=new_stamp()))


def member_change_record(*, member: Member, action: str, actor: AbstractBaseUser | None = None,
                         obj: Model | None = None, summary: str = "", request: HttpRequest | None = None,
                         data: dict[str, object] | None = None) -> None:
    """Most writes of a member's rows end the same way: the member's pages are renewed and the write is recorded,
    both in the caller's transaction."""
    member_data_changed(member_ids=[member.pk])
    event_record(action=action, actor=actor, member=member, obj=obj, summary=summary, request=request, data=data)


@contextmanager
def one_stamp_for(*, member_id: int):
    """Many writes for one member (an import of thousands of rows through the services): one new stamp at the end
    instead of one UPDATE of the member row per written row. Nothing on failure: the transaction rolls back."""
    outer: frozenset[int] = getattr(_held, "member_ids", frozenset())
    _held.member_ids = outer | {member_id}
    try:
        yield
    finally:
        _held.member_ids = outer
    member_data_changed(member_ids=[member_id])


# The shared stamp as this request first read it: a page asks for it once per cached block (the branding, the
# menu's group link, the page's own block), each a cache round trip otherwise. Held from request_started to
# request_finished only, so a worker, a task or a shell outside a request always reads the cache.
_request = threading.local()
_UNREAD = object()


def _request_begins(**_kwargs) -> None:
    _request.shared_stamp = _UNREAD


def _request_ends(**_kwargs) -> None:
    _request.__dict__.pop("shared_stamp", None)


request_started.connect(_request_begins, dispatch_uid="freshness_request_begins")
request_finished.connect(_request_ends, dispatch_uid="freshness_request_ends")


def shared_settings_changed() -> None:
    stamp = new_stamp()
    cache.set(SHARED_STAMP_KEY, stamp, None)
    if hasattr(_request, "shared_stamp"):
        _request.shared_stamp = stamp  # the request that changed the settings shows them changed


def _shared_stamp() -> int:
    held = getattr(_request, "shared_stamp", None)
    if held is not None and held is not _UNREAD:
        return held
    stamp = cache.get(SHARED_STAMP_KEY)
    if stamp is None:
        cache.add(SHARED_STAMP_KEY, new_stamp(), None)
        stamp = cache.get(SHARED_STAMP_KEY, 0)
    if held is _UNREAD:
        _request.shared_stamp = stamp
    return stamp


def _cached(key: str, compute: Callable[[], T]) -> T:
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def shared_cached(*, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave since the service's settings last changed, less than CACHE_SECONDS ago."""
    return _cached(f"shared:{_shared_stamp()}:{name}", compute)


def member_cached(request, *, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the request's member since its data and the settings last changed, today,
    less than CACHE_SECONDS ago; always `compute()` for a request that may write. `name`, chosen by the code (never
    free input), tells the summary and its parameters apart."""
    if request.method not in ("GET", "HEAD"):
        return compute()
    member = request.member
    return _cached(f"member:{member.pk}:{member.data_stamp}:{_shared_stamp()}:{date.today():%Y%m%d}:{name}", compute)
