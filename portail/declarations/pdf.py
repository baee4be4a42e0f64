"""PDFs of a declaration: the acknowledgement of receipt and the printable declaration (WeasyPrint)."""

from django.utils import timezone

from portail.billing.pdf import render_pdf
from portail.billing.selectors import billing_service
from portail.declarations.models import CATEGORIES, Declaration
from portail.declarations.selectors import declared_employees


def _context(declaration: Declaration) -> dict:
    campaign = declaration.campaign
    submitter = declaration.submitted_by
    return {
        "declaration": declaration, "campaign": campaign, "member": declaration.member, "service": billing_service(),
        "rows": [
            {"category": c, "count": getattr(declaration, f"count_{c.lower()}"), "tariff": campaign.tariff(c)}
            for c in CATEGORIES
        ],
        "submitted_at": timezone.localtime(declaration.submitted_at) if declaration.submitted_at else None,
        "submitter": submitter,
        "mandataire": submitter if submitter is not None and submitter.is_mandataire else None,
    }


def acknowledgement_pdf(*, declaration: Declaration) -> bytes:
    return render_pdf("declarations/pdf/acknowledgement.html", _context(declaration))


def declaration_pdf(*, declaration: Declaration, preview=None) -> bytes:
    context = _context(declaration)
    context["lines"] = declaration.lines.all() if declaration.is_submitted else None
    context["preview"] = preview
    context["employees"] = declared_employees(declaration=declaration) if preview is not None else None
    return render_pdf("declarations/pdf/declaration.html", context)
