"""What the reader returns: plain dataclasses, one per DSN block we keep.

`line` fields (where the block starts in the file) are left out of equality, so a parsed file compares
equal to the one the generator wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from stdnum.fr import nir as stdnum_nir

from portail.followup.visit_types import Contract as ContractKind

from . import contracts
from .errors import Anomaly


@dataclass(slots=True)
class ContractEnd:
    """S21.G00.62 « Fin du contrat »."""

    end_date: date
    motive: str  # S21.G00.62.002, e.g. "059" démission
    line: int = field(default=0, compare=False, repr=False)

    @property
    def is_cancellation(self) -> bool:
        """Motive 099 cancels an end declared in an earlier month: the contract goes on."""
        return self.motive == contracts.CANCELLATION_MOTIVE

    @property
    def exit_reason(self) -> str | None:
        return contracts.exit_reason(self.motive)

    @property
    def motive_label(self) -> str:
        return contracts.exit_motive_label(self.motive)


@dataclass(slots=True)
class Contract:
    """S21.G00.40 « Contrat (contrat de travail, convention, mandat) »."""

    start_date: date
    number: str
    nature: str  # S21.G00.40.007, e.g. "01" CDI de droit privé
    job_title: str = ""
    pcs_ese: str = ""
    pcs_ese_complement: str = ""
    conventional_status: str = ""  # S21.G00.40.002 « Statut du salarié (conventionnel) »
    policy: str = ""  # S21.G00.40.008 « Dispositif de politique publique et conventionnel »
    recourse: str = ""  # S21.G00.40.021 « Motif de recours »
    expected_end_date: date | None = None
    end: ContractEnd | None = None
    line: int = field(default=0, compare=False, repr=False)

    @property
    def kind(self) -> ContractKind:
        return contracts.contract_kind(self.nature, policy=self.policy, recourse=self.recourse)

    @property
    def is_employment(self) -> bool:
        return contracts.is_employment(self.nature)

    @property
    def ended(self) -> bool:
        return self.end is not None and not self.end.is_cancellation


@dataclass(slots=True)
class Individual:
    """S21.G00.30 « Individu »; `nir` is the 13 characters the norm carries (no key), or 15 if sent with it."""

    nir: str = field(repr=False)  # kept out of repr so a traceback or a log line never shows it
    birth_name: str
    first_names: str
    birth_date: date | None  # None when the norm's "unknown day or month" (00 / 99) was declared
    sex: str = ""  # "H" / "F", the portal's codes (DSN 01 / 02)
    usage_name: str = ""
    temporary_number: str = ""  # S21.G00.30.020 NTT, given while the NIR is not known
    staff_number: str = ""  # S21.G00.30.019 « Matricule de l'individu dans l'entreprise »
    nir_valid: bool = True
    contracts: list[Contract] = field(default_factory=list)
    line: int = field(default=0, compare=False, repr=False)

    @property
    def nir_with_key(self) -> str:
        """The 15-character NIR (key computed from the 13 the DSN carries); "" when the NIR is not usable."""
        if not self.nir_valid or len(self.nir) not in (13, 15):
            return ""
        return self.nir if len(self.nir) == 15 else self.nir + stdnum_nir.calc_check_digits(self.nir)

    @property
    def current_contracts(self) -> list[Contract]:
        return [c for c in self.contracts if not c.ended]


@dataclass(slots=True)
class Establishment:
    """S21.G00.11 « Établissement », with the S21.G00.06 SIREN and S20.G00.05 declaration it belongs to."""

    siren: str
    nic: str
    declaration_nature: str = "01"  # S20.G00.05.001, "01" DSN mensuelle
    declaration_type: str = "01"  # S20.G00.05.002, "01" normale
    # S20.G00.05.003: "11" = fraction 1 of 1. A "12" file lists only part of the staff: absent ≠ gone.
    declaration_fraction: str = "11"
    individuals: list[Individual] = field(default_factory=list)
    line: int = field(default=0, compare=False, repr=False)

    @property
    def siret(self) -> str:
        return self.siren + self.nic


@dataclass(slots=True)
class DsnFile:
    month: date  # first day of S20.G00.05.005, the one month every declaration of the file is about
    establishments: list[Establishment] = field(default_factory=list)
    software: str = ""  # S10.G00.00.001
    norm_version: str = ""  # S10.G00.00.006, e.g. "P26V01"
    test: bool = False  # S10.G00.00.005 "01": a test send, not to be applied
    encoding: str = field(default="", compare=False)  # as detected: "ISO-8859-1", "UTF-8" or "ASCII"
    anomalies: list[Anomaly] = field(default_factory=list, compare=False)

    def individuals(self) -> Iterator[tuple[Establishment, Individual]]:
        for establishment in self.establishments:
            for individual in establishment.individuals:
                yield establishment, individual
