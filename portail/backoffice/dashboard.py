"""The director's dashboard (/gestion/tableau-de-bord/): one year of the service in a few aggregate queries.

Requests received and handled per type (with delays) and per agent, visits held and missed, the declaration
campaign's progress, amounts invoiced, collected and overdue by age. Every block is a GROUP BY or a UNION: the
number of queries does not grow with the data (a unit test counts them; bench/dashboard.py times it)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from portail.appointments.models import Appointment, AppointmentStatus
from portail.audit.models import Event
from portail.backoffice import inbox
from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment
from portail.core.business_days import is_business_day
from portail.declarations.models import Campaign, Declaration, DeclarationStatus

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
                     "handled": sum(n for _, n in delays), "median": middle, "mean": average})
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


def agent_rows(*, year: int) -> list[dict]:
    """Requests handled per agent and type in the year (their audited decisions), most active first."""
    labels = {source.key: source.label for source in inbox.sources()}
    counts = (Event.objects.filter(at__year=year, action__in=HANDLING_ACTIONS, actor__isnull=False)
              .values("actor_label", "action").annotate(n=Count("pk")))
    agents: dict[str, dict] = {}
    for row in counts:
        agent = agents.setdefault(row["actor_label"], {"agent": row["actor_label"], "total": 0, "by_type": {}})
        label = labels.get(HANDLING_ACTIONS[row["action"]], row["action"])
        agent["by_type"][label] = agent["by_type"].get(label, 0) + row["n"]
        agent["total"] += row["n"]
    return sorted(agents.values(), key=lambda agent: (-agent["total"], agent["agent"]))


def visit_bars(*, year: int) -> list[Bar]:
    counts = dict(Appointment.objects.filter(start__year=year).values_list("status").annotate(n=Count("pk")))
    return scaled([Bar(label=status.label, value=counts.get(status.value, 0)) for status in AppointmentStatus])


def campaign_progress(dashboard: Dashboard) -> None:
    campaign = Campaign.objects.filter(year__lte=dashboard.year + 1).order_by("-year").first()
    if campaign is None:
        return
    current = Declaration.objects.filter(campaign=campaign, reopened_as__isnull=True)
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
    # One GROUP BY per invoice (a join, faster than a subquery per row), the unpaid ones bucketed here.
    late = (issued.exclude(kind=InvoiceKind.CREDIT_NOTE).filter(due_date__lt=today).order_by()
            .values("pk", "due_date", "total_ttc")
            .annotate(paid=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=MONEY))
            .filter(paid__lt=F("total_ttc")))
    by_bucket: dict[int, dict] = {}
    for row in late:
        bucket = by_bucket.setdefault(_bucket_of((today - row["due_date"]).days), {"amount": ZERO, "n": 0})
        bucket["amount"] += row["total_ttc"] - row["paid"]
        bucket["n"] += 1
    bars = []
    for index, (label, _, _) in enumerate(AGEING_BUCKETS):
        row = by_bucket.get(index, {"amount": ZERO, "n": 0})
        bars.append(Bar(label=label, value=float(row["amount"] or 0), text=f"{row['n']} facture(s)"))
    dashboard.overdue = scaled(bars)
    dashboard.overdue_total = _cents(sum((row["amount"] or ZERO for row in by_bucket.values()), ZERO))


def _cents(value) -> Decimal:
    # SQLite's SUM drops the decimal places ("20" for 20.00): amounts are shown and exported to the cent.
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _bucket_of(days_late: int) -> int:
    """Days past the due date → index of AGEING_BUCKETS."""
    return next(index for index, (_, _, last) in enumerate(AGEING_BUCKETS) if last is None or days_late <= last)


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
                 ["Demandes", f"{row['label']} – délai moyen (j ouvrés)", _number(row["mean"])]]
    for agent in dashboard.agents:
        rows += [["Agents", f"{agent['agent']} – {label}", count] for label, count in agent["by_type"].items()]
    rows += [["Visites", bar.label, int(bar.value)] for bar in dashboard.visits]
    rows += [["Campagne", bar.label, int(bar.value)] for bar in dashboard.campaign_rows]
    rows += [["Facturation", "Facturé TTC", dashboard.invoiced], ["Facturation", "Encaissé", dashboard.collected],
             ["Facturation", "Impayés échus", dashboard.overdue_total]]
    rows += [["Impayés par ancienneté", bar.label, _cents(Decimal(str(bar.value)))]
             for bar in dashboard.overdue]
    return rows


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")

