import html
from datetime import date
from decimal import Decimal

from portail.billing.models import InvoiceKind
from portail.billing.services import invoice_create_draft, invoice_issue


def issued_invoice(member, *, amount_ht="100.00", quantity=1, kind=InvoiceKind.CONTRIBUTION, issue_date=None,
                   period="Année 2026"):
    draft = invoice_create_draft(
        member=member, kind=kind, period_label=period, period_year=2026,
        lines=[{"description": "Cotisation per capita", "quantity": quantity, "unit_price_ht": Decimal(amount_ht)}],
    )
    return invoice_issue(invoice=draft, issue_date=issue_date or date(2026, 1, 15))


def page_text(response) -> str:
    """A page's HTML with its entities decoded, for plain-text assertions."""
    return html.unescape(response.content.decode())
