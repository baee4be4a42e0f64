"""PDFs of invoices (Factur-X EN 16931), of the échéancier and of a signed SEPA mandate (WeasyPrint)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template.loader import render_to_string
from facturx import generate_from_binary
from weasyprint import HTML

from portail.billing.facturx_xml import invoice_xml, vat_with_country
from portail.billing.models import Invoice
from portail.billing.selectors import billing_settings_get
from portail.core.formatting import money_fr
from portail.members.models import Service
from portail.members.selectors import service_get


def billing_service() -> Service:
    """The issuing service; an unsaved default keeps PDFs renderable before the service is configured."""
    service = service_get()
    if service is None:
        defaults = settings.SERVICE_DEFAULTS
        service = Service(name=defaults["name"], hotline_email=defaults["hotline_email"])
    return service


def render_pdf(template: str, context: dict, *, pdfa: bool = False) -> bytes:
    html = render_to_string(template, context)
    options = {"pdf_variant": "pdf/a-3b"} if pdfa else {}
    return HTML(string=html).write_pdf(**options)


def payment_terms_text(*, invoice: Invoice) -> str:
    terms = billing_settings_get()
    if invoice.total_ttc <= 0:
        head = "Avoir à imputer sur vos prochaines factures ou remboursable sur demande."
    else:
        head = f"Paiement à {terms.payment_terms_days} jours, au plus tard à la date d'exigibilité."
    return (
        f"{head} Pas d'escompte pour paiement anticipé. En cas de retard de paiement, pénalités au taux de "
        f"{terms.late_penalty_text}, exigibles de plein droit, et indemnité forfaitaire pour frais de "
        f"recouvrement de {money_fr(terms.recovery_indemnity)} (articles L441-10 et D441-5 du code de commerce)."
    )


def invoice_pdf(*, invoice: Invoice) -> bytes:
    service = billing_service()
    terms = payment_terms_text(invoice=invoice)
    pdf = render_pdf("billing/pdf/invoice.html", {
        "invoice": invoice, "lines": invoice.lines.all(), "service": service, "member": invoice.member,
        "terms": terms, "vat_summary": _vat_summary(invoice),
        "service_vat": vat_with_country(service.vat_number), "member_vat": vat_with_country(invoice.member.vat_number),
    }, pdfa=True)
    xml = invoice_xml(invoice=invoice, service=service, terms_text=terms)
    return generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=True,
                                lang="fr-FR", pdf_metadata={
                                    "author": service.name, "keywords": "Factur-X, facture",
                                    "title": f"{invoice.get_kind_display()} n° {invoice.number}",
                                    "subject": f"{invoice.get_kind_display()} n° {invoice.number} – {invoice.member.name}",
                                })


def _vat_summary(invoice: Invoice) -> list[dict]:
    rates: dict = {}
    for line in invoice.lines.all():
        rates.setdefault(line.vat_rate, 0)
        rates[line.vat_rate] += line.total_ht
    cent = Decimal("0.01")
    return [
        {"rate": rate, "basis": basis, "amount": (basis * rate / 100).quantize(cent, rounding=ROUND_HALF_UP)}
        for rate, basis in sorted(rates.items())
    ]


def statement_pdf(*, member, statement, today, title: str = "Échéancier") -> bytes:
    return render_pdf("billing/pdf/statement.html", {
        "service": billing_service(), "member": member, "statement": statement, "today": today, "title": title,
    })


def mandate_pdf(*, mandate) -> bytes:
    service = billing_service()
    return render_pdf("billing/pdf/mandate.html", {
        "service": service, "creditor": service, "mandate": mandate, "member": mandate.member,
        "prenotification_days": billing_settings_get().sepa_prenotification_days,
    })
