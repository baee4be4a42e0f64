"""Synthetic DSN files for tests and benches: fictitious companies and people only.

Names come from Faker (fr_FR). NIRs are built with python-stdnum's check digits but always carry the
commune code 000, which INSEE never assigns, so no generated NIR can be a real person's. SIREN/SIRET carry
a Luhn check digit (python-stdnum) so the reader's checks accept them.

`synthetic_dsn()` makes a first month (several establishments, hires and exits inside the month,
apprentices, interns, seasonal and fixed-term contracts); `next_month()` moves it on by one month with
hires, exits (S21.G00.62) and job changes (S21.G00.41); `write_dsn()` / `dsn_bytes()` write it in the
norm's line format, with remuneration and contribution blocks around our blocks as a payroll
software would (set `payroll=False` for a bare file). Needs the dev dependency Faker.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO

from faker import Faker
from stdnum import luhn
from stdnum.fr import nir as stdnum_nir

from portail.reference import pcs_all

from .model import Contract, ContractEnd, DsnFile, Establishment, Individual
from .values import SEXES

SOFTWARE, NORM_VERSION = "PAIE SYNTHETIQUE", "P26V01"
_DSN_SEX = {portal: dsn for dsn, portal in SEXES.items()}
_DEPARTMENTS = ("75", "13", "69", "59", "33", "2A", "2B", "31", "44", "67", "971", "99")
# (weight, nature, policy, recourse, months of an expected end or 0): shares close to a private employer's.
_CONTRACT_MIX = (
    (64, "01", "", "", 0),
    (10, "02", "", "01", 6),
    (4, "02", "", "03", 4),
    (3, "02", "", "05", 2),
    (3, "02", "64", "", 24),
    (2, "01", "65", "", 0),
    (3, "02", "61", "", 12),
    (3, "29", "", "", 3),
    (2, "07", "", "", 0),
    (1, "03", "", "02", 1),
    (1, "80", "", "", 0),
    (4, "02", "", "02", 3),
)
_WEIGHTS = [row[0] for row in _CONTRACT_MIX]
# Statut conventionnel (S21.G00.40.002) from the PCS-ESE group: cadres 04, intermédiaires 05, employés 06…
_STATUS_BY_GROUP = {"1": "01", "2": "02", "3": "04", "4": "05", "5": "06", "6": "07"}
_EXIT_MOTIVES = ("059", "043", "034", "035", "020", "039", "087", "066")


@dataclass
class SyntheticMonth:
    """One generated month and what changed since the previous one (for diff tests)."""

    dsn: DsnFile
    hired: list[Individual] = field(default_factory=list)
    left: list[Individual] = field(default_factory=list)
    changed: list[Individual] = field(default_factory=list)
    # id(contract) → (date of the change, former PCS-ESE), written as S21.G00.41.
    previous_pcs: dict[int, tuple[date, str]] = field(default_factory=dict)


class _People:
    """Seeded source of fictitious people and contracts."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(seed)
        self.professions = [p for p in pcs_all() if p.code[0] in "3456"]
        self.serial = 0

    def individual(self, *, hired_in: date | None, month: date) -> Individual:
        self.serial += 1
        mix = self.rng.choices(_CONTRACT_MIX, weights=_WEIGHTS)[0]
        apprentice = mix[2] in ("64", "65")
        sex = self.rng.choice("HF")
        birth = _birth_date(self.rng, month, young=apprentice or mix[1] == "29")
        person = Individual(
            nir=_nir(self.rng, sex, birth), birth_name=self._last_name(), first_names=self._first_names(sex),
            birth_date=birth, sex=sex, staff_number=f"M{self.serial:06d}",
        )
        if sex == "F" and self.rng.random() < 0.2:
            person.usage_name = self._last_name()
        if hired_in is not None and self.rng.random() < 0.05:
            # A new hire whose NIR is not known yet: the payroll software sends a technical number instead.
            person.nir, person.temporary_number = "", f"NTT{self.serial:011d}"
        person.contracts.append(self.contract(mix, hired_in or _seniority(self.rng, birth, month)))
        return person

    def contract(self, mix: tuple[int, str, str, str, int], start: date) -> Contract:
        _, nature, policy, recourse, months = mix
        profession = self.rng.choice(self.professions)
        return Contract(
            start_date=start, number=f"{self.serial:05d}", nature=nature, job_title=profession.label[:120].rstrip(),
            pcs_ese=profession.code, conventional_status=_STATUS_BY_GROUP[profession.code[0]],
            policy=policy or "99", recourse=recourse,
            expected_end_date=start + timedelta(days=30 * months) if months else None,
        )

    def _last_name(self) -> str:
        name = self.faker.last_name().upper()
        # Now and then an apostrophe, which the file format doubles inside quotes.
        return f"D'{name}" if name[0] in "AEIOU" and self.rng.random() < 0.3 else name

    def _first_names(self, sex: str) -> str:
        first = self.faker.first_name_male if sex == "H" else self.faker.first_name_female
        return " ".join(first() for _ in range(self.rng.choice((1, 1, 2))))


def synthetic_dsn(*, employees: int, establishments: int = 2, month: date = date(2026, 1, 1), seed: int = 0,
                  hires: int = 0, exits: int = 0) -> SyntheticMonth:
    """A monthly DSN of one company: `employees` spread over `establishments`, `hires` of them hired during
    the month and `exits` leaving during it (S21.G00.62)."""
    people = _People(seed)
    siren = _siren(people.rng)
    dsn = DsnFile(month=month, software=SOFTWARE, norm_version=NORM_VERSION)
    for index in range(establishments):
        dsn.establishments.append(Establishment(siren=siren, nic=_nic(siren, index + 1)))
    generated = SyntheticMonth(dsn)
    for number in range(employees):
        hired_in = _day_in(people.rng, month) if number < hires else None
        person = people.individual(hired_in=hired_in, month=month)
        dsn.establishments[number % establishments].individuals.append(person)
        if hired_in:
            generated.hired.append(person)
    _leave(people.rng, dsn, exits, generated)
    return generated


def next_month(previous: SyntheticMonth, *, seed: int, hires: int = 0, exits: int = 0,
               job_changes: int = 0) -> SyntheticMonth:
    """The following month: who left last month is gone, `hires` arrive, `exits` leave, `job_changes` change
    job (new PCS-ESE and job title, declared with S21.G00.41)."""
    month = _add_month(previous.dsn.month)
    dsn = copy.deepcopy(previous.dsn)
    dsn.month = month
    for establishment in dsn.establishments:
        establishment.individuals = [p for p in establishment.individuals if p.current_contracts]
    people = _People(seed)
    people.serial = 100_000 + seed * 10_000  # contract numbers and staff numbers stay unique across months
    generated = SyntheticMonth(dsn)
    for number in range(hires):
        person = people.individual(hired_in=_day_in(people.rng, month), month=month)
        dsn.establishments[number % len(dsn.establishments)].individuals.append(person)
        generated.hired.append(person)
    hired = {id(p) for p in generated.hired}
    stayers = [p for _, p in dsn.individuals() if id(p) not in hired]
    _change_jobs(people, stayers, job_changes, generated)
    changed = {id(p) for p in generated.changed}
    _leave(people.rng, dsn, exits, generated, among=[p for p in stayers if id(p) not in changed])
    return generated


def _change_jobs(people: _People, stayers: list[Individual], count: int, generated: SyntheticMonth) -> None:
    for person in people.rng.sample(stayers, min(count, len(stayers))):
        contract = person.current_contracts[-1]
        generated.previous_pcs[id(contract)] = (generated.dsn.month, contract.pcs_ese)
        profession = people.rng.choice(people.professions)
        contract.pcs_ese, contract.job_title = profession.code, profession.label[:120].rstrip()
        contract.conventional_status = _STATUS_BY_GROUP[profession.code[0]]
        generated.changed.append(person)


def _leave(rng: random.Random, dsn: DsnFile, count: int, generated: SyntheticMonth,
           among: list[Individual] | None = None) -> None:
    hired = {id(p) for p in generated.hired}
    candidates = among if among is not None else [p for _, p in dsn.individuals() if id(p) not in hired]
    for person in rng.sample(candidates, min(count, len(candidates))):
        contract = person.contracts[-1]
        contract.end = ContractEnd(end_date=_day_in(rng, dsn.month), motive=_exit_motive(rng, contract))
        generated.left.append(person)


def _exit_motive(rng: random.Random, contract: Contract) -> str:
    if contract.policy in ("64", "65"):
        return "081"
    if contract.nature == "02":
        return "031"
    if contract.nature == "03":
        return "032"
    if contract.nature == "29":
        return "999"
    if contract.nature == "80":
        return "085"
    return rng.choice(_EXIT_MOTIVES)


def dsn_bytes(generated: SyntheticMonth | DsnFile, *, encoding: str = "iso-8859-1", payroll: bool = True,
              newline: str = "\r\n") -> bytes:
    lines = _with_trailer(list(_lines(generated, payroll)))
    return "".join(f"{line}{newline}" for line in lines).encode(encoding)


def write_dsn(generated: SyntheticMonth | DsnFile, stream: IO[bytes], *, encoding: str = "iso-8859-1",
              payroll: bool = True) -> int:
    """Write line by line (a 20,000-employee file never sits in memory as text); returns the line count."""
    count = 0
    for line in _lines(generated, payroll):
        stream.write(f"{line}\r\n".encode(encoding))
        count += 1
    declarations = len(_dsn(generated).establishments)
    for line in _trailer(count + 2, declarations):
        stream.write(f"{line}\r\n".encode(encoding))
    return count + 2


def _dsn(generated: SyntheticMonth | DsnFile) -> DsnFile:
    return generated.dsn if isinstance(generated, SyntheticMonth) else generated


def _with_trailer(lines: list[str]) -> list[str]:
    declarations = sum(1 for line in lines if line.startswith("S20.G00.05.001,"))
    return [*lines, *_trailer(len(lines) + 2, declarations)]


def _trailer(total: int, declarations: int) -> list[str]:
    return [_rubric("S90.G00.90.001", str(total)), _rubric("S90.G00.90.002", str(declarations))]


def _lines(generated: SyntheticMonth | DsnFile, payroll: bool) -> Iterator[str]:
    dsn = _dsn(generated)
    changes = generated.previous_pcs if isinstance(generated, SyntheticMonth) else {}
    yield from _envoi_lines(dsn)
    for order, establishment in enumerate(dsn.establishments, start=1):
        yield from _declaration_lines(dsn, establishment, order)
        for person in establishment.individuals:
            yield from _individual_lines(person, establishment, dsn.month, changes, payroll)


def _rubric(code: str, value: str) -> str:
    return f"{code},'{value.replace(chr(39), chr(39) * 2)}'"


def _block(block: str, values: dict[str, str | date | None]) -> Iterator[str]:
    for number, value in values.items():
        if value is None or value == "":
            continue
        yield _rubric(f"{block}.{number}", value.strftime("%d%m%Y") if isinstance(value, date) else value)


def _envoi_lines(dsn: DsnFile) -> Iterator[str]:
    siren = dsn.establishments[0].siren
    yield from _block("S10.G00.00", {"001": dsn.software, "002": "EDITEUR FICTIF", "003": "1.0", "005":
                                     "01" if dsn.test else "02", "006": dsn.norm_version, "008": "01"})
    yield from _block("S10.G00.01", {"001": siren, "002": dsn.establishments[0].nic, "003": "CABINET FICTIF",
                                     "004": "1 RUE DE L'EXEMPLE", "005": "75001", "006": "PARIS"})
    yield from _block("S10.G00.02", {"001": "01", "002": "SERVICE PAIE", "004": "paie@example.org"})


def _declaration_lines(dsn: DsnFile, establishment: Establishment, order: int) -> Iterator[str]:
    yield from _block("S20.G00.05", {"001": establishment.declaration_nature, "002": establishment.declaration_type,
                                     "003": establishment.declaration_fraction, "004": str(order), "005": dsn.month, "007": dsn.month,
                                     "008": "01", "010": "01"})
    yield from _block("S21.G00.06", {"001": establishment.siren, "002": dsn.establishments[0].nic, "003": "8621Z",
                                     "004": "2 AVENUE FICTIVE", "005": "13001", "006": "MARSEILLE"})
    yield from _block("S21.G00.11", {"001": establishment.nic, "002": "8621Z", "003": "3 PLACE DU TEST",
                                     "004": "13002", "005": "MARSEILLE"})


def _individual_lines(person: Individual, establishment: Establishment, month: date,
                      changes: dict[int, tuple[date, str]], payroll: bool) -> Iterator[str]:
    yield from _block("S21.G00.30", {
        "001": person.nir, "002": person.birth_name, "003": person.usage_name, "004": person.first_names,
        "005": _DSN_SEX.get(person.sex, ""), "006": person.birth_date, "007": "PARIS",
        "019": person.staff_number, "020": person.temporary_number,
    })
    for contract in person.contracts:
        yield from _contract_lines(contract, establishment, changes.get(id(contract)))
    if payroll:
        yield from _payroll_lines(person, month)


def _contract_lines(contract: Contract, establishment: Establishment,
                    change: tuple[date, str] | None) -> Iterator[str]:
    yield from _block("S21.G00.40", {
        "001": contract.start_date, "002": contract.conventional_status, "003": "04", "004": contract.pcs_ese,
        "005": contract.pcs_ese_complement, "006": contract.job_title, "007": contract.nature,
        "008": contract.policy, "009": contract.number, "010": contract.expected_end_date, "011": "10",
        "012": "151.67", "013": "151.67", "014": "10", "016": "99", "018": "200", "019": establishment.siret,
        "020": "200", "021": contract.recourse, "024": "99", "026": "99",
    })
    if change:
        yield from _block("S21.G00.41", {"001": change[0], "019": change[1]})
    if contract.end:
        yield from _block("S21.G00.62", {"001": contract.end.end_date, "002": contract.end.motive})


def _payroll_lines(person: Individual, month: date) -> Iterator[str]:
    last_day = _add_month(month) - timedelta(days=1)
    number = person.contracts[-1].number
    yield from _block("S21.G00.50", {"001": last_day, "002": "1843.27", "003": "1", "004": "1790.12"})
    for kind, amount in (("001", "2300.00"), ("002", "2300.00"), ("003", "2300.00")):
        yield from _block("S21.G00.51", {"001": month, "002": last_day, "010": number, "011": kind, "013": amount})
    for code in ("02", "03", "07"):
        yield from _block("S21.G00.78", {"001": code, "002": month, "003": last_day, "004": "2300.00"})
        for contribution in ("045", "068", "076"):
            yield from _block("S21.G00.81", {"001": contribution, "003": "2300.00", "004": "154.10"})


def _nir(rng: random.Random, sex: str, birth: date) -> str:
    department = rng.choice(_DEPARTMENTS)
    place = f"{department}{'0' * (5 - len(department))}"  # commune "000" (or "00" after a 3-digit DOM code)
    nir = f"{'1' if sex == 'H' else '2'}{birth:%y%m}{place}{rng.randrange(1, 1000):03d}"
    assert stdnum_nir.is_valid(nir + stdnum_nir.calc_check_digits(nir))
    return nir


def _siren(rng: random.Random) -> str:
    base = f"{rng.randrange(10_000_000, 99_999_999)}"
    return base + luhn.calc_check_digit(base)


def _nic(siren: str, index: int) -> str:
    base = f"{index:04d}"
    return base + luhn.calc_check_digit(siren + base)


def _birth_date(rng: random.Random, month: date, *, young: bool) -> date:
    age_days = rng.randrange(16 * 365, 25 * 365) if young else rng.randrange(18 * 365, 64 * 365)
    return month - timedelta(days=age_days)


def _seniority(rng: random.Random, birth: date, month: date) -> date:
    earliest = max(birth + timedelta(days=16 * 365), month - timedelta(days=30 * 365))
    return earliest + timedelta(days=rng.randrange(max((month - earliest).days - 31, 1)))


def _day_in(rng: random.Random, month: date) -> date:
    return month + timedelta(days=rng.randrange((_add_month(month) - month).days))


def _add_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
