"""Tab 2.7 section "Visites": visits of the year by type and outcome; counts only (REFERENCE §8.1)."""

from portail.activity.selectors import SummaryRow, SummarySection
from portail.appointments.models import AppointmentStatus, VisitKind
from portail.appointments.selectors import visits_held_counts


def visits_section(member, year: int):
    counts = visits_held_counts(member=member, year=year)
    if not counts:
        return None
    rows = []
    for kind, label in VisitKind.choices:
        by_status = {status: n for k, status, n in counts if k == kind}
        if not by_status:
            continue
        detail = ", ".join(f"{AppointmentStatus(s).label.lower()} : {n}" for s, n in sorted(by_status.items()))
        rows.append(SummaryRow(label=label, value=f"{sum(by_status.values())} ({detail})"))
    return SummarySection(key="visits", title="Visites", rows=rows)
