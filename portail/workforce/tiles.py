from django.urls import reverse

from portail.core.tiles import Tile
from portail.workforce.selectors import employees_incomplete_count


def tile(*, member) -> Tile:
    count = employees_incomplete_count(member=member)
    return Tile(
        key="workforce",
        title="Salariés aux données incomplètes",
        value=str(count),
        detail="N° de Sécurité Sociale, sexe ou code PCS manquant" if count else "Toutes les fiches sont complètes",
        url=reverse("workforce:list"),
        tone="warning" if count else "ok",
    )
