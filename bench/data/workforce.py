"""Scale data: employees for every volume member, streamed as plain rows (COPY on PostgreSQL)."""

import json
from array import array
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from bench.data.bulk import copy_rows, copy_text, deferred_indexes, reserve_ids
from portail.followup.determinants import categorize
from portail.reference.text import fold
from portail.workforce import nir as nirlib
from portail.workforce.models import ContractType, Employee

LAST = [
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "RICHARD",
    "PETIT",
    "DURAND",
    "LEROY",
    "MOREAU",
    "SIMON",
    "LAURENT",
    "LEFEBVRE",
    "MICHEL",
    "GARCIA",
    "DAVID",
    "BERTRAND",
    "ROUX",
    "VINCENT",
    "FOURNIER",
]
FIRST = [
    ("Marie", "F"),
    ("Jean", "H"),
    ("Nathalie", "F"),
    ("Pierre", "H"),
    ("Isabelle", "F"),
    ("Michel", "H"),
    ("Sylvie", "F"),
    ("Philippe", "H"),
    ("Inès", "F"),
    ("Karim", "H"),
    ("Léa", "F"),
    ("Lucas", "H"),
]
PROFILES = [
    ([], 70),
    (["NIGHT"], 8),
    (["CACES"], 6),
    (["CMR"], 4),
    (["BIO2"], 4),
    (["ELEC", "CACES"], 4),
    (["DISABLED"], 2),
    (["ASBESTOS"], 2),
]
FIRST_KEY = {name: fold(name).upper() for name, _ in FIRST}
CONTRACTS = [c.value for c in [ContractType.CDI] * 7 + [ContractType.CDD, ContractType.INTERIM, ContractType.APPRENTICE]]


# Categories and folded names are computed once per profile/name, not once per employee.
CATEGORY = {tuple(codes): categorize(codes=codes).category.value for codes, _ in PROFILES}
PROFILE_TABLE = [codes for codes, weight in PROFILES for _ in range(weight)]  # weights out of 100
EPOCH, HIRE_EPOCH = date(1960, 1, 1), date(2000, 1, 1)


COLUMNS = ["id", "member_id", "birth_name", "usage_name", "first_name", "birth_date", "sex", "nir_encrypted", "nir_hash",
           "nir_masked", "nir_temporary", "birth_name_key", "usage_name_key", "first_name_key", "hire_date",
           "job_title", "contract", "pcs_code", "trial_end", "contract_end", "determinants",
           "employer_risk_justification", "declared_category", "service_category", "scheduling_constraints",
           "comments", "exit_date", "exit_reason", "created", "updated", "created_by_id"]
CREATED = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)  # fixed: same seed, same rows


class NirCache:
    """One Fernet encryption and one keyed hash per distinct NIR value, not per employee.

    A generated NIR depends only on sex, birth year and month and the employee's rank in the company, so the
    same value recurs across companies (fictional people; unique within a company as the constraint asks).
    Each row still holds the real ciphertext, hash and mask of its own NIR — decrypting gives that NIR back —
    only the random IV is shared between rows carrying the same value. That divides the crypto cost by ~9 on L.
    """

    def __init__(self):
        self.values: dict[tuple, tuple[str, str, str]] = {}
        self.fernet = nirlib._fernet()  # one instance: nirlib.encrypt builds one per call (half its cost)

    def get(self, sex: str, birth: date, index: int) -> tuple[str, str, str]:
        key = (sex, birth.year, birth.month, index)
        found = self.values.get(key)
        if found is None:
            value = nirlib.generate(sex=sex, birth_date=birth, order=index % 999 + 1, commune=f"{index // 999 % 999:03d}")
            encrypted = self.fernet.encrypt(value.encode()).decode()  # what nirlib.encrypt returns
            found = self.values[key] = (encrypted, nirlib.keyed_hash(value), nirlib.mask(value))
        return found


# Every date the generator can draw, by day offset from EPOCH, with its COPY text: a list lookup per date
# instead of timedelta arithmetic and formatting per employee (1.5 million rows on tier L).
DAYS = [EPOCH + timedelta(days=offset) for offset in range((HIRE_EPOCH - EPOCH).days + 9_400 + 180)]
DAY_TEXT = [str(day) for day in DAYS]
ADULT, HIRE_START = 18 * 366, (HIRE_EPOCH - EPOCH).days
SUFFIX = [f"{n:02d}" for n in range(97)]


def _draw(rnd, nirs: NirCache | None, member_id: int, index: int) -> tuple:
    """The values that vary from one employee to the next (dates as offsets into DAYS); the rest is constant."""
    # int(rnd() * n) rather than randrange: a fifth of the cost, as deterministic with the seed.
    last, (first, sex) = LAST[int(rnd() * len(LAST))] + SUFFIX[index % 97], FIRST[int(rnd() * len(FIRST))]
    birth = int(rnd() * 16_000)
    hire = max(birth + ADULT, HIRE_START + int(rnd() * 9_400))
    codes = PROFILE_TABLE[int(rnd() * len(PROFILE_TABLE))]
    contract = CONTRACTS[int(rnd() * len(CONTRACTS))]
    contract_end = None if contract == ContractType.CDI else hire + 180
    encrypted, hashed, masked = nirs.get(sex, DAYS[birth], index) if nirs else ("", "", "")
    return member_id, last, first, birth, sex, encrypted, hashed, masked, hire, contract, contract_end, codes


def _employee(pk: int, values: tuple) -> tuple:
    member_id, last, first, birth, sex, encrypted, hashed, masked, hire, contract, contract_end, codes = values
    return (pk, member_id, last, "", first, DAYS[birth], sex, encrypted, hashed, masked, False, last, "", FIRST_KEY[first],
            DAYS[hire], "Employé polyvalent", contract, "525a", None,
            None if contract_end is None else DAYS[contract_end], codes, "", CATEGORY[tuple(codes)], None, "", "",
            None, "", CREATED, CREATED, None)


# COPY text of the constant parts of a row, for the PostgreSQL path (the same values as _employee's).
CODES_TEXT = {id(codes): (json.dumps(codes), CATEGORY[tuple(codes)]) for codes in PROFILE_TABLE}
TAIL_TEXT = f"\\N\t\t\t\\N\t\t{CREATED}\t{CREATED}\t\\N"


def _line(pk: int, values: tuple) -> str:
    """_employee's row as one line of COPY text (names, NIR values and codes hold no tab, newline or backslash)."""
    member_id, last, first, birth, sex, encrypted, hashed, masked, hire, contract, contract_end, codes = values
    codes_json, category = CODES_TEXT[id(codes)]
    end = "\\N" if contract_end is None else DAY_TEXT[contract_end]
    return (f"{pk}\t{member_id}\t{last}\t\t{first}\t{DAY_TEXT[birth]}\t{sex}\t{encrypted}\t{hashed}\t{masked}\tf\t"
            f"{last}\t\t{FIRST_KEY[first]}\t{DAY_TEXT[hire]}\tEmployé polyvalent\t{contract}\t525a\t\\N\t{end}\t"
            f"{codes_json}\t\t{category}\t{TAIL_TEXT}")


def _rows(ctx, shape, first_id: int, hires: array):
    """Rows in id order; records each hire date (as its offset into DAYS) for present_employees."""
    nirs = NirCache() if ctx.with_nir else None
    rnd = ctx.rng.random
    for member_id, size in ctx.created["members"]:
        for index in range(size):
            values = _draw(rnd, nirs, member_id, index)
            hires.append(values[8])
            yield shape(first_id + len(hires) - 1, values)


def present_employees(ctx):
    """(id, member id, hire date) of every generated employee, in id order — none has left — so later apps
    need not read 1.5 million rows back on tier L."""
    first_id, hires = ctx.created["employees"]
    pk = first_id
    for member_id, size in ctx.created["members"]:
        for _ in range(size):
            yield pk, member_id, DAYS[hires[pk - first_id]]
            pk += 1


def generate(*, ctx, stdout) -> None:
    # Ids reserved up front, so the rows need not be read back (present_employees).
    first_id = reserve_ids(Employee, sum(size for _, size in ctx.created["members"]))
    hires = array("H")  # two bytes per employee
    # Secondary indexes are rebuilt once after the load rather than maintained row by row.
    with deferred_indexes(Employee):
        if connection.vendor == "postgresql":
            total = copy_text(Employee, COLUMNS, _rows(ctx, _line, first_id, hires))
        else:
            total = copy_rows(Employee, COLUMNS, _rows(ctx, _employee, first_id, hires))
    ctx.created["employees"] = (first_id, hires)
    print(f"  {total} salariés", file=stdout)
