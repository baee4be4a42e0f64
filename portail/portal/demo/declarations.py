"""Demo declarations: the four past campaigns for 100001 (non saisissable, two validated, the last one confirmed),
the current campaign open with 100001 and 100004 "À saisir" and 100003 "En cours". Years count back from the
current one, so the story holds whatever the year. Idempotent. Past years are recorded as history (snapshot of
the employees present on each reference date, without the pre-submission checks)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.accounts.models import User
from portail.declarations import selectors, services
from portail.declarations.models import CATEGORIES, Campaign, CampaignStatus, Declaration, DeclarationLine
from portail.declarations.models import DeclarationStatus as S
from portail.members.models import Member

TARIFFS = {  # year: SI, SIA, SIR (HT); 2025 = the national average cost (REFERENCE §6.1)
    2022: ("104.50", "104.50", "125.40"),
    2023: ("105.00", "105.00", "126.00"),
    2024: ("110.00", "110.00", "132.00"),
    2025: ("115.50", "115.50", "138.60"),
}


def _campaign(year: int, *, current: bool) -> Campaign:
    existing = Campaign.objects.filter(year=year).first()
    if existing:
        return existing
    si, sia, sir = TARIFFS.get(year, ("118.00", "118.00", "141.60"))
    if current:
        deadline = date(year, 1, 31) if date.today() <= date(year, 1, 31) else date.today() + timedelta(days=30)
        return services.campaign_open(
            actor=None, year=year, reference_date=date(year, 1, 1), opens_on=date(year, 1, 5), closes_on=deadline,
            tariff_si=Decimal(si), tariff_sia=Decimal(sia), tariff_sir=Decimal(sir), vat_rate=Decimal("20.00"),
        )
    return Campaign.objects.create(
        year=year, reference_date=date(year, 1, 1), opens_on=date(year, 1, 5), closes_on=date(year, 1, 31),
        tariff_si=Decimal(si), tariff_sia=Decimal(sia), tariff_sir=Decimal(sir), status=CampaignStatus.CLOSED,
        closed_at=timezone.make_aware(datetime(year, 2, 1, 9, 0)),
    )


@transaction.atomic
def _history(member: Member, campaign: Campaign, submitter: User | None, *, status: str) -> Declaration:
    declaration, created = Declaration.objects.get_or_create(member=member, campaign=campaign, version=1)
    if not created or status != S.CONFIRMED:
        if created:
            declaration.status = status
            declaration.save(update_fields=["status"])
        return declaration
    employees = list(selectors.employees_at(member=member, reference_date=campaign.reference_date))
    counts = {c: sum(1 for e in employees if e.category == c) for c in CATEGORIES}
    ht, vat, ttc = selectors.amounts(campaign=campaign, counts=counts)
    DeclarationLine.objects.bulk_create([
        DeclarationLine(declaration=declaration, employee=e, birth_name=e.birth_name, usage_name=e.usage_name,
                        first_name=e.first_name, job_title=e.job_title, contract=e.get_contract_display(),
                        hire_date=e.hire_date, contract_end=e.contract_end, exit_date=e.exit_date,
                        category=e.category, determinants=list(e.determinants or []),
                        determinants_label=selectors.determinants_label(e.determinants))
        for e in employees
    ])
    declaration.count_si, declaration.count_sia, declaration.count_sir = (counts[c] for c in CATEGORIES)
    declaration.amount_ht, declaration.amount_vat, declaration.amount_ttc = ht, vat, ttc
    declaration.number = services._next_number(campaign.year)
    declaration.status = S.CONFIRMED
    declaration.submitted_at = timezone.make_aware(datetime.combine(date(campaign.year, 1, 20), time(10, 15)))
    declaration.submitted_by = submitter
    declaration.save()
    return declaration


def _validated_in_previous_system(declaration: Declaration) -> None:
    """Past years were validated and invoiced by the previous system (its invoices are not in the demo
    billing history, which stops at 2021): marked validated and billed, without issuing invoices today."""
    if declaration.validated:
        return
    validated_at = timezone.make_aware(datetime.combine(date(declaration.campaign.year, 2, 15), time(9, 0)))
    Declaration.objects.filter(pk=declaration.pk).update(validated=True, validated_at=validated_at,
                                                         billed_at=validated_at)


def load(*, stdout) -> None:
    with scopes_disabled():
        current_year = date.today().year
        members = {m.number: m for m in Member.objects.filter(number__in=["100001", "100003", "100004"])}
        first = current_year - 4
        campaigns = {year: _campaign(year, current=False) for year in range(first, current_year)}
        campaigns[current_year] = _campaign(current_year, current=True)
        main = members.get("100001")
        if main is not None:
            submitter = User.objects.filter(member=main, kind="member").first()
            _history(main, campaigns[first], submitter, status=S.CLOSED)
            for year in (first + 1, first + 2):
                _validated_in_previous_system(_history(main, campaigns[year], submitter, status=S.CONFIRMED))
            _history(main, campaigns[current_year - 1], submitter, status=S.CONFIRMED)
        if "100003" in members:
            draft = Declaration.objects.filter(member=members["100003"], campaign=campaigns[current_year],
                                               status=S.TO_FILL).first()
            if draft is not None:
                services.declaration_save_draft(declaration=draft, actor=None)
    stdout.write(f"  déclarations : campagnes {current_year - 4} à {current_year}, historique de 100001, 100003 en cours")
