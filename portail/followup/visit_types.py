"""Inputs and outputs of the visit-rules engine (REFERENCE §2); plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A code and its French label, each member written `NAME = "CODE", "label"`."""

    _value_: str
    label: str

    # `label`'s default only lets a lookup by value (`VisitKind("REPRISE")`) type-check: Enum never calls
    # `__new__` for a lookup.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_, member.label = value, label
        return member


class VisitKind(Labelled):
    VIP_INIT = "VIP_INIT", "Visite d'information et de prévention initiale"
    VIP_PERIOD = "VIP_PERIOD", "Visite d'information et de prévention périodique"
    EMA_INIT = "EMA_INIT", "Examen médical d'aptitude à l'embauche"
    EMA_PERIOD = "EMA_PERIOD", "Examen médical d'aptitude périodique"
    SIR_INTERMEDIATE = "SIR_INTERMEDIATE", "Visite intermédiaire (suivi individuel renforcé)"
    RI_A_ANNUAL = "RI_A_ANNUAL", "Examen médical annuel (rayonnements ionisants catégorie A)"
    U18_REG_ANNUAL = "U18_REG_ANNUAL", "Examen médical annuel (mineur affecté à des travaux réglementés)"
    REPRISE = "REPRISE", "Visite de reprise"
    MI_CARRIERE = "MI_CARRIERE", "Visite de mi-carrière"
    POST_EXPO = "POST_EXPO", "Visite de fin d'exposition ou de fin de carrière"


class Performer(StrEnum):
    MDT = "MDT"
    PS = "PS"

    @property
    def label(self) -> str:
        return "médecin du travail" if self is Performer.MDT else "professionnel de santé"


class Contract(StrEnum):
    CDI = "CDI"
    CDD = "CDD"
    INTERIM = "INTERIM"
    APPRENTICE = "APPRENTICE"
    PRO = "PRO"
    INTERN = "INTERN"
    SEASONAL = "SEASONAL"
    OTHER = "OTHER"


class AbsenceKind(StrEnum):
    MATERNITY = "MATERNITY"
    OCCUPATIONAL_DISEASE = "OCCUPATIONAL_DISEASE"
    WORK_ACCIDENT = "WORK_ACCIDENT"
    ILLNESS = "ILLNESS"
    NON_OCCUPATIONAL_ACCIDENT = "NON_OCCUPATIONAL_ACCIDENT"


class ComplianceStatus(Labelled):
    A_JOUR = "a_jour", "À jour"
    A_PLANIFIER = "a_planifier", "À planifier"
    EN_RETARD = "en_retard", "En retard"


@dataclass(frozen=True, slots=True)
class PastVisit:
    kind: str
    on: date
    by_doctor: bool = False


@dataclass(frozen=True, slots=True)
class Absence:
    kind: str
    start: date
    end: date | None = None
    # An explicit return date wins: the worker may come back after a weekend or a holiday.
    return_date: date | None = None

    @property
    def returns_on(self) -> date | None:
        if self.return_date is not None:
            return self.return_date
        return None if self.end is None else self.end + timedelta(days=1)

    @property
    def length_days(self) -> int | None:
        """Calendar days off, both ends included; None while the end is unknown."""
        if self.end is not None:
            return (self.end - self.start).days + 1
        return None if self.return_date is None else (self.return_date - self.start).days


@dataclass(frozen=True, slots=True)
class PriorVisit:
    """Last visit with a previous employer, the ground for a dispensation (R4624-15, R4624-27)."""

    kind: str
    on: date
    same_job: bool
    no_inaptitude: bool
    attestation_available: bool


@dataclass(frozen=True, slots=True)
class EmployeeFacts:
    birth_date: date
    hire_date: date
    contract: str = Contract.CDI
    determinants: frozenset[str] = frozenset()
    determinants_since: date | None = None
    # Visits of this employment, including an exam held just before the first day.
    past_visits: tuple[PastVisit, ...] = ()
    absences: tuple[Absence, ...] = ()
    exit_date: date | None = None
    was_sir: bool = False
    previous_employment_visit: PriorVisit | None = None


@dataclass(frozen=True, slots=True)
class DueVisit:
    kind: VisitKind
    label: str
    due_by: date | None
    before_assignment: bool
    performer: Performer
    legal_basis: str
    explanation: str
