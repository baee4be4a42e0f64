"""Small UI helpers: inline SVG icons (no icon font, no inline script or style)."""

from functools import lru_cache

from django import template
from django.urls import reverse

register = template.Library()

PATHS = {
    "home": "M3 11l9-8 9 8v10a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z",
    "building": "M4 21V3h11v18M15 8h5v13M8 7h3M8 11h3M8 15h3M3 21h18",
    "team": "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1M17 11a3 3 0 1 0 0-6M19 21v-1a5 5 0 0 0-3-4.6",
    "people": "M8 7a4 4 0 1 0 8 0 4 4 0 0 0-8 0M4 21v-1a8 8 0 0 1 16 0v1",
    "invoice": "M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8",
    "declaration": "M9 11l3 3 8-8M20 12v8H4V4h12",
    "calendar": "M3 5h18v16H3zM3 10h18M8 3v4M16 3v4",
    "chart": "M4 20V10M10 20V4M16 20v-7M22 20H2",
    "eye": "M1 12s4-7 11-7 11 7 11 7-4 7-11 7S1 12 1 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
    "pencil": "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
    "logout": "M15 3h4v18h-4M10 17l5-5-5-5M15 12H3",
    "key": "M15 7a4 4 0 1 1-3.9 5H3v3h3v3h3v-3h2.1",
    "switch": "M7 7h13l-4-4M17 17H4l4 4",
    "plus": "M12 5v14M5 12h14",
    "trash": "M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14",
    "download": "M12 3v12M7 10l5 5 5-5M4 21h16",
    "print": "M6 9V3h12v6M6 18H4v-7h16v7h-2M8 14h8v7H8z",
    "menu": "M3 6h18M3 12h18M3 18h18",
    "help": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01",
}


@register.inclusion_tag("core/_icon.html")
def icon(name: str) -> dict:
    """A decorative inline SVG icon (the label that goes with it is text beside it)."""
    return {"path": PATHS.get(name, PATHS["help"])}


@lru_cache(maxsize=512)
def _pk_url_parts(name: str) -> tuple[str, str]:
    url = reverse(name, args=[_PK_SENTINEL])
    before, _, after = url.partition(str(_PK_SENTINEL))
    return before, after


_PK_SENTINEL = 918273645


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """`{% url name pk %}` for the rows of long lists: the pattern is reversed once per process, then only the id
    changes, instead of a full `reverse()` for every link of every row."""
    before, after = _pk_url_parts(name)
    return f"{before}{int(pk)}{after}"


@register.inclusion_tag("core/_field.html")
def field(bound_field, css_class: str = "") -> dict:
    """`{% field form.x %}`: label (a legend for a group of boxes), widget, help text and errors of one field, the
    only way the project draws one; `css_class` is added to its wrapper (`{% field form.sex "radio-inline" %}`)."""
    return {"field": bound_field, "css_class": css_class}
