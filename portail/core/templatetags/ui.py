"""Template helpers loaded everywhere (settings builtins): links of long lists and the field of a form."""

from functools import lru_cache

from django import template
from django.urls import reverse

register = template.Library()

# Ids no table reaches, put in the URL once to find where the real ids go.
_SENTINELS = (918273645, 918273646)


@lru_cache(maxsize=512)
def _pk_url_parts(name: str, count: int) -> tuple[str, ...]:
    url = reverse(name, args=_SENTINELS[:count])
    parts = []
    for sentinel in _SENTINELS[:count]:
        before, _, url = url.partition(str(sentinel))
        parts.append(before)
    return (*parts, url)


@register.simple_tag
def pk_url(name: str, *pks) -> str:
    """`{% url name pk %}` (or `name pk1 pk2`) for the rows of long lists: the pattern is reversed once per
    process, then only the ids change, instead of a full `reverse()` for every link of every row."""
    parts = _pk_url_parts(name, len(pks))
    return "".join(f"{part}{int(pk)}" for part, pk in zip(parts, pks, strict=False)) + parts[-1]


@register.inclusion_tag("core/_field.html")
def field(bound_field, css_class: str = "") -> dict:
    """`{% field form.x %}`: label (a legend for a group of boxes), widget, help text and errors of one field, the
    only way the project draws one; `css_class` is added to its wrapper (`{% field form.sex "radio-inline" %}`)."""
    return {"field": bound_field, "css_class": css_class}
