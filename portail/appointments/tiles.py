from django.urls import reverse
from django.utils import timezone

from portail.appointments.selectors import upcoming_appointments
from portail.appointments.snapshots import compliance_counts
from portail.core.formatting import datetime_fr
from portail.core.tiles import Tile


def tile(*, member) -> Tile:
    now = timezone.now()
    upcoming = upcoming_appointments(member=member, now=now)
    # Counted per request from the stored next due dates (snapshots.py): never stale, a few ms.
    late = compliance_counts(member=member, now=now)["en_retard"]
    detail = f"Prochain le {datetime_fr(upcoming[0].start)}" if upcoming else "Aucun rendez-vous planifié"
    if late:
        detail += f" · {late} salarié{'s' if late > 1 else ''} en retard de visite"
    return Tile(
        key="appointments",
        title="Prochains rendez-vous",
        value=str(len(upcoming)),
        detail=detail,
        url=reverse("appointments:list"),
        tone="alert" if late else "ok",
    )
