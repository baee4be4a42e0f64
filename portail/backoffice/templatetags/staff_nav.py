from django import template

from portail.backoffice.navigation import staff_nav_items

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context):
    return staff_nav_items(context["request"])
