"""Form renderer: Django's own widget HTML, drawn in Python for the common widgets.

Django draws each widget, and each option of a select or a list of boxes, through the template engine (a
context, an include of attrs.html per tag): on a long form that is most of the page's time. The functions below
produce the same bytes as Django's templates in django/forms/templates/django/forms/widgets/ (same escaping, same
localisation, same blank lines) for the Django versions in CHECKED_DJANGO_VERSIONS, which
portail/core/tests/test_form_renderer.py compares on every form of the project, bound and unbound. On any other
version, and for any other template (a widget we do not draw, a custom option template), Django's templates draw.
"""

from html import escape

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # missing from django-stubs

# Upgrading Django: add the new version once the comparison test passes on it.
CHECKED_DJANGO_VERSIONS = {(5, 2)}
WIDGETS = "django/forms/widgets/"


def _text(value) -> str:
    """What `{{ value }}` prints in an autoescaped template: localized, then escaped unless already safe."""
    if value.__class__ is str:
        return escape(value)
    return conditional_escape(localize(template_localtime(value)))


def _stringformat(value):
    """`value|stringformat:'s'` (a safe input stays safe, as the filter is_safe)."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        result = "%s" % value  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        return ""
    return mark_safe(result) if isinstance(value, SafeData) else result  # nosec B308 B703 - safe in, safe out


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(f" {_text(name)}")
            if value is not True:
                out.append(f'="{_text(_stringformat(value))}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = f' value="{_text(_stringformat(widget["value"]))}"' if widget["value"] != None else ""  # noqa: E711
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(widget: dict) -> str:
    attrs = widget["attrs"]
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    label_for = f' for="{_text(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n"


def _option_in_list(widget: dict) -> str:
    """radio_option.html and checkbox_option.html: an include of input_option.html, then a new line."""
    return _input_option(widget) + "\n"


def _select_option(widget: dict) -> str:
    return f'<option value="{_text(_stringformat(widget["value"]))}"{_attrs(widget["attrs"])}>{_text(widget["label"])}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _select_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _multiple_input(widget: dict) -> str | None:
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_text(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            draw = OPTION_DRAWERS.get(option["template_name"])
            if draw is None:
                return None
            parts.append(f"<div>\n    {draw(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


OPTION_DRAWERS = {
    WIDGETS + "radio_option.html": _option_in_list,
    WIDGETS + "checkbox_option.html": _option_in_list,
}
INPUT_TYPES = ("text", "email", "number", "date", "datetime", "time", "hidden", "password", "url", "tel", "search",
               "color", "checkbox", "file")
DRAWERS = {
    **{f"{WIDGETS}{kind}.html": _input for kind in INPUT_TYPES},
    WIDGETS + "input.html": _input,
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "select.html": _select,
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "multiple_input.html": _multiple_input,
    **OPTION_DRAWERS,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the common widgets drawn in Python on a Django version checked to print
    the same bytes as its templates (FORM_RENDERER: the public extension point of Django's forms)."""

    def __init__(self):
        super().__init__()
        self.drawers = DRAWERS if django.VERSION[:2] in CHECKED_DJANGO_VERSIONS else {}

    def render(self, template_name, context, request=None):
        draw = self.drawers.get(template_name)
        widget = context.get("widget") if draw is not None else None
        html = draw(widget) if draw is not None and widget is not None else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html.strip()
