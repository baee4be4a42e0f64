"""Follow-up determinants of the employee form and the category they imply (REFERENCE §1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .dates import birthday
from .visit_types import Labelled


class Category(Labelled):
    SI = "SI", "Suivi Individuel - SI"
    SIA = "SIA", "Suivi Individuel Adapté - SIA"
    SIR = "SIR", "Suivi Individuel Renforcé - SIR"

    @property
    def rank(self) -> int:
        # Explicit rank: string comparison of the values must never be relied upon.
        return _CATEGORY_RANKS[self]

    @classmethod
    def strictest(cls, categories: Iterable[Category]) -> Category:
        """SIR > SIA > SI; SI when nothing is given (the seed's default)."""
        return max(categories, key=_CATEGORY_RANKS.__getitem__, default=cls.SI)


_CATEGORY_RANKS = {Category.SI: 0, Category.SIA: 1, Category.SIR: 2}


@dataclass(frozen=True, slots=True)
class Determinant:
    code: str
    label: str
    category: Category
    legal_basis: str
    reason: str
    before_assignment: bool = False
    sensitive: bool = False
    requires_justification: bool = False

    @property
    def explanation(self) -> str:
        return f"{self.category} : {self.reason} – {self.legal_basis}"


def _sir(code: str, label: str, legal_basis: str, reason: str, **flags: bool) -> Determinant:
    # Every SIR post needs the aptitude exam before assignment (R4624-24).
    return Determinant(code, label, Category.SIR, legal_basis, reason, before_assignment=True, **flags)


# Order and labels copied from the seed form, row by row, so the UI can render them as-is.
DETERMINANTS: tuple[Determinant, ...] = (
    Determinant(
        "NONE", "Aucun suivi particulier pour ce salarié", Category.SI,
        "art. R4624-10", "aucun suivi particulier",
    ),
    _sir(
        "CACES",
        "Habilitation de conduite de certains équipements automoteurs et de levage (CACES)",
        "art. R4624-23 II et R4323-56",
        "autorisation de conduite d'équipements automoteurs ou de levage",
    ),
    _sir(
        "ELEC", "Habilitation électrique (travaux sur installations électriques)",
        "art. R4624-23 II et R4544-10", "habilitation électrique",
    ),
    _sir(
        "U18_REG", "Moins de 18 ans affectés aux travaux réglementés",
        "art. R4624-23 II et R4153-40", "mineur affecté à des travaux réglementés",
    ),
    Determinant(
        "PREGNANT", "Femme enceinte, allaitante ou venant d'accoucher", Category.SIA,
        "art. R4624-19", "femme enceinte, allaitante ou venant d'accoucher", sensitive=True,
    ),
    _sir(
        "RI_A", "Rayonnements ionisants catégorie A",
        "art. R4624-23 I 5° et R4451-82", "exposition aux rayonnements ionisants (catégorie A)",
    ),
    _sir(
        "RI_B", "Rayonnements ionisants catégorie B",
        "art. R4624-23 I 5° et R4451-82", "exposition aux rayonnements ionisants (catégorie B)",
    ),
    _sir(
        "EMPLOYER", "Risques particuliers motivés par l'employeur",
        "art. R4624-23 III", "risques particuliers motivés par l'employeur",
        requires_justification=True,
    ),
    Determinant(
        "U18", "Moins de 18 ans non affectés à travaux réglementés", Category.SIA,
        "art. R4624-17 et R4624-18", "travailleur de moins de 18 ans", before_assignment=True,
    ),
    _sir(
        "LOAD55", "Salarié exposé à manutention manuelle, port de charges > 55kg (R4541-9)",
        "art. R4624-23 II et R4541-9", "manutention manuelle de charges de plus de 55 kg",
    ),
    _sir(
        "CMR", "Salarié exposé au CMR", "art. R4624-23 I 3°",
        "exposition à des agents cancérogènes, mutagènes ou toxiques pour la reproduction",
    ),
    # LEAD is SIR only above the R4412-160 thresholds; the form cannot tell, so SIR by default.
    _sir("LEAD", "Salarié exposé au plomb", "art. R4624-23 I 2°", "exposition au plomb"),
    _sir("ASBESTOS", "Salarié exposé à l'amiante", "art. R4624-23 I 1°", "exposition à l'amiante"),
    _sir(
        "HYPERBAR", "Salarié exposé au risque hyperbare", "art. R4624-23 I 6°",
        "exposition au risque hyperbare",
    ),
    Determinant(
        "BIO2", "Salarié exposé aux agents biologiques groupe 2 (AB2)", Category.SIA,
        "art. R4426-7", "exposition aux agents biologiques du groupe 2", before_assignment=True,
    ),
    _sir(
        "BIO34", "Salarié exposé aux agents biologiques pathogènes groupes 3 et 4 (ABP3 et 4)",
        "art. R4624-23 I 4°", "exposition aux agents biologiques des groupes 3 et 4",
    ),
    _sir(
        "SCAFFOLD",
        "Salarié exposé au risque de chute de hauteur lors du montage / démontage d'échafaudage",
        "art. R4624-23 I 7°", "risque de chute de hauteur lors du montage ou du démontage d'échafaudages",
    ),
    Determinant(
        "INVALID", "Titulaire d'une pension d'invalidité", Category.SIA,
        "art. R4624-17 et R4624-20", "titulaire d'une pension d'invalidité", sensitive=True,
    ),
    Determinant(
        "NIGHT", "Travailleur de nuit", Category.SIA,
        "art. R4624-17 et R4624-18", "travail de nuit", before_assignment=True,
    ),
    Determinant(
        "DISABLED", "Travailleur handicapé (TH)", Category.SIA,
        "art. R4624-17 et R4624-20", "travailleur handicapé", sensitive=True,
    ),
    Determinant(
        "EMF", "Salarié exposé aux champs électromagnétiques si VLE dépassée", Category.SIA,
        "art. R4453-25", "exposition aux champs électromagnétiques au-delà des VLE",
        before_assignment=True,
    ),
)

BY_CODE: dict[str, Determinant] = {d.code: d for d in DETERMINANTS}
_ORDER = {d.code: index for index, d in enumerate(DETERMINANTS)}
NONE_CODE = "NONE"
DEFAULT_REASON = BY_CODE[NONE_CODE].explanation


MAJORITY_AGE = 18
MINOR_CODE = "U18"
# Boxes that only restate the worker's age: the birth date decides whether they hold on a given day.
AGE_CODES = frozenset({"U18", "U18_REG"})


def coming_of_age(birth_date: date) -> date:
    """The 18th birthday: the under-18 rules (R4624-17, R4624-18, R4153-40) stop applying that day."""
    return birthday(birth_date, MAJORITY_AGE)


def is_minor(*, birth_date: date, on: date) -> bool:
    return on < coming_of_age(birth_date)


def codes_on(codes: Iterable[str], *, birth_date: date, on: date) -> frozenset[str]:
    """The determinants that hold on `on`: the ticked boxes, with the age read from the birth date
    whatever is ticked. A minor counts as "moins de 18 ans" with no box ticked; from the 18th birthday the
    under-18 boxes no longer hold (a box ticked years ago cannot keep an adult in the minors' rules)."""
    codes = codes if type(codes) is frozenset else frozenset(codes)
    if is_minor(birth_date=birth_date, on=on):
        # U18_REG already names the minor, in the stricter regime.
        return codes if MINOR_CODE in codes or "U18_REG" in codes else codes | {MINOR_CODE}
    return codes - AGE_CODES if codes & AGE_CODES else codes


@dataclass(frozen=True, slots=True)
class CategoryDecision:
    category: Category
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        return self.reasons[0] if self.reasons else DEFAULT_REASON


def resolve(codes: Iterable[str]) -> tuple[Determinant, ...]:
    """Known determinants in seed order; NONE dropped when something else is checked."""
    try:
        found = {BY_CODE[code] for code in codes}
    except KeyError as error:
        raise ValueError(f"Unknown follow-up determinant code: {error.args[0]!r}") from None
    if len(found) > 1:
        found.discard(BY_CODE[NONE_CODE])
    return tuple(sorted(found, key=lambda d: _ORDER[d.code]))


def categorize(*, codes: Iterable[str], birth_date: date | None = None, on: date | None = None) -> CategoryDecision:
    """REFERENCE §1.3: the strictest category wins; the reasons list the winners first. Given a birth date,
    the age on `on` counts as well as the boxes (`codes_on`)."""
    if birth_date is not None and on is not None:
        codes = codes_on(codes, birth_date=birth_date, on=on)
    determinants = resolve(codes)
    category = Category.strictest(d.category for d in determinants)
    ranked = sorted(determinants, key=lambda d: -d.category.rank)
    return CategoryDecision(category=category, reasons=tuple(d.explanation for d in ranked))


def categorize_employee(*, codes: Iterable[str], birth_date: date | None, hire_date: date | None,
                        today: date) -> CategoryDecision:
    """The category an employee is in from `today`, or from the first day while it is ahead: the boxes,
    and the age then (no birth date yet, as on a blank form: the boxes alone)."""
    on = hire_date if hire_date is not None and hire_date > today else today
    return categorize(codes=codes, birth_date=birth_date, on=on)


ERROR_EMPLOYER_JUSTIFICATION = (
    "Justifiez par écrit les risques particuliers motivés par l'employeur (art. R4624-23 III)."
)


def selection_clean(codes: Iterable[str]) -> list[str]:
    """"Aucun suivi particulier" only means something alone: ticked beside a risk (the default box left
    ticked), the risks are what the employer declares. Never a reason to refuse the form."""
    selected = list(dict.fromkeys(codes))
    if len(selected) > 1 and NONE_CODE in selected:
        selected.remove(NONE_CODE)
    return selected


def validate_selection(*, codes: Iterable[str], justification: str = "") -> list[str]:
    """French messages for the form; unknown codes raise, since only the form's own codes can reach here."""
    selected = set(codes)
    resolve(selected)
    errors: list[str] = []
    if "EMPLOYER" in selected and not justification.strip():
        errors.append(ERROR_EMPLOYER_JUSTIFICATION)
    return errors
