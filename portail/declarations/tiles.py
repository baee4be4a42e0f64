from django.urls import reverse

from portail.core.formatting import date_fr
from portail.core.tiles import Tile
from portail.declarations.selectors import declaration_to_fill


def tile(*, member) -> Tile:
    due = declaration_to_fill(member=member)
    if due is None:
        return Tile(key="declarations", title="Déclaration à faire", value="À jour",
                    detail="Aucune déclaration à saisir", url=reverse("declarations:list"), tone="ok")
    return Tile(key="declarations", title="Déclaration à faire", value=due.get_status_display(),
                detail=f"{due.period_label} : à transmettre avant le {date_fr(due.campaign.closes_on)}",
                url=reverse("declarations:fill", args=[due.pk]), tone="warning")
