from django import template

from portail.audit.idempotency import FIELD, new_token

register = template.Library()


@register.inclusion_tag("core/_form_token.html", takes_context=True)
def form_token(context) -> dict:
    """A hidden one-time token; a re-rendered form keeps the token it was posted with."""
    request = context.get("request")
    posted = request.POST.get(FIELD, "") if request is not None and request.method == "POST" else ""
    return {"name": FIELD, "value": posted or new_token()}
