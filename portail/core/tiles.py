"""Home-page tiles. Each app contributes `portail/<app>/tiles.py:tile(*, member)`; until an app
ships its own, its tile shows "—"."""

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    value: str = "—"
    detail: str = ""
    url: str | None = None
    tone: str = "neutral"  # neutral | ok | warning | alert


TILE_SLOTS = (
    ("billing", "Solde dû"),
    ("appointments", "Prochains rendez-vous"),
    ("declarations", "Déclaration à faire"),
    ("workforce", "Salariés aux données incomplètes"),
)


def home_tiles(*, member) -> list[Tile]:
    tiles = []
    for app, title in TILE_SLOTS:
        try:
            provider = import_module(f"portail.{app}.tiles").tile
        except ModuleNotFoundError:
            tiles.append(Tile(key=app, title=title))
            continue
        tiles.append(provider(member=member))
    return tiles
