"""The home page's tiles, one per app that has something urgent to say, in the seed's order."""

from portail.appointments.tiles import tile as appointments_tile
from portail.billing.tiles import tile as billing_tile
from portail.core.tiles import Tile
from portail.declarations.tiles import tile as declarations_tile
from portail.workforce.tiles import tile as workforce_tile

PROVIDERS = (billing_tile, appointments_tile, declarations_tile, workforce_tile)


def home_tiles(*, member) -> list[Tile]:
    return [provider(member=member) for provider in PROVIDERS]
