from django import template
from django.urls import reverse

from portail.help.context import help_section_for

register = template.Library()


@register.inclusion_tag("help/_help_link.html", takes_context=True)
def help_link(context, staff=False):
    """The contextual "?" of a page: the guide's section that explains it."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    section = help_section_for(getattr(match, "url_name", None), getattr(match, "namespace", None), staff=staff)
    if section is None or section == "sommaire":
        url = reverse("backoffice:help_index" if staff else "help:index")
    else:
        url = reverse("backoffice:help_section" if staff else "help:section", args=[section])
    return {"help_url": url, "staff": staff}
