"""Demo billing: the seed's 13 invoices of member 100001 as legacy history, a few system invoices for
100003/100004. Idempotent."""

from datetime import date
from decimal import Decimal

from django_scopes import scopes_disabled

from portail.billing.models import Invoice, InvoiceKind
from portail.billing.selectors import billing_settings_get
from portail.billing.services import invoice_create_draft, invoice_issue, legacy_invoice_import
from portail.members.models import Member

K = InvoiceKind
# number, issue date, kind, TTC, period, paid, due date (None → issue date). Seed §2.4.
SEED_INVOICES = [
    ("101983", date(2021, 12, 15), K.CONTRIBUTION, "170.40", "Année 2021", False, date(2022, 1, 30)),
    ("101982", date(2021, 12, 10), K.CONTRIBUTION, "1800.00", "Année 2021", False, None),
    ("101978", date(2021, 12, 6), K.MEMBERSHIP, "15.60", "Année 2021", False, None),
    ("101972", date(2021, 11, 25), K.ADJUSTMENT, "-1058.40", "Année 2021", False, None),
    ("95674", date(2021, 2, 23), K.ADJUSTMENT, "1058.40", "Année 2021", False, date(2021, 3, 31)),
    ("909584", date(2021, 1, 15), K.CONTRIBUTION, "1080.00", "Année 2021", False, None),
    ("101981", date(2021, 12, 10), K.CONTRIBUTION, "-1.20", "Année 2021", True, None),
    ("101974", date(2021, 12, 2), K.CONTRIBUTION, "0.01", "Année 2021", True, None),
    ("101975", date(2021, 12, 2), K.CONTRIBUTION, "-0.01", "Année 2021", True, None),
    ("101976", date(2021, 12, 2), K.CONTRIBUTION, "1.20", "Année 2021", True, None),
    ("82566", date(2020, 1, 9), K.CONTRIBUTION, "-72.00", "Année 2017", True, None),
    ("72722", date(2019, 1, 17), K.CONTRIBUTION, "1800.00", "Année 2019", True, None),
    ("887635", date(2019, 1, 11), K.CONTRIBUTION, "1800.00", "Année 2019", True, None),
]


def load_seed_history(member: Member) -> None:
    for number, issued, kind, ttc, period, paid, due in SEED_INVOICES:
        legacy_invoice_import(member=member, number=number, issue_date=issued, kind=kind, amount_ttc=Decimal(ttc),
                              period_label=period, due_date=due, paid=paid)


def _system_invoices(member: Member, headcount: int) -> None:
    if Invoice.objects.filter(member=member, legacy=False).exists():
        return
    year = date.today().year
    fee = invoice_create_draft(
        member=member, kind=K.MEMBERSHIP, period_label=f"Année {year}", period_year=year,
        lines=[{"description": "Droit d'entrée (frais d'adhésion)", "quantity": 1, "unit_price_ht": "13.00"}],
    )
    invoice_issue(invoice=fee, issue_date=date(year, 1, 5))
    call = invoice_create_draft(
        member=member, kind=K.CONTRIBUTION, period_label=f"Année {year}", period_year=year,
        lines=[{"description": f"Cotisation per capita {year} – salariés suivis", "quantity": headcount,
                "unit_price_ht": "115.50"}],
    )
    invoice_issue(invoice=call, issue_date=date(year, 1, 15))


# A fictional account with valid keys (IBAN and RIB), so invoices and the échéancier show how to pay by transfer.
DEMO_IBAN, DEMO_BIC = "FR7630006000011234567890189", "AGRIFRPPXXX"


def _bank_account() -> None:
    terms = billing_settings_get()
    if not terms.creditor_iban:
        terms.creditor_iban, terms.creditor_bic = DEMO_IBAN, DEMO_BIC
        terms.save(update_fields=["creditor_iban", "creditor_bic"])


def load(*, stdout) -> None:
    with scopes_disabled():
        _bank_account()
        members = {m.number: m for m in Member.objects.filter(number__in=["100001", "100003", "100004"])}
        if "100001" in members:
            load_seed_history(members["100001"])
        if "100003" in members:
            _system_invoices(members["100003"], headcount=6)
        if "100004" in members:
            _system_invoices(members["100004"], headcount=14)
    stdout.write("  facturation : compte bancaire du service, factures de 100001, 100003 et 100004 : ok")
