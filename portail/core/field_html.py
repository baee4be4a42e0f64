"""`core/_field.html` drawn in Python, byte for byte what `{% include "core/_field.html" with field=f %}` prints.

An include costs a template render (context, with-block, a dozen variable lookups) per field: the four filters of
the employee list were a fifth of that page. The widget itself is `{{ f }}`, drawn by the project's form renderer
(portail/core/form_renderer.py), so Django still decides the value, the attributes and the options.
A checkbox, laid out differently by the template, goes through the template.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from portail.core.rows import text


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
        f"    {bound_field}\n  \n"
        f"  {help_text}\n"
        f"  {error_list}\n"
        f"</div>\n\n"
    )
