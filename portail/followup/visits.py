"""Visit-rules engine (REFERENCE §2): which visits an employee needs, by when and by whom.

Pure and allocation-light: it runs on every employee of every member in nightly jobs and
benchmarks. Where several rules apply, the strictest deadline wins (REFERENCE §1.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeGuard

from .dates import add_months, add_years, fr_date
from .determinants import BY_CODE, MINOR_CODE, Category, categorize, codes_on, coming_of_age, resolve
from .visit_types import (
    Absence,
    AbsenceKind,
    ComplianceStatus,
    Contract,
    DueVisit,
    EmployeeFacts,
    Performer,
    PriorVisit,
    VisitKind,
)

__all__ = [
    "ComplianceStatus",
    "DueVisit",
    "EmployeeFacts",
    "employee_status",
    "next_due",
    "stable_until",
    "status",
    "visits_due",
]

# Aptitude exams by the médecin du travail: they restart the SIR clocks.
_EXAM_KINDS = (VisitKind.EMA_INIT, VisitKind.EMA_PERIOD, VisitKind.RI_A_ANNUAL, VisitKind.U18_REG_ANNUAL)
# Any of these satisfies a VIP: an EMA replaces the VIP (R4624-24).
_FOLLOW_UP_KINDS = (*_EXAM_KINDS, VisitKind.VIP_INIT, VisitKind.VIP_PERIOD, VisitKind.SIR_INTERMEDIATE)
_FOLLOW_UP_SET = frozenset(_FOLLOW_UP_KINDS)
# Workers R4624-17 names (age, night work, disability, invalidity): VIP every 3 years, not 5.
_R4624_17_CODES = frozenset({"U18", "INVALID", "NIGHT", "DISABLED"})

VIP_YEARS_SI = 5
VIP_YEARS_R4624_17 = 3
EMA_YEARS = 4
INTERMEDIATE_YEARS = 2
EMA_DISPENSATION_YEARS = 2
REPRISE_DELAY = timedelta(days=8)
# Décret 2022-372: sick leave starting from this day needs 60 days off (30 before) for a reprise visit.
REPRISE_REFORM_DAY = date(2022, 4, 1)
MID_CAREER_AGE = 45
MID_CAREER_FIRST_YEAR = 2022  # L4624-2-2 only applies since 31 March 2022.
POST_EXPOSURE_REQUEST_MONTHS = 6
PLANNING_HORIZON_DAYS = 90

_KIND_ORDER = {kind: index for index, kind in enumerate(VisitKind)}


@dataclass(frozen=True, slots=True)
class _Regime:
    """What a set of determinants implies; cached because few distinct sets exist."""

    category: Category
    reason: str
    before_assignment: bool
    before_reason: str
    before_basis: str
    vip_years: int
    vip_basis: str
    adapted_reason: str
    exam_kind: VisitKind
    exam_years: int
    exam_basis: str


@lru_cache(maxsize=4096)
def _regime(codes: frozenset[str]) -> _Regime:
    determinants = resolve(codes)
    category = categorize(codes=codes).category
    main = next((d for d in determinants if d.category is category), BY_CODE["NONE"])
    early = next((d for d in determinants if d.before_assignment), None)
    adapted = [d for d in determinants if d.code in _R4624_17_CODES]
    exam_kind, exam_years, exam_basis = _exam_rule(codes)
    return _Regime(
        category=category,
        reason=main.reason,
        before_assignment=early is not None,
        before_reason=early.reason if early else "",
        before_basis=early.legal_basis if early else "",
        vip_years=VIP_YEARS_R4624_17 if adapted else VIP_YEARS_SI,
        vip_basis="art. R4624-17" if adapted else "art. R4624-16",
        adapted_reason=adapted[0].reason if adapted else "",
        exam_kind=exam_kind,
        exam_years=exam_years,
        exam_basis=exam_basis,
    )


def _exam_rule(codes: frozenset[str]) -> tuple[VisitKind, int, str]:
    if "RI_A" in codes:
        return VisitKind.RI_A_ANNUAL, 1, "art. R4451-82"
    if "U18_REG" in codes:
        return VisitKind.U18_REG_ANNUAL, 1, "art. R4153-40"
    return VisitKind.EMA_PERIOD, EMA_YEARS, "art. R4624-28"


def _regime_of(codes: Iterable[str]) -> _Regime:
    return _regime(codes if type(codes) is frozenset else frozenset(codes))


def _regime_on(facts: EmployeeFacts, today: date) -> _Regime:
    """The rules in force on `today`, the age read from the birth date whatever is ticked. Before the first
    day, the age on that day is the one that counts."""
    on = today if today > facts.hire_date else facts.hire_date
    return _regime_of(codes_on(facts.determinants, birth_date=facts.birth_date, on=on))


def _minor_at_hire(facts: EmployeeFacts) -> bool:
    return facts.hire_date < coming_of_age(facts.birth_date)


# --- history -------------------------------------------------------------------------------


def _scan(facts: EmployeeFacts) -> tuple[dict[str, date], date | None]:
    """Latest date per visit kind, and latest follow-up visit held by the médecin du travail."""
    latest: dict[str, date] = {}
    doctor: date | None = None
    for visit in facts.past_visits:
        previous = latest.get(visit.kind)
        if previous is None or visit.on > previous:
            latest[visit.kind] = visit.on
        if visit.by_doctor and visit.kind in _FOLLOW_UP_SET and (doctor is None or visit.on > doctor):
            doctor = visit.on
    return latest, doctor


def _latest_of(latest: dict[str, date], kinds: tuple[VisitKind, ...]) -> date | None:
    best: date | None = None
    for kind in kinds:
        day = latest.get(kind)
        if day is not None and (best is None or day > best):
            best = day
    return best


def _dispenses(prior: PriorVisit | None, *, hire_date: date, kinds: Iterable[str], years: int) -> TypeGuard[PriorVisit]:
    """R4624-15 / R4624-27: a recent visit elsewhere, same job, papers at hand, no inaptitude."""
    return (
        prior is not None
        and prior.same_job
        and prior.no_inaptitude
        and prior.attestation_available
        and prior.kind in kinds
        and prior.on <= hire_date < add_years(prior.on, years)
    )


def _visit(kind: VisitKind, due_by: date, performer: Performer, basis: str, text: str,
           before_assignment: bool = False) -> DueVisit:
    return DueVisit(kind, kind.label, due_by, before_assignment, performer, basis, text)


# --- first visit -----------------------------------------------------------------------------


def _initial(facts: EmployeeFacts, regime: _Regime, kind: VisitKind, seen: bool = False) -> DueVisit:
    """First visit; `seen` = a VIP already happened, so the hiring deadline is met."""
    apprentice = facts.contract == Contract.APPRENTICE
    # R4624-18: a worker under 18 on the first day is seen before it, whatever box is ticked, and stays
    # late from that day on even once of age.
    minor = _minor_at_hire(facts)
    deadline = facts.hire_date if minor else add_months(facts.hire_date, 2 if apprentice else 3)
    if kind is VisitKind.EMA_INIT or regime.before_assignment or minor:
        assignment = _assignment_day(facts)
        # A risky post taken long after hiring does not excuse a missed hiring deadline.
        due = assignment if seen or assignment <= deadline else deadline
        if kind is VisitKind.EMA_INIT:
            text = (f"Poste à risques particuliers ({regime.reason}) : examen d'aptitude par le médecin "
                    f"du travail avant l'affectation au poste le {fr_date(assignment)}.")
            return _visit(kind, due, Performer.MDT, "art. R4624-24", text, True)
        if minor:
            age = BY_CODE[MINOR_CODE]
            text = f"Visite avant l'affectation au poste le {fr_date(facts.hire_date)} ({age.reason})."
            return _visit(kind, due, Performer.PS, age.legal_basis, text, True)
        text = f"Visite avant l'affectation au poste le {fr_date(assignment)} ({regime.before_reason})."
        return _visit(kind, due, Performer.PS, regime.before_basis, text, True)
    if apprentice:
        text = f"Apprenti : visite dans les 2 mois suivant l'embauche du {fr_date(facts.hire_date)}."
        return _visit(kind, deadline, Performer.PS, "art. R4624-10 et R6222-40-1", text)
    text = f"Visite dans les 3 mois suivant la prise de poste du {fr_date(facts.hire_date)}."
    return _visit(kind, deadline, Performer.PS, "art. R4624-10", text)


def _assignment_day(facts: EmployeeFacts) -> date:
    # A risk added after hiring needs its visit before the worker moves to the new post.
    since = facts.determinants_since
    return since if since is not None and since > facts.hire_date else facts.hire_date


def _dispensation_note(prior: PriorVisit, article: str) -> str:
    return (f"Dispense de visite initiale ({article}) grâce à la visite du {fr_date(prior.on)} "
            "chez le précédent employeur ; ")


# --- SI / SIA ----------------------------------------------------------------------------------


def _vip_visit(facts: EmployeeFacts, regime: _Regime, latest: dict[str, date]) -> DueVisit:
    last = _latest_of(latest, _FOLLOW_UP_KINDS)
    note = ""
    if last is None:
        prior = facts.previous_employment_visit
        # R4624-15 reads the regime on the first day: a minor then is an R4624-17 worker.
        years = VIP_YEARS_R4624_17 if _minor_at_hire(facts) else regime.vip_years
        if not _dispenses(prior, hire_date=facts.hire_date, kinds=_FOLLOW_UP_SET, years=years):
            return _initial(facts, regime, VisitKind.VIP_INIT)
        last, note = prior.on, _dispensation_note(prior, "art. R4624-15")
    adapted = f" (suivi adapté : {regime.adapted_reason})" if regime.vip_years == VIP_YEARS_R4624_17 else ""
    text = (f"{note}renouvellement au plus tard {regime.vip_years} ans après la visite du "
            f"{fr_date(last)}{adapted}.")
    return _visit(VisitKind.VIP_PERIOD, add_years(last, regime.vip_years), Performer.PS,
                  regime.vip_basis, text[0].upper() + text[1:])


# --- SIR ---------------------------------------------------------------------------------------


def _sir_visits(facts: EmployeeFacts, regime: _Regime, latest: dict[str, date],
                doctor: date | None, today: date) -> list[DueVisit]:
    last_exam = _latest_of(latest, _EXAM_KINDS)
    note = ""
    if last_exam is None:
        prior = facts.previous_employment_visit
        if not _dispenses(prior, hire_date=facts.hire_date, kinds=_EXAM_KINDS,
                          years=EMA_DISPENSATION_YEARS):
            seen = _latest_of(latest, _FOLLOW_UP_KINDS) is not None
            return [_initial(facts, regime, VisitKind.EMA_INIT, seen)]
        last_exam, note = prior.on, _dispensation_note(prior, "art. R4624-27")
    exam = _periodic_exam(regime, last_exam, note)
    visits = [exam]
    # RI_A and U18_REG already see the médecin yearly: no intermediate visit for them. Once the
    # exam itself is overdue, it covers the missed intermediate visit.
    if regime.exam_years > INTERMEDIATE_YEARS and exam.due_by is not None and exam.due_by >= today:
        intermediate = _intermediate(latest, last_exam if doctor is None else max(doctor, last_exam))
        if intermediate is not None:
            visits.append(intermediate)
    return visits


def _periodic_exam(regime: _Regime, last_exam: date, note: str) -> DueVisit:
    if regime.exam_kind is VisitKind.EMA_PERIOD:
        text = (f"{note}renouvellement de l'examen d'aptitude au plus tard {EMA_YEARS} ans après "
                f"celui du {fr_date(last_exam)} ({regime.reason}).")
    else:
        text = (f"{note}examen par le médecin du travail chaque année ({regime.reason}) ; "
                f"dernier examen le {fr_date(last_exam)}.")
    return _visit(regime.exam_kind, add_years(last_exam, regime.exam_years), Performer.MDT,
                  regime.exam_basis, text[0].upper() + text[1:])


def _intermediate(latest: dict[str, date], last_doctor: date) -> DueVisit | None:
    last_any = _latest_of(latest, _FOLLOW_UP_KINDS)
    if last_any is not None and last_any > last_doctor:
        return None
    text = (f"Visite intermédiaire par un professionnel de santé au plus tard {INTERMEDIATE_YEARS} ans "
            f"après la visite du médecin du travail du {fr_date(last_doctor)}.")
    return _visit(VisitKind.SIR_INTERMEDIATE, add_years(last_doctor, INTERMEDIATE_YEARS),
                  Performer.PS, "art. R4624-28", text)


# --- event-driven visits -------------------------------------------------------------------------

_REPRISE_CAUSES: dict[str, str] = {
    AbsenceKind.MATERNITY: "un congé de maternité",
    AbsenceKind.OCCUPATIONAL_DISEASE: "une absence pour maladie professionnelle",
    AbsenceKind.WORK_ACCIDENT: "une absence d'au moins 30 jours pour accident du travail",
}


def _reprise_threshold(absence: Absence) -> int:
    kind = absence.kind
    if kind == AbsenceKind.MATERNITY or kind == AbsenceKind.OCCUPATIONAL_DISEASE:
        return 1
    if kind == AbsenceKind.WORK_ACCIDENT:
        return 30
    if kind == AbsenceKind.ILLNESS or kind == AbsenceKind.NON_OCCUPATIONAL_ACCIDENT:
        return 60 if absence.start >= REPRISE_REFORM_DAY else 30
    raise ValueError(f"Unknown absence kind: {kind!r}")


def _needs_reprise(absence: Absence) -> bool:
    length = absence.length_days
    return length is not None and length >= _reprise_threshold(absence)


def _reprise_cause(absence: Absence) -> str:
    cause = _REPRISE_CAUSES.get(absence.kind)
    if cause is not None:
        return cause
    days = _reprise_threshold(absence)
    return f"une absence d'au moins {days} jours pour maladie ou accident non professionnel"


def _reprise(facts: EmployeeFacts, latest: dict[str, date]) -> DueVisit | None:
    if not facts.absences:
        return None
    # Only the last qualifying absence matters: a later reprise visit covers the earlier ones.
    absence = max((a for a in facts.absences if _needs_reprise(a)), key=_return_key, default=None)
    if absence is None:
        return None
    held = latest.get(VisitKind.REPRISE)
    if held is not None and held >= absence.start:
        return None
    back = absence.returns_on
    assert back is not None, "an absence long enough for a reprise visit has a known end"
    text = (f"Reprise du travail le {fr_date(back)} après {_reprise_cause(absence)} : visite le jour "
            "de la reprise et au plus tard dans les 8 jours.")
    return _visit(VisitKind.REPRISE, back + REPRISE_DELAY, Performer.MDT,
                  "art. L4624-2-3 et R4624-31", text)


def _return_key(absence: Absence) -> date:
    return absence.returns_on or date.min


def _mid_career(facts: EmployeeFacts, today: date, latest: dict[str, date]) -> DueVisit | None:
    year = facts.birth_date.year + MID_CAREER_AGE
    # Shown from 2 years ahead, the window in which it may be merged with another visit.
    if year < MID_CAREER_FIRST_YEAR or today.year < year - 2 or facts.hire_date.year > year:
        return None
    due = date(year, 12, 31)
    window = date(year - 2, 1, 1)
    held = latest.get(VisitKind.MI_CARRIERE)
    if held is not None and held >= window:
        return None
    text = (f"Visite de mi-carrière dans l'année des {MID_CAREER_AGE} ans, au plus tard le "
            f"{fr_date(due)} (sauf accord de branche), par le médecin du travail ou un infirmier "
            "en pratique avancée.")
    return _visit(VisitKind.MI_CARRIERE, due, Performer.MDT, "art. L4624-2-2", text)


def _post_exposure(facts: EmployeeFacts, regime: _Regime, today: date,
                   latest: dict[str, date]) -> DueVisit | None:
    leaving = facts.exit_date
    if leaving is None or not (facts.was_sir or regime.category is Category.SIR):
        return None
    # Past this point the worker can no longer ask for it (R4624-28-1).
    if today > add_months(leaving, POST_EXPOSURE_REQUEST_MONTHS) or VisitKind.POST_EXPO in latest:
        return None
    text = (f"Départ le {fr_date(leaving)} d'un salarié exposé à des risques particuliers : visite à "
            "organiser avant le départ ; le salarié peut la demander d'un mois avant à six mois "
            "après la fin de l'exposition.")
    return _visit(VisitKind.POST_EXPO, leaving, Performer.MDT, "art. L4624-2-1 et R4624-28-1", text)


# --- public API ----------------------------------------------------------------------------------


def _urgency(visit: DueVisit) -> tuple[date, bool, int]:
    return (visit.due_by or date.max, not visit.before_assignment, _KIND_ORDER[visit.kind])


def visits_due(*, facts: EmployeeFacts, today: date) -> list[DueVisit]:
    """Every visit the employee currently needs, most urgent first."""
    regime = _regime_on(facts, today)
    latest, doctor = _scan(facts)
    post = _post_exposure(facts, regime, today, latest)
    leaving = facts.exit_date
    if leaving is not None and leaving <= today:
        return [] if post is None else [post]
    if regime.category is Category.SIR:
        due = _sir_visits(facts, regime, latest, doctor, today)
    else:
        due = [_vip_visit(facts, regime, latest)]
    for extra in (_reprise(facts, latest), _mid_career(facts, today, latest), post):
        if extra is not None:
            due.append(extra)
    if leaving is not None:
        # Visits falling after the departure will never be needed.
        due = [visit for visit in due if visit.due_by is None or visit.due_by <= leaving]
    due.sort(key=_urgency)
    return due


def next_due(*, facts: EmployeeFacts, today: date) -> DueVisit | None:
    due = visits_due(facts=facts, today=today)
    return due[0] if due else None


def stable_until(*, facts: EmployeeFacts, today: date, due: list[DueVisit] | None = None) -> date | None:
    """The first day after `today` on which `visits_due` may answer differently for the same facts
    (None: never). Callers that store the answer recompute it from that day on.

    Conservative: every date at which a branch above compares `today` to something, plus the day
    after each deadline (the SIR intermediate visit is dropped once the exam is overdue)."""
    due = visits_due(facts=facts, today=today) if due is None else due
    candidates = [visit.due_by + timedelta(days=1) for visit in due if visit.due_by is not None]
    mid_career = facts.birth_date.year + MID_CAREER_AGE
    candidates.append(date(mid_career - 2, 1, 1))
    # The under-18 rules stop on the 18th birthday (R4624-17 periodicity, R4153-40 yearly exam).
    candidates.append(coming_of_age(facts.birth_date))
    leaving = facts.exit_date
    if leaving is not None:
        candidates += [leaving, leaving + timedelta(days=1),
                       add_months(leaving, POST_EXPOSURE_REQUEST_MONTHS) + timedelta(days=1)]
    return min((day for day in candidates if day > today), default=None)


def status(*, due: DueVisit | None, today: date, horizon_days: int = PLANNING_HORIZON_DAYS) -> str:
    """"a_jour", "a_planifier" (due within the horizon or before a start) or "en_retard"."""
    if due is None:
        return ComplianceStatus.A_JOUR
    if due.due_by is None:
        return ComplianceStatus.A_PLANIFIER
    if due.due_by < today or (due.before_assignment and due.due_by <= today):
        return ComplianceStatus.EN_RETARD
    if due.before_assignment or (due.due_by - today).days <= horizon_days:
        return ComplianceStatus.A_PLANIFIER
    return ComplianceStatus.A_JOUR


def employee_status(*, facts: EmployeeFacts, today: date) -> str:
    return status(due=next_due(facts=facts, today=today), today=today)
