from django import template
from django.utils.html import format_html

from portail.core.idempotency import FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    """A hidden one-time token; a re-rendered form keeps the token it was posted with."""
    request = context.get("request")
    posted = request.POST.get(FIELD, "") if request is not None and request.method == "POST" else ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, posted or new_token())
