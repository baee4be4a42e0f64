"""Reads for declarations. Portal callers always pass the member; another member's row answers 404."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus
from portail.core.money import cents
from portail.declarations.models import (
    CATEGORIES,
    FILLABLE,
    ZERO,
    Campaign,
    CampaignStatus,
    Declaration,
    DeclarationStatus,
    TariffSettings,
)
from portail.followup.determinants import resolve
from portail.members.models import Member, MemberStatus
from portail.workforce.models import FIXED_TERM, Employee

# Contributions of the year: the annual call, adjustments, and the credit notes correcting them.
CONTRIBUTION_KINDS = (InvoiceKind.CONTRIBUTION, InvoiceKind.ADJUSTMENT)


# --- member side ---------------------------------------------------------------------------------


def declarations_for_member(*, member: Member) -> QuerySet[Declaration]:
    # No join on submitted_by: no caller shows who submitted, and joining the user row cost as much as the rest.
    return Declaration.objects.filter(member=member).select_related("campaign")


def declaration_get(*, member: Member, pk: int) -> Declaration:
    """The member's declaration `pk` with its campaign, or 404."""
    declaration = get_object_or_404(declarations_for_member(member=member), pk=pk)
    # The row belongs to `member`: reading `declaration.member` later must not query it again.
    declaration.member = member
    return declaration


def declaration_to_fill(*, member: Member) -> Declaration | None:
    """The declaration the member should fill now: the most recent one still open for input."""
    return (declarations_for_member(member=member)
            .filter(status__in=FILLABLE, campaign__opens_on__lte=timezone.localdate())
            .order_by("-campaign__year").first())


def first_fillable(declarations: list[Declaration]) -> Declaration | None:
    """`declaration_to_fill` taken from the member's declarations already read in their default order (most
    recent year first): the list page needs no second query for its "Saisir" button."""
    return next((d for d in declarations if d.is_fillable), None)


def employees_at(*, member: Member, reference_date: date) -> QuerySet[Employee]:
    """Employees under contract on the reference date: hired on/before it and present on it (workforce's rule)."""
    return Employee.objects.filter(member=member).under_contract_on(reference_date).order_by(
        "birth_name", "first_name", "id")


def contribution_invoiced(*, member: Member, year: int) -> tuple[Decimal, Decimal]:
    """(HT, TTC) already invoiced as contribution for the year, credit notes deducted."""
    rows = Invoice.objects.filter(member=member, period_year=year, status=InvoiceStatus.ISSUED).filter(
        Q(kind__in=CONTRIBUTION_KINDS) | Q(kind=InvoiceKind.CREDIT_NOTE, corrects__kind__in=CONTRIBUTION_KINDS)
    ).aggregate(ht=Sum("total_ht"), ttc=Sum("total_ttc"))
    # cents(): SQLite sums decimals as floats.
    return cents(rows["ht"] or ZERO), cents(rows["ttc"] or ZERO)


@dataclass(frozen=True)
class Problem:
    """One check of an employee's line. Only what changes the headcount or a category blocks the transmission
    (`blocking`); missing optional data (NIR, PCS code, job title) is a warning the member may fix later."""

    employee: Employee
    message: str
    completable: bool = False  # fixable in place with the "Compléter" form (NIR, PCS code, job title)
    blocking: bool = True


@dataclass
class Preview:
    """What the filling page shows, computed from the live employee list."""

    declaration: Declaration
    flagged: list[Employee]  # the employees with something to correct or complete, alphabetical
    counts: dict[str, int]
    amount_ht: Decimal
    amount_vat: Decimal
    amount_ttc: Decimal
    invoiced_ht: Decimal
    invoiced_ttc: Decimal
    problems: list[Problem] = field(default_factory=list)  # blocking only
    previous_total: int | None = None
    warning: str = ""
    warnings: list[Problem] = field(default_factory=list)  # missing optional data: transmission allowed
    expired: list[Employee] = field(default_factory=list)  # for the "déclarer la sortie de tous…" action

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def flagged_count(self) -> int:
        return len(self.flagged)

    @property
    def balance_ttc(self) -> Decimal:
        return self.amount_ttc - self.invoiced_ttc

    @property
    def rows(self) -> list[dict[str, object]]:
        campaign = self.declaration.campaign
        return [
            {"category": c, "count": self.counts[c], "tariff": campaign.tariff(c),
             "total": cents(self.counts[c] * campaign.tariff(c))}
            for c in CATEGORIES
        ]


def amounts(*, campaign: Campaign, counts: dict[str, int]) -> tuple[Decimal, Decimal, Decimal]:
    ht = sum((cents(counts.get(c, 0) * campaign.tariff(c)) for c in CATEGORIES), ZERO)
    vat = cents(ht * campaign.vat_rate / 100)
    return ht, vat, ht + vat


def contract_over(employee: Employee, reference_date: date) -> bool:
    """A fixed-term contract that ended before the reference date, with no exit recorded: the employee would be
    counted though gone. One rule for the check and for the bulk exit action."""
    return bool(employee.contract in FIXED_TERM and employee.contract_end and employee.contract_end < reference_date
                and employee.exit_date is None)


def employee_problems(*, employee: Employee, reference_date: date) -> list[Problem]:
    """The checks of one line before submission, in French, one per problem (blocking first)."""
    name = f"{employee.birth_name} {employee.first_name}"
    problems = []
    if contract_over(employee, reference_date):
        problems.append(Problem(employee, (
            f"{name} : le contrat ({employee.get_contract_display()}) a pris fin le {employee.contract_end:%d/%m/%Y}, "
            "avant la date de référence. Indiquez sa sortie ou prolongez le contrat."
        )))
    codes = [c for c in (employee.determinants or []) if c != "NONE"]
    if employee.category == "SIR" and not codes:
        problems.append(Problem(employee, (
            f"{name} : salarié en suivi renforcé (SIR) sans déterminant. Cochez le risque qui justifie le SIR."
        )))
    if "EMPLOYER" in codes and not employee.employer_risk_justification.strip():
        problems.append(Problem(employee, (
            f"{name} : « Risques particuliers motivés par l'employeur » doit être justifié par écrit."
        )))
    if not employee.nir_hash:
        problems.append(Problem(employee, f"{name} : le N° de Sécurité Sociale est manquant.", True, blocking=False))
    if not employee.pcs_code:
        problems.append(Problem(employee, f"{name} : le code PCS est manquant.", True, blocking=False))
    if not employee.job_title:
        problems.append(Problem(employee, f"{name} : le poste de travail est manquant.", True, blocking=False))
    return problems


def expired_contracts(*, declaration: Declaration) -> list[Employee]:
    """Who "déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence" exits."""
    reference = declaration.campaign.reference_date
    return [e for e in employees_at(member=declaration.member, reference_date=reference) if contract_over(e, reference)]


def previous_total(*, declaration: Declaration) -> int | None:
    """Headcount declared for the previous year (its latest submitted version), if any."""
    # Three numbers, not a model instance: building a 25-field Declaration was most of this query's cost.
    counts = Declaration.objects.filter(
        member=declaration.member_id, campaign__year=declaration.campaign.year - 1, status=DeclarationStatus.CONFIRMED
    ).order_by("-version").values_list("count_si", "count_sia", "count_sir").first()
    return sum(counts) if counts else None


def change_warning(*, campaign: Campaign, total: int, previous: int | None) -> str:
    if not previous:
        return ""
    change = abs(total - previous) * 100 / previous
    if change <= campaign.change_threshold_pct:
        return ""
    return (
        f"Votre effectif ({total}) diffère de {round(change)} % de celui déclaré l'an dernier ({previous}), "
        f"au-delà du seuil de {campaign.change_threshold_pct} %. Vérifiez votre liste puis confirmez cette variation."
    )


# What the checks, the nominative list, the frozen lines and the PDF read of an employee: a member of thousands
# builds its thousands of rows from these columns only, not the thirty of the model.
PREVIEW_FIELDS = ("id", "member_id", "birth_name", "usage_name", "first_name", "job_title", "contract", "contract_end",
                  "hire_date", "exit_date", "service_category", "declared_category", "determinants",
                  "employer_risk_justification", "nir_hash", "pcs_code")


# `Employee.category` in SQL: the category the service set, else the one declared.
CATEGORY = Coalesce(NullIf("service_category", Value("")), "declared_category")


def declared_employees(*, declaration: Declaration) -> QuerySet[Employee]:
    """The declaration's nominative list, alphabetical: its employees under contract on the reference date."""
    return employees_at(member=declaration.member, reference_date=declaration.campaign.reference_date).only(
        *PREVIEW_FIELDS)


def _maybe_flagged(reference_date: date) -> Q:
    """In SQL, more employees than `employee_problems` finds something on, never fewer: only these are read and
    checked, so that the page costs the same for ten employees or ten thousand. The rule stays `employee_problems`.
    For a query annotated with `category_now` (CATEGORY)."""
    return (Q(contract__in=FIXED_TERM, contract_end__lt=reference_date) | Q(category_now="SIR")
            | Q(determinants__icontains="EMPLOYER") | Q(nir_hash="") | Q(pcs_code="") | Q(job_title=""))


def _checked(employee: Employee, reference_date: date) -> list[Problem]:
    """The employee's problems, also kept on the row for the nominative list."""
    found = employee_problems(employee=employee, reference_date=reference_date)
    employee.declaration_problems = [p.message for p in found if p.blocking]
    employee.declaration_warnings = [p.message for p in found if not p.blocking]
    return found


def preview(*, declaration: Declaration) -> Preview:
    campaign = declaration.campaign
    present = declared_employees(declaration=declaration).annotate(category_now=CATEGORY)
    counts = dict.fromkeys(CATEGORIES, 0)
    counts.update(present.order_by().values_list("category_now").annotate(n=Count("pk")))
    checked = [(e, _checked(e, campaign.reference_date))
               for e in present.filter(_maybe_flagged(campaign.reference_date))]
    flagged: list[Employee] = [e for e, found in checked if found]
    ht, vat, ttc = amounts(campaign=campaign, counts=counts)
    invoiced_ht, invoiced_ttc = contribution_invoiced(member=declaration.member, year=campaign.year)
    previous = previous_total(declaration=declaration)
    total = sum(counts.values())
    return Preview(
        declaration=declaration, flagged=flagged, counts=counts, amount_ht=ht, amount_vat=vat,
        amount_ttc=ttc, invoiced_ht=invoiced_ht, invoiced_ttc=invoiced_ttc,
        problems=[p for _e, found in checked for p in found if p.blocking],
        warnings=[p for _e, found in checked for p in found if not p.blocking],
        previous_total=previous, warning=change_warning(campaign=campaign, total=total, previous=previous),
        expired=[e for e in flagged if contract_over(e, campaign.reference_date)],
    )


NOMINATIVE_PAGE_SIZE = 50
PROBLEMS_SHOWN = 20  # each section of checks lists this many; the list filtered on flagged employees has them all


def nominative_page(*, preview: Preview, page: str | None, flagged_only: bool = False,
                    employee_pk: int | None = None) -> Page[Employee]:
    """One page of the nominative list, so that a member of thousands reads and draws a page of fifty: only the
    employees with something to correct or complete if `flagged_only`; the page `employee_pk` stands on when given
    (back from completing or leaving that record), else `page` (any text: the first or the last page when it is no
    number)."""
    rows: QuerySet[Employee] | list[Employee]
    if flagged_only:
        rows = preview.flagged
        index = next((i for i, e in enumerate(rows) if e.pk == employee_pk), None)
    else:
        rows = declared_employees(declaration=preview.declaration)
        index = _rank(rows, employee_pk) if employee_pk is not None else None
    if index is not None:
        page = str(index // NOMINATIVE_PAGE_SIZE + 1)
    paginator = Paginator(rows, NOMINATIVE_PAGE_SIZE)
    if not flagged_only:
        paginator.count = preview.total  # counted by the preview already: no second COUNT(*)
    shown = paginator.get_page(page)
    if not flagged_only:
        shown.object_list = list(shown.object_list)
        for employee in shown.object_list:
            _checked(employee, preview.declaration.campaign.reference_date)
    return shown


def _rank(rows: QuerySet[Employee], pk: int) -> int | None:
    """How many employees come before `pk` in the list's order (birth name, first name, id); None if not in it."""
    found = rows.filter(pk=pk).values_list("birth_name", "first_name").first()
    if found is None:
        return None
    name, first = found
    return rows.filter(Q(birth_name__lt=name) | Q(birth_name=name, first_name__lt=first)
                       | Q(birth_name=name, first_name=first, pk__lt=pk)).count()


def is_flagged(employee: Employee) -> bool:
    """Whether the preview found something to correct or complete on this employee's line."""
    return bool(employee.declaration_problems or employee.declaration_warnings)


def determinants_label(codes: Iterable[str] | None) -> str:
    return " ; ".join(d.label for d in resolve(codes or []))


# --- staff side (scopes disabled under /gestion/) ---------------------------------------------------


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.all()


@dataclass(frozen=True)
class ProvisionalRow:
    member: Member
    counts: dict[str, int]
    amount_ht: Decimal
    amount_ttc: Decimal


def provisional_call(*, campaign: Campaign) -> list[ProvisionalRow]:
    """The provisional call for contributions of `campaign`: each member's headcount confirmed for the previous
    year, at this campaign's tariffs (the final amounts follow the member's own declaration)."""
    previous = Campaign.objects.filter(year=campaign.year - 1).first()
    if previous is None:
        return []
    rows = []
    confirmed = (current_versions(campaign=previous).filter(status=DeclarationStatus.CONFIRMED)
                 .select_related("member").order_by("member__number"))
    for declaration in confirmed:
        counts = {"SI": declaration.count_si, "SIA": declaration.count_sia, "SIR": declaration.count_sir}
        ht, _, ttc = amounts(campaign=campaign, counts=counts)
        rows.append(ProvisionalRow(member=declaration.member, counts=counts, amount_ht=ht, amount_ttc=ttc))
    return rows


def current_versions(*, campaign: Campaign) -> QuerySet[Declaration]:
    """One row per member: the declarations that have not been reopened as a newer version."""
    return Declaration.objects.filter(campaign=campaign, reopened_as__isnull=True)


def campaign_counts(*, campaign: Campaign) -> list[dict[str, object]]:
    rows = current_versions(campaign=campaign).values("status", "validated").annotate(n=Count("pk"))
    by_key: dict[str, int] = {}
    for row in rows:
        key = "validated" if row["validated"] else row["status"]
        by_key[key] = by_key.get(key, 0) + row["n"]
    labels = [
        ("validated", "Confirmée (validée)"), ("sent", "Confirmée"), ("in_progress", "En cours"),
        ("to_fill", "À saisir"), ("closed", "Non saisissable"), ("void", "Sans objet (radiation)"),
    ]
    return [{"key": key, "label": label, "count": by_key.get(key, 0)} for key, label in labels]


def campaign_declarations(*, campaign: Campaign, status: str = "") -> QuerySet[Declaration]:
    rows = current_versions(campaign=campaign).select_related("member", "submitted_by", "invoice")
    if status == "validated":
        rows = rows.filter(validated=True)
    elif status == "sent":
        rows = rows.filter(status=status, validated=False)
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("member__number")


def staff_declaration_get(*, pk: int) -> Declaration:
    declaration: Declaration = get_object_or_404(
        Declaration.objects.select_related("member", "campaign", "submitted_by", "validated_by", "invoice"), pk=pk
    )
    return declaration


def campaign_members(*, year: int) -> QuerySet[Member]:
    """Who gets a declaration of the year: active members, and members radiated during that year or later
    (they still owe the year in which they left); never those radiated before it, nor those "en sommeil"."""
    radiated_this_year_or_later = Q(status=MemberStatus.RADIATED, radiated_on__year__gte=year)
    return Member.objects.filter(Q(status=MemberStatus.ACTIVE) | radiated_this_year_or_later)


def tariff_settings_get() -> TariffSettings:
    row, _ = TariffSettings.objects.get_or_create(pk=1)
    return row


def open_campaign_statuses(*, member_ids: QuerySet[Any, Any] | list[int]) -> dict[int, str]:
    """Each member's current declaration status (its latest version's) in the most recent open campaign, in one
    query of two columns: the cockpit reads it for hundreds of members."""
    rows = (Declaration.objects.filter(member__in=member_ids, campaign__status=CampaignStatus.OPEN,
                                       reopened_as__isnull=True)
            .order_by("campaign__year").values_list("member_id", "status"))
    return dict(rows)
