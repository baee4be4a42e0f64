"""One inbox for everything members send.

Each kind of request plugs in through an `InboxSource` registered in `INBOX_SOURCES`: it says
how to list its open items, how to read one, and how to answer it. The inbox views only talk
to sources, so a new request type (appointment requests, SEPA mandates…) is one adapter in
`portail/backoffice/inbox_sources/<app>.py` that calls `register()` (imported by the app config), not a change
of the views.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from portail.backoffice.models import InboxTarget
from portail.core.business_days import is_business_day

if TYPE_CHECKING:
    from portail.members.models import Member

DEFAULT_TARGET_DAYS = 5
OPEN_STATUSES = ("sent", "in_progress")


def default_target_days(key: str) -> int:
    """The deployment's default target (settings.BACKOFFICE_INBOX_TARGET_DAYS), before any administrator edit."""
    return getattr(settings, "BACKOFFICE_INBOX_TARGET_DAYS", {}).get(key, DEFAULT_TARGET_DAYS)


def target_table() -> dict[str, int]:
    """Every target an administrator set in the settings screen, by source key (one query)."""
    return dict(InboxTarget.objects.values_list("source_key", "days"))


# A list page computes hundreds of due dates: it loads the table once for the request (targets_loaded).
_loaded_targets: ContextVar[dict[str, int] | None] = ContextVar("inbox_targets", default=None)


@contextmanager
def targets_loaded():
    token = _loaded_targets.set(target_table())
    try:
        yield
    finally:
        _loaded_targets.reset(token)


def target_days(key: str) -> int:
    """Service-level target in business days: the administrator's setting, else the deployment default."""
    table = _loaded_targets.get()
    if table is None:
        table = target_table()
    return table.get(key, default_target_days(key))


def add_business_days(day: date, count: int, region: str | None = None) -> date:
    while count:
        day += timedelta(days=1)
        if is_business_day(day=day, region=region):
            count -= 1
    return day


@dataclass(frozen=True)
class InboxItem:
    source: "InboxSource"
    obj: Model
    member: "Member"
    received_at: datetime
    due_date: date
    status: str
    status_label: str
    summary: str

    @property
    def key(self) -> str:
        return f"{self.source.key}-{self.obj.pk}"

    @property
    def url(self) -> str:
        return reverse("backoffice:item", args=[self.source.key, self.obj.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class InboxSource:
    """Adapter base class: subclasses set key/label/model and may override the hooks."""

    key: str = ""
    label: str = ""
    model: type[Model]

    # The inbox speaks one status vocabulary (members.RequestStatus: sent, in_progress, done, refused);
    # a model with its own values maps each inbox status to them. Empty: the model uses the inbox's values.
    status_map: dict[str, tuple[str, ...]] = {}
    work_label: str = ""  # the link text to work_url()

    def queryset(self) -> QuerySet:
        return self.model._default_manager.select_related("member")

    def own_statuses(self, status: str) -> tuple[str, ...]:
        return self.status_map.get(status, ()) if self.status_map else (status,)

    def filter_status(self, queryset: QuerySet, status: str) -> QuerySet:
        """"" = still to process (sent or in progress), "all" = everything, else one inbox status."""
        if status == "all":
            return queryset
        wanted = OPEN_STATUSES if status == "" else (status,)
        return queryset.filter(status__in=[own for generic in wanted for own in self.own_statuses(generic)])

    def inbox_status(self, obj) -> str:
        if not self.status_map:
            return obj.status
        return next((generic for generic, own in self.status_map.items() if obj.status in own), obj.status)

    def item(self, obj) -> InboxItem:
        received = timezone.localtime(obj.created_at)
        region = getattr(getattr(obj.member, "centre", None), "calendar_region", None) or None
        return InboxItem(
            source=self, obj=obj, member=obj.member, received_at=received,
            due_date=add_business_days(received.date(), target_days(self.key), region),
            status=self.inbox_status(obj), status_label=obj.get_status_display(), summary=self.summary(obj),
        )

    def processing_times(self, *, member, year: int):
        """The member's requests received in `year` as a queryset of `timings(...)` rows (received,
        processed or None), for the activity summary's "Demandes effectuées et délais de traitement";
        the summary reads every source in one UNION query. None: this source is not counted there."""
        return None

    def work_url(self, obj) -> str | None:
        """The owning app's own staff screen for this request, when the work happens there (e.g. booking)."""
        return None

    def summary(self, obj) -> str:
        return str(obj)

    def details(self, obj) -> list[tuple[str, str]]:
        """(label, value) pairs shown on the item page."""
        return []

    def attachment(self, obj):
        return None

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        raise TypeError(f"{type(self).__name__} must define answer(): every request type can be answered")

    def apply_form(self, obj, data=None):
        """A form (prefix "apply") to carry the request into the member's record, or None.

        Applying is always explicit: staff tick "Appliquer au dossier de l'adhérent".
        """
        return None

    def apply(self, *, obj, data: dict, actor, request=None) -> None:
        # Only reached when apply_form() offered a form; a source that offers one defines this too.
        raise TypeError(f"{type(self).__name__} offers no way to apply a request to the record")


INBOX_SOURCES: dict[str, InboxSource] = {}


def register(source: InboxSource) -> InboxSource:
    INBOX_SOURCES[source.key] = source
    return source


def source_get(key: str) -> InboxSource | None:
    return INBOX_SOURCES.get(key)


def sources() -> list[InboxSource]:
    return list(INBOX_SOURCES.values())


def timings(queryset, *, source: str, received, processed):
    """The rows `processing_times()` returns: the same three columns for every source, so that they
    can be read in one UNION ALL (source key, received, processed)."""
    from django.db.models import CharField, DateTimeField, ExpressionWrapper, Value

    # No ORDER BY: SQL forbids it inside the members of a UNION.
    return queryset.order_by().annotate(
        timing_source=Value(source, output_field=CharField()),
        timing_received=ExpressionWrapper(received, output_field=DateTimeField()),
        timing_processed=ExpressionWrapper(processed, output_field=DateTimeField()),
    ).values("timing_source", "timing_received", "timing_processed")
