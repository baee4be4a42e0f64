"""Template filters loaded everywhere (settings builtins): French formats."""

from django import template

from portail.core import formatting

register = template.Library()

register.filter("euros", formatting.money_fr)
register.filter("date_fr", formatting.date_fr)
register.filter("datetime_fr", formatting.datetime_fr)
register.filter("long_date_fr", formatting.long_date_fr)
register.filter("siret", formatting.siret_display)
