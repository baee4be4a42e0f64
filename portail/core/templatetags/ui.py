"""Small UI helpers: inline SVG icons (no icon font, no inline script or style)."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portail.core.field_html import field_html
from portail.core.rows import text

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


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    if not label:
        return _decorative_icon(name)
    return _svg(name, format_html('role="img" aria-label="{}"', label))


@lru_cache(maxsize=64)
def _decorative_icon(name: str) -> str:
    """The same few unlabelled icons on every page (menu, buttons): drawn once per process. Not the labelled
    ones: a label may be a safe or a plain string, equal as cache keys but escaped differently."""
    return _svg(name, mark_safe('aria-hidden="true"'))  # nosec B308


def _svg(name: str, aria) -> str:
    return format_html(
        '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
        'stroke-linejoin="round" width="20" height="20" focusable="false" {}><path d="{}"/></svg>',
        aria,
        PATHS.get(name, PATHS["help"]),
    )


@lru_cache(maxsize=512)
def _pk_url_parts(name: str) -> tuple[str, str]:
    url = reverse(name, args=[_PK_SENTINEL])
    before, _, after = url.partition(str(_PK_SENTINEL))
    return before, after


_PK_SENTINEL = 918273645


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """`{% url name pk %}` for the rows of long lists: the pattern is reversed once per process,
    then only the id changes. `reverse()` was half the time of drawing a 50-row table."""
    before, after = _pk_url_parts(name)
    return f"{before}{int(pk)}{after}"


@register.simple_tag
def field(bound_field):
    """`{% field form.x %}` prints what `{% include "core/_field.html" with field=form.x %}` does, without an
    include per field (portail.core.field_html)."""
    return field_html(bound_field)


@register.simple_tag
def portal_nav(items) -> str:
    """The `<li>`s of the portal's menu (portail.core.navigation.nav_items), on every member page: what the
    template loop printed (kept in core/tests/legacy/portal.html), in a tenth of its time."""
    html = []
    for item in items:
        entry = item["entry"]
        inner = f'{_decorative_icon(entry.icon)}<span class="nav-number">{text(entry.number)}</span>'
        if item["url"]:
            current = ' aria-current="page"' if item["current"] else ""
            link = f'<a href="{text(item["url"])}"{current}>{inner}<span>{text(entry.label)}</span></a>\n        '
        else:  # a tab whose app has not shipped yet
            link = f'<span class="nav-disabled">{inner}<span>{text(entry.label)} <small>(bientôt)</small></span></span>'
        html.append(f"\n        <li>{link}</li>\n      ")
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()
