from django.urls import reverse
from django.utils import timezone

from portail.appointments.compliance import compliance_board
from portail.appointments.selectors import upcoming_appointments
from portail.core.formatting import datetime_fr
from portail.core.tiles import Tile


def tile(*, member) -> Tile:
    upcoming = upcoming_appointments(member=member, now=timezone.now())
    late = compliance_board(member=member).counts["en_retard"]
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
