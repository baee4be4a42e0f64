"""Back-office reads. Staff requests run with tenant scopes disabled (see core.tenancy)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, Field, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.models import AccountKind, Mandate, User
from portail.audit.models import Event
from portail.backoffice import inbox
from portail.backoffice.audit_labels import codes_matching
from portail.backoffice.models import InboxAssignment, InboxComment, InboxSavedView, ReplyTemplate
from portail.members.models import CareTeam, Member

# Sortable inbox columns: the `sort` parameter ("-" first for descending) → the key of an item.
INBOX_SORTS = {
    "type": lambda item: (item.source.label, item.due_date),
    "adherent": lambda item: (item.member.number, item.due_date),
    "recue": lambda item: (item.received_at,),
    "echeance": lambda item: (item.due_date, item.received_at),
    "anciennete": lambda item: (item.ageing, item.received_at),
    "statut": lambda item: (item.status_label, item.due_date),
}
DEFAULT_SORT = "echeance"


def inbox_items(
    *, source_key: str = "", status: str = "", overdue: bool = False, care_team: CareTeam | None = None,
    sources: Iterable[inbox.InboxSource] | None = None, query: str = "", sort: str = DEFAULT_SORT,
) -> list[inbox.InboxItem]:
    """Items of `sources` (default: every source), sorted by `sort` (default: oldest due date first);
    default status filter: still to process. `query`: member number or name, or an employee's name."""
    items: list[inbox.InboxItem] = []
    query = query.strip()
    with inbox.targets_loaded():
        for source in inbox.sources() if sources is None else sources:
            if source_key and source.key != source_key:
                continue
            queryset = source.filter_status(source.queryset(), status)
            if care_team is not None:
                queryset = queryset.filter(member__care_team=care_team)
            if query:
                queryset = source.search(queryset, query)
            items.extend(source.item(obj) for obj in queryset)
    if overdue:
        items = [item for item in items if item.overdue]
    descending = sort.startswith("-")
    items.sort(key=INBOX_SORTS.get(sort.lstrip("-"), INBOX_SORTS[DEFAULT_SORT]), reverse=descending)
    return items


def inbox_next_item(*, after: str, sources: Iterable[inbox.InboxSource] | None) -> inbox.InboxItem | None:
    """The open item that follows `after` (a "source-pk" key) in the default order, else the first open one:
    "Répondre et suivant" goes on with the queue."""
    items = inbox_items(sources=sources)
    keys = [item.key for item in items]
    if after in keys:
        following = items[keys.index(after) + 1:]
        return following[0] if following else None
    return items[0] if items else None


def inbox_counts(*, sources: Iterable[inbox.InboxSource] | None = None) -> list[dict[str, Any]]:
    """Open items and overdue items per type (of `sources`, default every one), for the counters above the
    list."""
    counts = []
    with inbox.targets_loaded():
        for source in inbox.sources() if sources is None else sources:
            open_items = [source.item(obj) for obj in source.filter_status(source.queryset(), "")]
            counts.append({
                "source": source,
                "open": len(open_items),
                "overdue": sum(1 for item in open_items if item.overdue),
            })
    return counts


def assignees_for(items: list[inbox.InboxItem]) -> dict[str, User]:
    by_key: dict[int, dict[Any, str]] = {}
    for item in items:
        content_type = ContentType.objects.get_for_model(item.obj)
        by_key.setdefault(content_type.pk, {})[item.obj.pk] = item.key
    result = {}
    for content_type_id, keys in by_key.items():
        assignments = InboxAssignment.objects.filter(
            content_type_id=content_type_id, object_id__in=keys
        ).select_related("assignee")
        for assignment in assignments:
            result[keys[assignment.object_id]] = assignment.assignee
    return result


def inbox_item_get(*, source_key: str, pk: int) -> inbox.InboxItem:
    source = inbox.source_get(source_key)
    if source is None:
        raise Http404
    obj = source.queryset().filter(pk=pk).first()
    if obj is None:
        raise Http404
    return source.item(obj)


def inbox_items_by_keys(*, keys: list[str], sources: Iterable[inbox.InboxSource]) -> list[inbox.InboxItem]:
    """The items named by "source-pk" keys among `sources` (those the user may handle); others are ignored."""
    wanted: dict[str, list[int]] = {}
    for key in keys:
        source_key, _, pk = key.rpartition("-")
        if pk.isdigit():
            wanted.setdefault(source_key, []).append(int(pk))
    items: list[inbox.InboxItem] = []
    with inbox.targets_loaded():
        for source in sources:
            if source.key in wanted:
                items.extend(source.item(obj) for obj in source.queryset().filter(pk__in=wanted[source.key]))
    return items


def inbox_saved_views(*, user: User) -> QuerySet[InboxSavedView]:
    """The views of the user's care team and their own."""
    profile = getattr(user, "staff_profile", None)
    condition = Q(owner=user)
    if profile is not None and profile.care_team_id:
        condition |= Q(care_team_id=profile.care_team_id)
    return InboxSavedView.objects.filter(condition).order_by("name", "pk")


def reply_templates(*, source_key: str | None = None) -> QuerySet[ReplyTemplate]:
    templates = ReplyTemplate.objects.all()
    if source_key is not None:
        templates = templates.filter(Q(source_key="") | Q(source_key=source_key))
    return templates.order_by("title", "pk")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str
    what: str
    internal: bool = False


def _history_entries(obj: Any) -> list[TimelineEntry]:
    history = getattr(obj, "history", None)
    if history is None:
        return []
    entries = []
    records = list(history.order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        who = record.history_user.audit_label if record.history_user else "—"
        if previous is None or record.history_type == "+":
            received = getattr(obj, "created_at", None) or record.history_date
            entries.append(TimelineEntry(received, who, "Demande reçue"))
            continue
        changes = record.diff_against(previous, excluded_fields=["updated_at", *(["version"] if hasattr(obj, "version") else [])]).changes
        for change in changes:
            field = obj._meta.get_field(change.field)
            old, new = _display(field, change.old), _display(field, change.new)
            entries.append(TimelineEntry(record.history_date, who, f"{_label(field)} : {old} → {new}"))
    return entries


def _label(field: object) -> str:
    return str(getattr(field, "verbose_name", ""))


def _display(field: Field[Any, Any], value: object) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "—"
    return str(value) if value not in (None, "") else "—"


def item_timeline(*, obj: Any) -> list[TimelineEntry]:
    """Full history: changes of the request itself, staff decisions, internal comments."""
    content_type = ContentType.objects.get_for_model(obj)
    comments = InboxComment.objects.filter(content_type=content_type, object_id=obj.pk).select_related("author")
    entries = _history_entries(obj)
    entries += [
        TimelineEntry(c.created_at, c.author.display_name if c.author else "—", c.body, internal=True)
        for c in comments
    ]
    events = Event.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    if hasattr(obj, "history"):
        # The model's own history already tells its changes; the log adds the inbox's staff decisions.
        events = events.filter(action__in=("backoffice.inbox_assigned", "backoffice.inbox_applied"))
    entries += [TimelineEntry(e.at, e.actor_label or "—", e.summary) for e in events]
    return sorted(entries, key=lambda entry: entry.at)


def members_search(*, query: str, care_team: CareTeam | None = None) -> QuerySet[Member]:
    members = Member.objects.select_related("centre", "care_team")
    query = query.strip()
    if query:
        digits = query.replace(" ", "")
        condition = Q(number__iexact=query) | Q(name__icontains=query)
        if digits.isdigit():
            condition |= Q(siret__startswith=digits) | Q(number__startswith=digits)
        members = members.filter(condition)
    if care_team is not None:
        # A staff member of a care team sees that team's members first (issue 7 §1).
        own_team = Case(When(care_team=care_team, then=Value(0)), default=Value(1), output_field=IntegerField())
        return members.order_by(own_team, "name")
    return members.order_by("name")


def member_detail(*, pk: int) -> dict[str, Any]:
    member = Member.objects.select_related("centre", "care_team", "group_head").filter(pk=pk).first()
    if member is None:
        raise Http404
    return {
        "member": member,
        "addresses": member.addresses.all(),
        "contacts": member.contacts.all(),
        "accounts": User.objects.filter(member=member).order_by("username"),
        "mandates": Mandate.objects.filter(member=member).select_related("mandataire").order_by("-granted_at"),
        "establishments": member.grouped_establishments.order_by("number"),
        "situation_changes": member.situation_changes.all()[:20],
        "changes": member_change_history(member=member),
    }


def member_change_history(*, member: Member, limit: int = 30) -> list[dict[str, object]]:
    """Who changed the member's administrative data, when, and each field before → after."""
    records = list(member.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older)
        if not delta.changes:
            continue
        entries.append({
            "at": newer.history_date,
            "who": newer.history_user.audit_label if newer.history_user else "—",
            "changes": [
                (_label(Member._meta.get_field(c.field)), c.old or "—", c.new or "—") for c in delta.changes
            ],
        })
    return entries


def audit_events(*, action: str = "", member: str = "", actor: str = "", date_from: date | None = None,
                 date_to: date | None = None) -> QuerySet[Event]:
    """`action`: a code or words of its French label; `actor`: the author's login (or part of it)."""
    events = Event.objects.select_related("member", "actor")
    if action:
        events = events.filter(Q(action__icontains=action) | Q(action__in=codes_matching(action)))
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if member:
        events = events.filter(Q(member__number=member) | Q(member__name__icontains=member))
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-pk")


def staff_accounts() -> QuerySet[User]:
    return (
        User.objects.filter(kind=AccountKind.STAFF)
        .select_related("staff_profile__care_team")
        .annotate(has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("last_name", "username")
    )


def staff_account_get(*, pk: int) -> User:
    user = staff_accounts().filter(pk=pk).first()
    if user is None:
        raise Http404
    return user
