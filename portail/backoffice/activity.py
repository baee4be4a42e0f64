"""Tab 2.7 section "Demandes effectuées et délais de traitement": per request type of the inbox, how many
the member made in the year, how many the service processed, and how long that took (business days).

Aggregates only. Every inbox source that defines `processing_times()` is counted, so a new request type
appears here as soon as its adapter does.
"""

from statistics import mean, median

from django.utils import timezone

from portail.activity.selectors import SECTION_PROVIDERS, SummarySection
from portail.backoffice import inbox
from portail.core.business_days import business_days_between

COLUMNS = ("Type de demande", "Effectuées", "Traitées", "Délai médian", "Délai moyen")


def _days(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} j ouvré{'s' if value >= 2 else ''}"


def _region(member) -> str | None:
    return getattr(getattr(member, "centre", None), "calendar_region", None) or None


def _timings(*, member, year: int) -> dict[str, list]:
    """Source key → [(received, processed)], every source read in one UNION ALL query."""
    parts = [rows for source in inbox.sources()
             if (rows := source.processing_times(member=member, year=year)) is not None]
    if not parts:
        return {}
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found: dict[str, list] = {}
    for row in union:
        found.setdefault(row["timing_source"], []).append((row["timing_received"], row["timing_processed"]))
    return found


def request_delays(*, member, year: int) -> list[tuple[str, int, int, float | None, float | None]]:
    """(type label, made, processed, median delay, mean delay) per source with requests in the year."""
    region, rows = _region(member), []
    found = _timings(member=member, year=year)
    for source in inbox.sources():
        times = found.get(source.key)
        if not times:
            continue
        delays = [
            business_days_between(start=timezone.localtime(received).date(),
                                  end=timezone.localtime(processed).date(), region=region)
            for received, processed in times if processed is not None
        ]
        rows.append((source.label, len(times), len(delays), median(delays) if delays else None,
                     mean(delays) if delays else None))
    return rows


def requests_section(member, year: int):
    rows = request_delays(member=member, year=year)
    if not rows:
        return None
    table: list[tuple[str, ...]] = [
        (label, str(made), str(done), _days(mid), _days(avg)) for label, made, done, mid, avg in rows
    ]
    return SummarySection(
        key="requests", title="Demandes effectuées et délais de traitement", rows=[], columns=COLUMNS, table=table,
        note="Délais en jours ouvrés entre la réception de la demande et son traitement par le service "
             "(demandes reçues dans l'année ; celles encore en cours ne comptent que dans « Effectuées »).",
    )


def register() -> None:
    if requests_section not in SECTION_PROVIDERS:
        SECTION_PROVIDERS.append(requests_section)
