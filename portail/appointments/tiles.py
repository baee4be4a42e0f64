from django.urls import reverse
from django.utils import timezone

from portail.appointments.selectors import upcoming_summary
from portail.appointments.snapshots import late_count
from portail.core.formatting import datetime_fr
from portail.core.tiles import Tile


def tile(*, member) -> Tile:
    now = timezone.now()
    planned, first = upcoming_summary(member=member, now=now)
    # Counted per request from the stored next due dates (snapshots.py): never stale.
    late = late_count(member=member, now=now)
    detail = f"Prochain le {datetime_fr(first)}" if first else "Aucun rendez-vous planifié"
    if late:
        detail += f" · {late} salarié{'s' if late > 1 else ''} en retard de visite"
    return Tile(
        key="appointments",
        title="Prochains rendez-vous",
        value=str(planned),
        detail=detail,
        url=reverse("appointments:list"),
        tone="alert" if late else "ok",
    )
