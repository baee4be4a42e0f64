"""`{% employee_rows %}`: the rows of the employee list, drawn in Python (see portail.core.rows)."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone

from portail.core.formatting import date_fr, datetime_fr
from portail.core.rows import Displays, text
from portail.core.templatetags.ui import icon, pk_url

register = template.Library()

BADGES = {"SIR": " alert", "SIA": " warning"}  # any other category: " ok"


@register.simple_tag
def employee_rows(rows, filters, empty: str = "") -> str:
    """The `<tr>`s of `workforce/_table.html`, whitespace included; `empty` is the text of the
    single row shown when there is none. The "Date de sortie" column is left out for the present
    employees, as in the header."""
    if not rows:
        return mark_safe(f'\n    <tr><td colspan="11">{text(empty)}</td></tr>\n  ')  # nosec B308 B703
    with_exit = filters.status != "presents"
    pencil = icon("pencil")
    contracts = Displays("get_contract_display")
    tz = get_current_timezone()
    today = timezone.localdate()
    html = []
    for e in rows:
        pk, birth_name, first_name = e.pk, text(e.birth_name), text(e.first_name)
        next_appointment = datetime_fr(getattr(e, "next_appointment", None), tz=tz)
        exit_cell = f"<td>{text(date_fr(e.exit_date))}</td>" if with_exit else ""
        if e.exit_date and e.is_present_on(today):
            action = f'<span class="badge warning">Sortie prévue le {text(date_fr(e.exit_date))}</span>'
        elif e.exit_date:
            action = f'<a href="{pk_url("workforce:rehire", pk)}">Réembaucher</a>\n        '
        else:
            action = (
                f'<a href="{pk_url("workforce:exit", pk)}">Sortir le salarié<span class="visually-hidden">'
                f" {birth_name} {first_name}</span></a>"
            )
        html.append(
            f"\n    <tr>\n"
            f'      <td><a href="{pk_url("workforce:detail", pk)}">{birth_name}</a></td>\n'
            f"      <td>{text(e.usage_name)}</td>\n"
            f"      <td>{first_name}</td>\n"
            f"      <td>{text(date_fr(e.birth_date))}</td>\n"
            f"      <td>{text(e.job_title)}</td>\n"
            f"      <td>{contracts.of(e, e.contract)}</td>\n"
            f"      <td>{text(date_fr(e.hire_date))}</td>\n"
            f'      <td><span class="badge{BADGES.get(e.category, " ok")}">{text(e.category)}</span></td>\n'
            f"      <td>{text(next_appointment) if next_appointment else '—'}</td>\n"
            f"      {exit_cell}\n"
            f'      <td class="actions">\n'
            f'        <a href="{pk_url("workforce:edit", pk)}" title="Modifier">{pencil}'
            f'<span class="visually-hidden">Modifier {birth_name} {first_name}</span></a>\n'
            f"        {action}\n"
            f"      </td>\n"
            f"    </tr>\n  "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()
