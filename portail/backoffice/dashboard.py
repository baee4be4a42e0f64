"""The director's dashboard (/gestion/tableau-de-bord/): one year of the service in a few aggregate queries.

Requests received and handled per type (with delays) and per agent (with each agent's median and 90th percentile
delay per type), visits held and missed, the declaration campaign's progress, amounts invoiced, collected and
overdue by age. Every block is a GROUP BY or a UNION: the number of queries does not grow with the data, and
Python only walks grouped rows (pairs of days, buckets), never one row per request or invoice (a unit test counts
the queries; bench/dashboard.py times it)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from math import ceil

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from portail.appointments.models import Appointment, AppointmentRequest, AppointmentStatus, CancellationRequest
from portail.audit.models import Event
from portail.backoffice import inbox
from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment
from portail.core.business_days import is_business_day
from portail.core.money import cents
from portail.declarations.models import Campaign, Declaration, DeclarationStatus
from portail.members.models import SituationChangeRequest

ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
# The audit actions by which an agent handles a request, and the inbox type they belong to.
HANDLING_ACTIONS = {
    "backoffice.situation_change_answered": "situation_change",
    "appointments.request_answered": "appointment_request",
    "appointments.request_refuse": "appointment_request",
    "appointments.book": "appointment_request",
    "appointments.cancel": "cancellation",
    "appointments.cancellation_answered": "cancellation",
    "declarations.validated": "declaration",
    "declarations.reopened": "declaration",
}
AGEING_BUCKETS = (("1 à 30 jours", 1, 30), ("31 à 60 jours", 31, 60), ("61 à 90 jours", 61, 90),
                  ("plus de 90 jours", 91, None))


@dataclass
class Bar:
    """One row of a chart: its label, value, and width in % of the largest value (drawn as an SVG rect)."""

    label: str
    value: float
    width: int = 0
    text: str = ""


def scaled(bars: list[Bar]) -> list[Bar]:
    top = max((bar.value for bar in bars), default=0) or 1
    for bar in bars:
        bar.width = round(100 * bar.value / top)
    return bars


@dataclass
class Dashboard:
    year: int
    requests: list[dict] = field(default_factory=list)
    agents: list[dict] = field(default_factory=list)
    visits: list[Bar] = field(default_factory=list)
    campaign: Campaign | None = None
    campaign_rows: list[Bar] = field(default_factory=list)
    campaign_done_pct: int = 0
    invoiced: Decimal = ZERO
    collected: Decimal = ZERO
    overdue: list[Bar] = field(default_factory=list)
    overdue_total: Decimal = ZERO


def request_rows(*, year: int) -> list[dict]:
    """Per inbox type: received, handled, median and mean delay (business days). One UNION ALL query grouped by
    (type, day received, day handled): business days are counted once per pair of days, not once per request."""
    parts = [_by_day(rows) for source in inbox.sources()
             if (rows := source.processing_times(member=None, year=year)) is not None]
    found: dict[str, list] = {}
    if parts:
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for row in union:
            found.setdefault(row["timing_source"], []).append((row["received_day"], row["processed_day"], row["n"]))
    days = [day for pairs in found.values() for received, processed, _ in pairs for day in (received, processed) if day]
    rank = _business_day_ranks(min(days), max(days)) if days else {}
    rows = []
    for source in inbox.sources():
        pairs = found.get(source.key, [])
        delays = [(max(rank[processed] - rank[received], 0), n)
                  for received, processed, n in pairs if processed is not None]
        middle, average = _weighted(delays)
        rows.append({"label": source.label, "received": sum(n for _, _, n in pairs),
                     "handled": sum(n for _, n in delays), "median": middle, "mean": average,
                     "p90": _percentile(delays, 0.9)})
    return rows


def _business_day_ranks(first: date, last: date) -> dict[date, int]:
    """Business days counted from `first` to each day up to `last`: a delay is the difference of two ranks
    (the same count as business_days_between, each day's calendar looked up once)."""
    ranks, count, day = {}, 0, first
    while day <= last:
        if day != first:
            count += is_business_day(day=day)
        ranks[day] = count
        day += timedelta(days=1)
    return ranks


def _by_day(timings):
    zone = timezone.get_current_timezone()
    return (timings.annotate(received_day=TruncDate("timing_received", tzinfo=zone),
                             processed_day=TruncDate("timing_processed", tzinfo=zone))
            .values("timing_source", "received_day", "processed_day").annotate(n=Count("*")).order_by())


def _weighted(delays: list[tuple[int, int]]) -> tuple[float | None, float | None]:
    """Median and mean of delays given as (value, how many times)."""
    total = sum(n for _, n in delays)
    if not total:
        return None, None
    ordered = sorted(delays)
    values = []
    for rank in ((total - 1) // 2, total // 2):
        seen = 0
        for value, n in ordered:
            seen += n
            if seen > rank:
                values.append(value)
                break
    return sum(values) / 2, sum(value * n for value, n in delays) / total


def _percentile(delays: list[tuple[int, int]], q: float) -> int | None:
    """The nearest-rank percentile of delays given as (value, how many times): the smallest value with at least
    q of them at or below it."""
    total = sum(n for _, n in delays)
    if not total:
        return None
    rank, seen = max(ceil(q * total), 1), 0
    for value, n in sorted(delays):
        seen += n
        if seen >= rank:
            return value
    return None  # not reached: rank <= total


def _first(queryset, field: str) -> Subquery:
    return Subquery(queryset.order_by().values(field)[:1])


def _received_at() -> Case:
    """When the request an audited decision handled reached the service: the event's object, or for a booking
    the request named in its data, or for a cancellation done on the appointment the member's cancellation
    request. One correlated lookup by primary key (or indexed key) per event, in the same query."""
    own = OuterRef("object_pk")
    change = _first(SituationChangeRequest.objects.filter(pk=own), "created_at")
    request = _first(AppointmentRequest.objects.filter(pk=own), "created_at")
    cancellation = _first(CancellationRequest.objects.filter(pk=own), "created_at")
    return Case(
        When(action="backoffice.situation_change_answered", then=change),
        When(action__in=("appointments.request_answered", "appointments.request_refuse"), then=request),
        When(action="appointments.book",
             then=_first(AppointmentRequest.objects.filter(pk=OuterRef("request_pk")), "created_at")),
        When(action="appointments.cancellation_answered", then=cancellation),
        When(action="appointments.cancel", then=Subquery(
            CancellationRequest.objects.filter(appointment_id=own).order_by("-created_at").values("created_at")[:1])),
        When(action="declarations.validated", then=_first(Declaration.objects.filter(pk=own), "submitted_at")),
        When(action="declarations.reopened",
             then=_first(Declaration.objects.filter(pk=own), "reopens__submitted_at")),
        default=None,
    )


def _handled(*, year: int):
    """The year's audited decisions grouped by (agent, action, day received, day handled)."""
    zone = timezone.get_current_timezone()
    return (Event.objects.filter(at__year=year, action__in=HANDLING_ACTIONS, actor__isnull=False)
            .annotate(object_pk=Cast("object_id", BigIntegerField()),
                      request_pk=Cast(KeyTextTransform("request", "data"), BigIntegerField()))
            .annotate(received_day=TruncDate(_received_at(), tzinfo=zone), handled_day=TruncDate("at", tzinfo=zone))
            .values("actor_label", "action", "received_day", "handled_day").annotate(n=Count("pk")).order_by())


def agent_rows(*, year: int) -> list[dict]:
    """Requests handled per agent and type in the year (their audited decisions), most active first, with the
    median and 90th percentile of their delays (business days from the request's reception to the decision)."""
    labels = {source.key: source.label for source in inbox.sources()}
    rows = list(_handled(year=year))
    days = [day for row in rows for day in (row["received_day"], row["handled_day"]) if day]
    rank = _business_day_ranks(min(days), max(days)) if days else {}
    agents: dict[str, dict] = {}
    for row in rows:
        agent = agents.setdefault(row["actor_label"], {"agent": row["actor_label"], "total": 0, "by_type": {},
                                                       "delays": {}})
        label = labels.get(HANDLING_ACTIONS[row["action"]], row["action"])
        agent["by_type"][label] = agent["by_type"].get(label, 0) + row["n"]
        agent["total"] += row["n"]
        if row["received_day"] is not None:
            delay = max(rank[row["handled_day"]] - rank[row["received_day"]], 0)
            agent["delays"].setdefault(label, []).append((delay, row["n"]))
    for agent in agents.values():
        agent["delay_rows"] = [_delay_row(label, delays) for label, delays in sorted(agent.pop("delays").items())]
    return sorted(agents.values(), key=lambda agent: (-agent["total"], agent["agent"]))


def _delay_row(label: str, delays: list[tuple[int, int]]) -> dict:
    return {"label": label, "n": sum(n for _, n in delays), "median": _weighted(delays)[0],
            "p90": _percentile(delays, 0.9)}


def visit_bars(*, year: int) -> list[Bar]:
    counts = dict(Appointment.objects.filter(start__year=year).values_list("status").annotate(n=Count("pk")))
    return scaled([Bar(label=status.label, value=counts.get(status.value, 0)) for status in AppointmentStatus])


def campaign_progress(dashboard: Dashboard) -> None:
    campaign = Campaign.objects.filter(year__lte=dashboard.year + 1).order_by("-year").first()
    if campaign is None:
        return
    # The few reopened ones left out by key (NOT IN a small set), not by joining every declaration to its
    # possible new version.
    reopened = Declaration.objects.filter(campaign=campaign, reopens__isnull=False).values("reopens_id")
    current = Declaration.objects.filter(campaign=campaign).exclude(pk__in=reopened)
    counts = current.aggregate(
        total=Count("pk"),
        validated=Count("pk", filter=Q(status=DeclarationStatus.CONFIRMED, validated=True)),
        **{status.value: Count("pk", filter=Q(status=status.value)) for status in DeclarationStatus},
    )
    bars = [Bar(label=status.label, value=counts[status.value]) for status in DeclarationStatus]
    bars.append(Bar(label="dont validées par le service", value=counts["validated"]))
    dashboard.campaign, dashboard.campaign_rows = campaign, scaled(bars)
    dashboard.campaign_done_pct = round(100 * counts[DeclarationStatus.CONFIRMED.value] / (counts["total"] or 1))


def money(dashboard: Dashboard, *, today: date) -> None:
    year = dashboard.year
    issued = Invoice.objects.filter(status=InvoiceStatus.ISSUED)
    dashboard.invoiced = _cents(issued.filter(issue_date__year=year).aggregate(
        s=Coalesce(Sum("total_ttc"), Value(ZERO), output_field=MONEY))["s"])
    dashboard.collected = _cents(Payment.objects.filter(date__year=year).aggregate(
        s=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["s"])
    # One GROUP BY per invoice over the join of the invoices' and the allocations' narrow indexes, both read in
    # invoice order (a merge join, then a streamed aggregate: nothing held in memory); the buckets are summed around
    # it, so the database returns one row whatever the number of unpaid invoices.
    late = (issued.exclude(kind=InvoiceKind.CREDIT_NOTE).filter(due_date__lt=today).order_by()
            .values("pk", "due_date", "total_ttc")
            .annotate(paid=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=MONEY))
            .filter(paid__lt=F("total_ttc")))
    sums = late.aggregate(**{name: value for index, (_, first, last) in enumerate(AGEING_BUCKETS)
                             for name, value in _bucket_sums(index, _due_between(today, first, last)).items()})
    bars = []
    for index, (label, _, _) in enumerate(AGEING_BUCKETS):
        amount, count = _cents(sums[f"amount_{index}"]), sums[f"n_{index}"]
        bars.append(Bar(label=label, value=float(amount), text=f"{count} facture(s)"))
        dashboard.overdue_total += amount
    dashboard.overdue = scaled(bars)


def _due_between(today: date, first: int, last: int | None) -> Q:
    """Invoices `first` to `last` days past their due date."""
    days = Q(due_date__lte=today - timedelta(days=first))
    return days & Q(due_date__gte=today - timedelta(days=last)) if last is not None else days


def _bucket_sums(index: int, days: Q) -> dict:
    return {f"amount_{index}": Sum(F("total_ttc") - F("paid"), filter=days, output_field=MONEY),
            f"n_{index}": Count("pk", filter=days)}


def _cents(value) -> Decimal:
    # SQLite's SUM drops the decimal places ("20" for 20.00): amounts are shown and exported to the cent.
    return cents(value or 0)


def dashboard_get(*, year: int, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    dashboard = Dashboard(year=year, requests=request_rows(year=year), agents=agent_rows(year=year),
                          visits=visit_bars(year=year))
    campaign_progress(dashboard)
    money(dashboard, today=today)
    return dashboard


def export_rows(dashboard: Dashboard) -> list[list]:
    """The dashboard as one table (section, indicator, value), for the CSV export."""
    rows: list[list] = []
    for row in dashboard.requests:
        rows += [["Demandes", f"{row['label']} – reçues", row["received"]],
                 ["Demandes", f"{row['label']} – traitées", row["handled"]],
                 ["Demandes", f"{row['label']} – délai médian (j ouvrés)", _number(row["median"])],
                 ["Demandes", f"{row['label']} – délai moyen (j ouvrés)", _number(row["mean"])],
                 ["Demandes", f"{row['label']} – délai 90e centile (j ouvrés)", _number(row["p90"])]]
    for agent in dashboard.agents:
        rows += [["Agents", f"{agent['agent']} – {label}", count] for label, count in agent["by_type"].items()]
        for delay in agent["delay_rows"]:
            rows += [["Délais par agent", f"{agent['agent']} – {delay['label']} – délai médian (j ouvrés)",
                      _number(delay["median"])],
                     ["Délais par agent", f"{agent['agent']} – {delay['label']} – délai 90e centile (j ouvrés)",
                      _number(delay["p90"])]]
    rows += [["Visites", bar.label, int(bar.value)] for bar in dashboard.visits]
    rows += [["Campagne", bar.label, int(bar.value)] for bar in dashboard.campaign_rows]
    rows += [["Facturation", "Facturé TTC", dashboard.invoiced], ["Facturation", "Encaissé", dashboard.collected],
             ["Facturation", "Impayés échus", dashboard.overdue_total]]
    rows += [["Impayés par ancienneté", bar.label, _cents(Decimal(str(bar.value)))]
             for bar in dashboard.overdue]
    return rows


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")

