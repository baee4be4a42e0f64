"""The declaration form's tables drawn in Python (see portail.core.rows): the counts and amounts
(`declaration_totals_rows`), the problems to correct (`declaration_problem_items`) and the nominative list
(`declaration_employee_rows`). Each row of the list carries its own exit form, whose options and CSRF input are
drawn once per table. tests/legacy/_totals.html keeps the former template, which they must print byte for byte."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from portail.core.formatting import date_fr, money_fr
from portail.core.rows import Displays, text
from portail.core.templatetags.ui import icon, pk_url

register = template.Library()
UNREACHABLE_ID = 2_147_483_647


@lru_cache(maxsize=8)
def _employee_url_pattern(name: str) -> str:
    """One reverse() per process, as `pk_url`: the ids take the place of numbers no id reaches (int4)."""
    url = reverse(name, args=[UNREACHABLE_ID - 1, UNREACHABLE_ID])
    return url.replace(str(UNREACHABLE_ID - 1), "{declaration}").replace(str(UNREACHABLE_ID), "{pk}")


def _employee_url(name: str, declaration_pk) -> str:
    """The URL of `name` for this declaration, with `{pk}` left for each employee's id."""
    return _employee_url_pattern(name).replace("{declaration}", str(int(declaration_pk)))


@register.simple_tag(takes_context=True)
def declaration_employee_rows(context, employees, declaration, exit_form) -> str:
    """The `<tr>`s of the "Liste nominative" table of `declarations/_totals.html`, whitespace included."""
    if not employees:
        return mark_safe(  # nosec B308 B703 -- constant text and a reversed URL
            '\n      <tr><td colspan="5">Aucun salarié présent à la date de référence. '
            f'<a href="{reverse("workforce:create")}">Ajouter un salarié</a></td></tr>\n    '
        )
    pencil = icon("pencil")
    contracts = Displays("get_contract_display")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{text(str(context.get("csrf_token", "")))}">'
    options = "".join(f'<option value="{text(value)}">{text(label)}</option>'
                      for value, label in exit_form.fields["exit_reason"].choices)
    exit_url = _employee_url("declarations:employee_exit", declaration.pk)
    today = timezone.localdate()
    return mark_safe("".join(  # nosec B308 B703 -- every value went through text() or is a reversed URL
        _row(e, pencil=pencil, contracts=contracts, csrf=csrf, options=options, exit_url=exit_url, today=today)
        for e in employees
    ))


@register.simple_tag
def declaration_totals_rows(preview, declaration) -> str:
    """The rows of the "Effectif et cotisation" table of `declarations/_totals.html`: counts and amounts."""
    campaign = declaration.campaign
    rows = "".join(
        f'<tr><th scope="row">{text(row["category"])}</th><td data-testid="count-{text(row["category"])}">'
        f'{text(row["count"])}</td><td>{text(money_fr(row["tariff"]))}</td><td>{text(money_fr(row["total"]))}</td></tr>'
        for row in preview.rows
    )
    return mark_safe(  # nosec B308 B703 -- every value went through text()
        f'{rows}\n    <tr><th scope="row">Total</th><td data-testid="count-total">{text(preview.total)}</td><td></td>'
        f"<td>{text(money_fr(preview.amount_ht))}</td></tr>\n"
        f'    <tr><th scope="row" colspan="3">TVA ({text(floatformat(campaign.vat_rate, "-2"))} %)</th>'
        f"<td>{text(money_fr(preview.amount_vat))}</td></tr>\n"
        f'    <tr><th scope="row" colspan="3">Cotisation TTC</th><td data-testid="amount-ttc">'
        f"{text(money_fr(preview.amount_ttc))}</td></tr>\n"
        f'    <tr><th scope="row" colspan="3">Déjà facturé pour {text(campaign.year)} (appel provisionnel, TTC)</th>'
        f"<td>{text(money_fr(preview.invoiced_ttc))}</td></tr>\n"
        f'    <tr><th scope="row" colspan="3">Reste à facturer (TTC)</th><td data-testid="balance">'
        f"{text(money_fr(preview.balance_ttc))}</td></tr>"
    )


@register.simple_tag
def declaration_problem_items(problems, declaration, warning: bool = False) -> str:
    """The `<li>`s of the "À corriger avant de transmettre" list (blocking problems) or, with `warning`, of the
    "À compléter" list (missing optional data) of `declarations/_totals.html`: two links per problem, whose URLs
    were two `{% url %}` per item."""
    complete_url = _employee_url("declarations:employee_complete", declaration.pk)
    badge = '<span class="badge warning">À compléter</span>' if warning else '<span class="badge alert">À corriger</span>'
    names: dict[int, str] = {}
    items = []
    for p in problems:
        pk = p.employee.pk
        name = names.get(pk)
        if name is None:
            name = names[pk] = text(str(p.employee))
        if p.completable:
            link = (f'<a href="{complete_url.format(pk=pk)}">Compléter<span class="visually-hidden"> la fiche de '
                    f"{name}</span></a>\n    ")
        else:
            link = (f'<a href="{pk_url("workforce:edit", pk)}">Modifier la fiche<span class="visually-hidden"> de '
                    f"{name}</span></a>")
        items.append(f"<li>{badge} {text(p.message)}\n    {link}</li>")
    return mark_safe("".join(items))  # nosec B308 B703 -- every value went through text() or is a reversed URL


def _exited(e, today) -> str:
    if not e.exit_date:
        return ""
    word = "Sortie prévue le" if e.is_present_on(today) else "Sorti le"
    return f"<br><small>{word} {text(date_fr(e.exit_date))}</small>"


def _row(e, *, pencil: str, contracts: Displays, csrf: str, options: str, exit_url: str, today) -> str:
    pk, name = e.pk, text(str(e))
    problems = getattr(e, "declaration_problems", None)
    warnings = getattr(e, "declaration_warnings", None)
    flagged = ' class="decl-flagged"' if problems else ""
    exited = _exited(e, today)
    problem_list = (
        '<ul class="decl-row-problems">'
        + "".join(f'<li><span class="badge alert">À corriger</span> {text(m)}</li>' for m in problems or ())
        + "".join(f'<li><span class="badge warning">À compléter</span> {text(m)}</li>' for m in warnings or ())
        + "</ul>"
    ) if problems or warnings else ""
    contract_end = f"<br><small>jusqu'au {text(date_fr(e.contract_end))}</small>" if e.contract_end else ""
    exit_form = "" if e.exit_date else _exit_form(pk, name, csrf=csrf, options=options, url=exit_url.format(pk=pk))
    return (
        f'\n      <tr id="salarie-{pk}" data-testid="employee-{pk}"{flagged}>\n'
        f'        <td><a href="{pk_url("workforce:detail", pk)}">{text(e.birth_name)} {text(e.first_name)}</a>'
        f"<br><small>{text(e.job_title or 'poste non renseigné')}</small>\n"
        f"          {exited}\n"
        f"          {problem_list}</td>\n"
        f"        <td>{contracts.of(e, e.contract)}{contract_end}</td>\n"
        f"        <td>{text(e.category)}</td>\n"
        f"        <td><small>{text(e.determinants_display)}</small></td>\n"
        f"        <td>\n"
        f'          <a href="{pk_url("workforce:edit", pk)}">{pencil} Corriger<span class="visually-hidden"> {name}</span></a>\n'
        f"          {exit_form}\n"
        f"        </td>\n"
        f"      </tr>\n    "
    )


def _exit_form(pk: int, name: str, *, csrf: str, options: str, url: str) -> str:
    return (
        f'\n          <form class="decl-exit" method="post" action="{url}"\n'
        f'                hx-post="{url}" hx-target="#declaration-body" hx-swap="outerHTML">\n'
        f"            {csrf}\n"
        f'            <label for="exit-date-{pk}">Date de sortie</label>\n'
        f'            <input type="date" id="exit-date-{pk}" name="exit_date" required>\n'
        f'            <label for="exit-reason-{pk}">Motif</label>\n'
        f'            <select id="exit-reason-{pk}" name="exit_reason">{options}</select>\n'
        f'            <button type="submit" class="secondary">Déclarer la sortie<span class="visually-hidden"> de {name}</span>'
        f"</button>\n"
        f"          </form>\n          "
    )
