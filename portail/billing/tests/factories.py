import html
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portail.billing.models import InvoiceKind, SepaMandate
from portail.billing.selectors import billing_settings_get
from portail.billing.sepa_batch import direct_debit_batch_create
from portail.billing.services import invoice_create_draft, invoice_issue

CREDITOR_IBAN, CREDITOR_BIC = "FR7630006000011234567890189", "AGRIFRPPXXX"


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


def creditor_account_set():
    """The service's bank account for direct debits; returns the billing settings."""
    terms = billing_settings_get()
    terms.creditor_iban, terms.creditor_bic = CREDITOR_IBAN, CREDITOR_BIC
    terms.save()
    return terms


def sepa_invoice_due(member):
    """An invoice of `member` issued 40 days ago, to be collected: the creditor account set, a mandate signed."""
    creditor_account_set()
    SepaMandate.objects.create(member=member, reference=f"RUM{member.number}X", holder_name=member.name,
                               iban=CREDITOR_IBAN, bic=CREDITOR_BIC, signed_at=timezone.now())
    return issued_invoice(member, issue_date=date.today() - timedelta(days=40))


def sepa_batch(member):
    """`sepa_invoice_due(member)` and a direct debit batch collecting it in 15 days: (invoice, batch)."""
    invoice = sepa_invoice_due(member)
    return invoice, direct_debit_batch_create(collection_date=date.today() + timedelta(days=15))
