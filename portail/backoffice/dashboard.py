"""The director's dashboard (/gestion/tableau-de-bord/): one year of the service in a few aggregate queries.

Requests received and handled per type (with delays) and per agent, visits held and missed, the declaration
campaign's progress, amounts invoiced, collected and overdue by age. Every block is a GROUP BY or a UNION: the
number of queries does not grow with the data (a unit test counts them; bench/dashboard.py times it)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import mean, median

from django.db.models import Case, Count, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from portail.appointments.models import Appointment, AppointmentStatus
from portail.audit.models import Event
from portail.backoffice import inbox
from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentAllocation
from portail.core.business_days import business_days_between
from portail.declarations.models import Campaign, Declaration, DeclarationStatus

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
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


def _days(values: list[int]) -> tuple[float | None, float | None]:
    return (median(values), mean(values)) if values else (None, None)


def request_rows(*, year: int) -> list[dict]:
    """Per inbox type: received, handled, median and mean delay (business days), from one UNION ALL query."""
    parts = [rows for source in inbox.sources() if (rows := source.processing_times(member=None, year=year)) is not None]
    found: dict[str, list] = {}
    if parts:
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for row in union:
            found.setdefault(row["timing_source"], []).append((row["timing_received"], row["timing_processed"]))
    rows = []
    for source in inbox.sources():
        times = found.get(source.key, [])
        delays = [business_days_between(start=timezone.localtime(received).date(),
                                        end=timezone.localtime(processed).date())
                  for received, processed in times if processed is not None]
        middle, average = _days(delays)
        rows.append({"label": source.label, "received": len(times), "handled": len(delays),
                     "median": middle, "mean": average})
    return rows


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
    # A subquery, not a join: the open amounts are summed again per age bucket.
    paid = Coalesce(Subquery(PaymentAllocation.objects.filter(invoice=OuterRef("pk")).order_by().values("invoice")
                             .annotate(total=Sum("amount")).values("total"), output_field=MONEY),
                    Value(ZERO), output_field=MONEY)
    late = (issued.exclude(kind=InvoiceKind.CREDIT_NOTE).filter(due_date__lt=today)
            .annotate(open_amount=F("total_ttc") - paid).filter(open_amount__gt=0)
            .annotate(bucket=_bucket(today)).order_by().values("bucket")
            .annotate(amount=Sum("open_amount"), n=Count("pk")))
    by_bucket = {row["bucket"]: row for row in late}
    bars = []
    for index, (label, _, _) in enumerate(AGEING_BUCKETS):
        row = by_bucket.get(index, {"amount": ZERO, "n": 0})
        bars.append(Bar(label=label, value=float(row["amount"] or 0), text=f"{row['n']} facture(s)"))
    dashboard.overdue = scaled(bars)
    dashboard.overdue_total = _cents(sum((row["amount"] or ZERO for row in by_bucket.values()), ZERO))


def _cents(value) -> Decimal:
    # SQLite's SUM drops the decimal places ("20" for 20.00): amounts are shown and exported to the cent.
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _bucket(today: date) -> Case:
    """Days past the due date → index of AGEING_BUCKETS (by comparing due dates, portable to SQLite)."""
    whens = [When(due_date__gte=today - timedelta(days=last), then=Value(index))
             for index, (_, _, last) in enumerate(AGEING_BUCKETS) if last is not None]
    return Case(*whens, default=Value(len(AGEING_BUCKETS) - 1), output_field=IntegerField())


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

