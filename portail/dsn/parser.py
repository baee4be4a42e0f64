"""Streaming DSN reader: one pass over the lines, only the blocks we keep are assembled.

An envoi is `S10` (envoi) then one or more declarations, each `S20.G00.05` (déclaration) →
`S21.G00.06` (entreprise) → `S21.G00.11` (établissement) → `S21.G00.30` (individu) → `S21.G00.40`
(contrat) → `S21.G00.62` (fin du contrat), and ends with `S90.G00.90` whose first rubric counts every
rubric line of the file (S90 included) — the check that catches a truncated upload. A block instance
ends when another block starts or when a rubric number does not increase (two contracts in a row).
Every other block (remunerations, contributions, absences…) is skipped without being stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from .errors import Anomaly, DsnError
from .lines import ENCODING_LABELS, LineReader, Source
from .model import Contract, ContractEnd, DsnFile, Establishment, Individual
from .values import (
    check_siren,
    check_siret,
    clean_nir,
    nir_is_valid,
    parse_birth_date,
    parse_date,
    parse_month,
    parse_optional_date,
    parse_sex,
)

ENVOI, DECLARATION, COMPANY, ESTABLISHMENT = "S10.G00.00", "S20.G00.05", "S21.G00.06", "S21.G00.11"
INDIVIDUAL, CONTRACT, CONTRACT_END, TRAILER = "S21.G00.30", "S21.G00.40", "S21.G00.62", "S90.G00.90"
T = TypeVar("T")
KEPT_BLOCKS = frozenset({ENVOI, DECLARATION, COMPANY, ESTABLISHMENT, INDIVIDUAL, CONTRACT, CONTRACT_END, TRAILER})


@dataclass(slots=True)
class _Block:
    name: str
    line: int
    values: dict[str, tuple[str, int]] = field(default_factory=dict)

    def get(self, rubric: str) -> str:
        found = self.values.get(rubric)
        return found[0].strip() if found else ""

    def line_of(self, rubric: str) -> int:
        found = self.values.get(rubric)
        return found[1] if found else self.line

    def required(self, rubric: str, what: str) -> str:
        value = self.get(rubric)
        if not value:
            raise DsnError(f"{what} absent (rubrique {self.name}.{rubric}).", line=self.line)
        return value

    def required_date(self, rubric: str, what: str) -> date:
        return parse_date(self.required(rubric, what), f"{self.name}.{rubric}", self.line_of(rubric))

    def optional_date(self, rubric: str) -> date | None:
        return parse_optional_date(self.get(rubric), f"{self.name}.{rubric}", self.line_of(rubric))


def parse_dsn(source: Source) -> DsnFile:
    """Read a DSN (bytes, a Path, or a binary file object read line by line); raise `DsnError` if unusable."""
    reader = LineReader(source)
    builder = _Builder()
    for block in _blocks(reader):
        builder.add(block)
    return builder.finish(reader)


def _blocks(reader: LineReader) -> Iterator[_Block]:
    block: _Block | None = None
    name, last_rubric = "", ""
    for line, block_name, rubric, value in reader:
        if reader.rubric_count == 1 and block_name != ENVOI:
            raise DsnError("le fichier doit commencer par l'en-tête d'envoi (rubriques S10.G00.00).", line=line)
        if name == TRAILER and block_name != TRAILER:
            raise DsnError("contenu après la fin d'envoi (S90.G00.90) : le fichier doit s'arrêter là.", line=line)
        if block_name != name or rubric <= last_rubric:
            if block is not None:
                yield block
            name = block_name
            block = _Block(block_name, line) if block_name in KEPT_BLOCKS else None
        last_rubric = rubric
        if block is not None:
            block.values[rubric] = (value, line)
    if block is not None:
        yield block


class _Builder:
    def __init__(self) -> None:
        self.file: DsnFile | None = None
        self.declarations = 0
        self.declaration: _Block | None = None
        self.siren = ""
        self.establishment: Establishment | None = None
        self.individual: Individual | None = None
        self.contract: Contract | None = None
        self.trailer: _Block | None = None
        self.envoi: _Block | None = None
        self.anomalies: list[Anomaly] = []
        self.handlers = {
            ENVOI: self._envoi, DECLARATION: self._declaration, COMPANY: self._company,
            ESTABLISHMENT: self._establishment, INDIVIDUAL: self._individual, CONTRACT: self._contract,
            CONTRACT_END: self._contract_end, TRAILER: self._trailer,
        }

    def add(self, block: _Block) -> None:
        self.handlers[block.name](block)

    def _envoi(self, block: _Block) -> None:
        if self.envoi is not None:
            raise DsnError("second en-tête d'envoi (S10.G00.00) : un fichier ne contient qu'un envoi.",
                           line=block.line)
        self.envoi = block

    def _declaration(self, block: _Block) -> None:
        month = parse_month(block.required("005", "mois principal déclaré"), block.line_of("005"))
        if self.file is None:
            self.file = self._new_file(month)
        elif month != self.file.month:
            raise DsnError(f"deux mois dans le même fichier ({self.file.month:%m/%Y} puis {month:%m/%Y}) : "
                           f"déposez un fichier par mois.", line=block.line_of("005"))
        self.declarations += 1
        self.declaration = block
        self.siren, self.establishment, self.individual, self.contract = "", None, None, None

    def _new_file(self, month: date) -> DsnFile:
        envoi = self.envoi
        assert envoi is not None  # _blocks checked the first line
        return DsnFile(month=month, software=envoi.get("001"), norm_version=envoi.get("006"),
                       test=envoi.get("005") == "01", anomalies=self.anomalies)

    def _company(self, block: _Block) -> None:
        self._expect(self.declaration, block, "entreprise hors déclaration : le bloc S20.G00.05 manque avant")
        self.siren = check_siren(block.required("001", "SIREN de l'entreprise"), block.line_of("001"))
        self.establishment, self.individual, self.contract = None, None, None

    def _establishment(self, block: _Block) -> None:
        if not self.siren:
            raise DsnError("établissement sans entreprise : le bloc S21.G00.06 (SIREN) manque avant.",
                           line=block.line)
        nic = block.required("001", "NIC de l'établissement")
        check_siret(self.siren, nic, block.line_of("001"))
        assert self.file is not None and self.declaration is not None
        self.establishment = Establishment(
            siren=self.siren, nic=nic, declaration_nature=self.declaration.get("001"),
            declaration_type=self.declaration.get("002"), declaration_fraction=self.declaration.get("003"),
            line=block.line,
        )
        self.file.establishments.append(self.establishment)
        self.individual, self.contract = None, None

    def _individual(self, block: _Block) -> None:
        establishment = self._expect(self.establishment, block, "individu hors établissement : le bloc "
                                                                "S21.G00.11 manque avant")
        self.individual = _individual(block, self.anomalies)
        establishment.individuals.append(self.individual)
        self.contract = None

    def _contract(self, block: _Block) -> None:
        individual = self._expect(self.individual, block, "contrat sans individu : le bloc S21.G00.30 manque avant")
        self.contract = Contract(
            start_date=block.required_date("001", "date de début du contrat"),
            number=block.get("009"),
            nature=block.required("007", "nature du contrat"),
            job_title=block.get("006"),
            pcs_ese=block.get("004"),
            pcs_ese_complement=block.get("005"),
            conventional_status=block.get("002"),
            policy=block.get("008"),
            recourse=block.get("021"),
            expected_end_date=block.optional_date("010"),
            line=block.line,
        )
        individual.contracts.append(self.contract)

    def _contract_end(self, block: _Block) -> None:
        contract = self._expect(self.contract, block, "fin de contrat sans contrat : le bloc S21.G00.40 manque avant")
        contract.end = ContractEnd(
            end_date=block.required_date("001", "date de fin du contrat"),
            motive=block.required("002", "motif de la rupture du contrat"),
            line=block.line,
        )

    def _trailer(self, block: _Block) -> None:
        self.trailer = block

    @staticmethod
    def _expect(parent: T | None, block: _Block, message: str) -> T:
        if parent is None:
            raise DsnError(f"{message}.", line=block.line)
        return parent

    def finish(self, reader: LineReader) -> DsnFile:
        count = reader.rubric_count
        if count == 0:
            raise DsnError("fichier vide.", line=1)
        if self.trailer is None:
            raise DsnError("fichier incomplet : il s'arrête avant la fin d'envoi (S90.G00.90), il a sans doute "
                           "été tronqué.", line=reader.last_line)
        if self.file is None or not self.file.establishments:
            raise DsnError("aucune déclaration d'établissement (blocs S20.G00.05, S21.G00.06 et S21.G00.11).",
                           line=self.trailer.line)
        self._check_counts(self.trailer, count)
        self.file.encoding = ENCODING_LABELS[reader.encoding]
        return self.file

    def _check_counts(self, trailer: _Block, count: int) -> None:
        declared = trailer.required("001", "nombre total de rubriques")
        if declared.lstrip("0") != str(count):
            raise DsnError(f"le fichier annonce {declared.lstrip('0') or '0'} rubriques et en contient {count} : "
                           f"il est incomplet ou a été modifié (rubrique S90.G00.90.001).", line=trailer.line_of("001"))
        declarations = trailer.get("002").lstrip("0")
        if declarations and declarations != str(self.declarations):
            raise DsnError(f"le fichier annonce {declarations} déclarations et en contient {self.declarations} "
                           f"(rubrique S90.G00.90.002).", line=trailer.line_of("002"))


def _individual(block: _Block, anomalies: list[Anomaly]) -> Individual:
    nir = clean_nir(block.get("001"))
    individual = Individual(
        nir=nir,
        birth_name=block.required("002", "nom de famille"),
        first_names=block.required("004", "prénoms"),
        birth_date=parse_birth_date(block.required("006", "date de naissance"), block.line_of("006")),
        sex=parse_sex(block.get("005"), block.line_of("005")),
        usage_name=block.get("003"),
        temporary_number=block.get("020"),
        staff_number=block.get("019"),
        nir_valid=not nir or nir_is_valid(nir),
        line=block.line,
    )
    _note_identity_anomalies(individual, block, anomalies)
    return individual


def _note_identity_anomalies(individual: Individual, block: _Block, anomalies: list[Anomaly]) -> None:
    if not individual.nir_valid:
        anomalies.append(Anomaly(block.line_of("001"), "numéro de sécurité sociale (NIR) invalide, à corriger dans "
                                                      "le logiciel de paie."))
    elif not individual.nir and not individual.temporary_number:
        anomalies.append(Anomaly(block.line, "salarié sans numéro de sécurité sociale (NIR) ni numéro technique "
                                             "temporaire."))
    if individual.birth_date is None:
        anomalies.append(Anomaly(block.line_of("006"), "date de naissance incomplète (jour ou mois inconnu)."))
