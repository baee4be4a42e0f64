"""The company chooser's rows drawn in Python (a mandataire may act for 500 companies: 50 rows a page).

Each row held a URL reversal, a CSRF input and a dozen variable lookups, two thirds of the page; here the URL
and the CSRF input are made once per list. Same bytes as the former template (kept in
portail/accounts/tests/legacy/, compared by portail/accounts/tests/test_choose_member.py).
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import mark_safe

from portail.core.formatting import siret_display
from portail.core.rows import text

register = template.Library()


@register.simple_tag(takes_context=True)
def member_choice_rows(context, members) -> str:
    request = context["request"]
    action = text(reverse("accounts:switch_member"))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{text(get_token(request))}">'
    current = getattr(getattr(request, "member", None), "pk", None)
    rows = []
    for member in members:
        name = text(member.name)
        if member.pk == current:
            button = '<button type="submit" class="secondary" aria-current="true">Entreprise actuelle</button>'
        else:
            button = f'<button type="submit">Choisir<span class="visually-hidden"> {name}</span></button>'
        rows.append(
            f"\n  <li><span><strong>{name}</strong><br><small>n° {text(member.number)} · SIRET "
            f"{text(siret_display(member.siret))}</small></span>\n"
            f'    <form method="post" action="{action}">{csrf}<input type="hidden" name="member" value="{member.pk}">\n'
            f"      {button}</form></li>\n  "
        )
    return mark_safe("".join(rows))  # nosec B308 B703 - every value above is escaped
