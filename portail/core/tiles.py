"""A home-page tile: what an app's `tiles.py:tile(*, member)` returns (assembled by `portail.portal.tiles`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    value: str = "—"
    detail: str = ""
    url: str | None = None
    tone: str = "neutral"  # neutral | ok | warning | alert
