"""Tab 2.7 block "Effectif déclaré par catégorie", plugged into activity.SECTION_PROVIDERS."""

from portail.activity.selectors import SECTION_PROVIDERS, SummaryRow, SummarySection
from portail.declarations.models import Declaration, DeclarationStatus


def headcount_section(member, year):
    declaration = Declaration.objects.filter(
        member=member, campaign__year=year, status=DeclarationStatus.CONFIRMED
    ).order_by("-version").first()
    if declaration is None:
        return None
    return SummarySection(key="declared_headcount", title="Effectif déclaré par catégorie", rows=[
        SummaryRow("Suivi individuel simple (SI)", str(declaration.count_si)),
        SummaryRow("Suivi individuel adapté (SIA)", str(declaration.count_sia)),
        SummaryRow("Suivi individuel renforcé (SIR)", str(declaration.count_sir)),
        SummaryRow("Total", f"{declaration.total_count} (déclaration n° {declaration.number})"),
    ])


def register() -> None:
    if headcount_section not in SECTION_PROVIDERS:
        SECTION_PROVIDERS.append(headcount_section)
