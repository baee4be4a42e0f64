"""`{% invoice_rows %}`: the rows of the member's invoice table, drawn in Python (see portail.core.rows)."""

from django import template
from django.utils.safestring import mark_safe

from portail.core.formatting import date_fr, money_fr
from portail.core.rows import Displays, text
from portail.core.templatetags.ui import icon, pk_url

register = template.Library()

OVERDUE_CLASS = ' class="overdue"'
OVERDUE = ' <span class="badge alert">Échue</span>'


@register.simple_tag
def invoice_rows(rows, empty: str = "") -> str:
    """The `<tr>`s of one group of `billing/invoices.html` (unpaid or paid), whitespace included;
    `empty` is the text of the single row shown when the group has none."""
    if not rows:
        return mark_safe(f'\n<tr><td colspan="6">{text(empty)}</td></tr>\n\n')  # nosec B308 B703
    eye, printer, download = icon("eye"), icon("print"), icon("download")
    kinds = Displays("get_kind_display")
    html = []
    for invoice in rows:
        pk, number = invoice.pk, text(invoice.number)
        overdue = getattr(invoice, "overdue", False)  # set by selectors.invoices_grouped
        detail, pdf = pk_url("billing:invoice_detail", pk), pk_url("billing:invoice_pdf", pk)
        html.append(
            f"\n<tr{OVERDUE_CLASS if overdue else ''}>\n"
            f'  <td><a href="{detail}">{number}</a></td>\n'
            f"  <td>{text(date_fr(invoice.issue_date))}</td>\n"
            f"  <td>{kinds.of(invoice, invoice.kind)}{OVERDUE if overdue else ''}</td>\n"
            f'  <td class="amount">{text(money_fr(invoice.total_ttc))}</td>\n'
            f"  <td>{text(invoice.period_label)}</td>\n"
            f'  <td class="actions-cell">\n'
            f'    <a href="{detail}">{eye}<span class="visually-hidden">Voir la facture {number}</span></a>\n'
            f'    <a href="{pdf}" target="_blank" rel="noopener">{printer}'
            f'<span class="visually-hidden">Imprimer la facture {number}</span></a>\n'
            f'    <a href="{pdf}?telecharger=1">{download}'
            f'<span class="visually-hidden">Télécharger la facture {number} en PDF</span></a>\n'
            f"  </td>\n"
            f"</tr>\n"
        )
    html.append("\n")  # the newline that ended the former include file
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()


@register.simple_tag
def statement_rows(rows, empty: str = "") -> str:
    """The `<tr>`s of the échéancier in `billing/invoices.html` (one per open item, as many as the
    unpaid invoices), whitespace included; `empty` is the text of the single row shown when there is none."""
    if not rows:
        return mark_safe(f'<tr><td colspan="8">{text(empty)}</td></tr>')  # nosec B308 B703
    html = []
    for row in rows:
        number = text(row.number)
        if row.invoice_id:
            number = f'<a href="{pk_url("billing:invoice_detail", row.invoice_id)}">{number}</a>'
        html.append(
            f"\n      <tr{OVERDUE_CLASS if row.overdue else ''}>\n"
            f"        <td>{number}</td>\n"
            f"        <td>{text(date_fr(row.issue_date))}</td>\n"
            f"        <td>{text(date_fr(row.due_date))}{OVERDUE if row.overdue else ''}</td>\n"
            f"        <td>{text(row.kind_label)}</td>\n"
            f'        <td class="amount">{text(money_fr(row.debit)) if row.debit else ""}</td>\n'
            f'        <td class="amount">{text(money_fr(row.credit)) if row.credit else ""}</td>\n'
            f"        <td>{text(row.period)}</td>\n"
            f'        <td class="reference">{text(row.reference)}</td>\n'
            f"      </tr>\n    "
        )
    return mark_safe("".join(html))  # nosec B308 B703 -- every value above went through text()
