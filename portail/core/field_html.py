"""Form fields drawn in Python, byte for byte what `{% include "core/_field.html" %}` and `{{ bound_field }}` print.

Django draws a widget through the template engine: a select of nine options is eleven template
renders (the select, its attributes, each option and each option's attributes), ~0.3 ms; the four
filters of the employee list were a fifth of that page. Here Django still decides everything —
the value shown (`BoundField.value`), the attributes (`build_widget_attrs`: aria-invalid,
aria-describedby, required, disabled), the selected option (`Widget.get_context`'s optgroups) —
and only the strings of its templates `django/forms/widgets/{input,select,select_option,attrs}.html`
and of `core/_field.html` are joined here. Any other widget (checkbox, radio, textarea, date…)
goes through the templates as before.
"""

from __future__ import annotations

from html import escape

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from portail.core.rows import text

# Widgets whose template is one of these two, and nothing else, are drawn here.
INPUT_TEMPLATES = frozenset(
    {
        "django/forms/widgets/text.html",
        "django/forms/widgets/hidden.html",
        "django/forms/widgets/input.html",
        "django/forms/widgets/search.html",
    }
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: a safe string stays as it is, anything else is formatted then escaped."""
    if value.__class__ is str:
        return escape(value)
    if hasattr(value, "__html__"):
        return str(value)
    return escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {text(name)}" if value is True else f' {text(name)}="{_formatted(value)}"')
    return "".join(out)


def widget_html(bound_field) -> str:
    """What `{{ bound_field }}` prints (`BoundField.as_widget()` with no arguments)."""
    field = bound_field.field
    widget = field.widget
    if widget.template_name not in INPUT_TEMPLATES and not (
        widget.template_name == SELECT_TEMPLATE and widget.option_template_name == OPTION_TEMPLATE
    ):
        return bound_field.as_widget()
    if field.localize:
        widget.is_localized = True
    # As BoundField.as_widget: Django's attributes, then the id unless the widget sets its own.
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    name = text(context["name"])
    if widget.template_name in INPUT_TEMPLATES:
        value = context["value"]
        shown = "" if value is None else f' value="{_formatted(value)}"'
        return mark_safe(f'<input type="{text(context["type"])}" name="{name}"{shown}{_attrs(context["attrs"])}>')  # nosec B308 B703
    html = [f'<select name="{name}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in options:
            html.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{text(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above is escaped


def field_html(bound_field) -> SafeString:
    """What `{% include "core/_field.html" with field=bound_field %}` prints (a checkbox goes through it)."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) == "checkbox":
        return mark_safe(render_to_string("core/_field.html", {"field": bound_field}))  # nosec B308 B703
    errors = bound_field.errors
    required = ' <span class="required" aria-hidden="true">*</span>' if bound_field.field.required else ""
    help_text = bound_field.help_text
    if help_text:
        help_text = f'<p class="help" id="{text(bound_field.auto_id)}_helptext">{help_text}</p>'  # |safe
    error_list = ""
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        error_list = f'<ul class="errorlist" id="{text(bound_field.auto_id)}_error">{items}</ul>'
    return mark_safe(  # nosec B308 B703 -- label and ids escaped, the widget drawn above, help text is |safe
        f'\n<div class="field{" has-error" if errors else ""}">\n  \n'
        f'    <label for="{text(bound_field.id_for_label)}">{text(bound_field.label)}{required}</label>\n'
        f"    {widget_html(bound_field)}\n  \n"
        f"  {help_text}\n"
        f"  {error_list}\n"
        f"</div>\n\n"
    )
