"""Template filters loaded everywhere (settings builtins): French formats."""

from django import template

from portail.core import formatting

register = template.Library()

register.filter("euros", formatting.money_fr)
register.filter("date_fr", formatting.date_fr)
register.filter("datetime_fr", formatting.datetime_fr)
register.filter("long_date_fr", formatting.long_date_fr)
register.filter("siret", formatting.siret_display)


@register.filter
def euros_bare(amount):
    return formatting.money_fr(amount, currency=False)


@register.filter
def pluriel(count, words: str) -> str:
    """`{{ n|pluriel:"salarié sorti" }}` → "1 salarié sorti", "2 salariés sortis";
    `{{ n|pluriel:"nouveau salarié,nouveaux salariés" }}` when the plural is not a plain "s"."""
    singular, _, plural = words.partition(",")
    return formatting.count_fr(int(count or 0), singular, plural)
