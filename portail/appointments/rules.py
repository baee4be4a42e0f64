"""Cancellation limit of an appointment: N jours ouvrés before, on the centre's calendar (REFERENCE §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone

from portail.core.business_days import cancellation_deadline, region_for_postal_code
from portail.core.formatting import long_date_fr


@dataclass(frozen=True)
class CancellationLimit:
    at: datetime  # aware, local time of the service

    @property
    def label(self) -> str:
        """ "mardi 12 mai 2026 à 18 h" (minutes only when not on the hour)."""
        local = timezone.localtime(self.at)
        hour = f"{local.hour} h" if not local.minute else f"{local.hour} h {local.minute:02d}"
        return f"{long_date_fr(local.date())} à {hour}"

    def allows(self, now: datetime) -> bool:
        return now <= self.at


def centre_region(centre) -> str | None:
    return centre.calendar_region or region_for_postal_code(centre.postal_code)


def cancellation_limit(*, start: datetime, centre, days: int, cutoff_hour: int) -> CancellationLimit:
    day = cancellation_deadline(
        appointment_day=timezone.localtime(start).date(), days=days, region=centre_region(centre)
    )
    # The last accepted moment is the cut-off hour of the deadline day (hour 24 = end of day).
    at = datetime.combine(day, time(23, 59, 59)) if cutoff_hour >= 24 else datetime.combine(day, time(cutoff_hour))
    return CancellationLimit(at=timezone.make_aware(at))
