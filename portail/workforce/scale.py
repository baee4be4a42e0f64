"""Scale data: employees for every volume member, in bulk (one INSERT per 5,000 rows)."""

from datetime import date, timedelta

from portail.core.bulk import bulk_insert
from portail.followup.determinants import categorize
from portail.reference.text import fold
from portail.workforce import nir as nirlib
from portail.workforce.models import ContractType, Employee

BATCH = 5_000
LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
        "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER"]
FIRST = [("Marie", "F"), ("Jean", "H"), ("Nathalie", "F"), ("Pierre", "H"), ("Isabelle", "F"), ("Michel", "H"),
         ("Sylvie", "F"), ("Philippe", "H"), ("Inès", "F"), ("Karim", "H"), ("Léa", "F"), ("Lucas", "H")]
PROFILES = [([], 70), (["NIGHT"], 8), (["CACES"], 6), (["CMR"], 4), (["BIO2"], 4), (["ELEC", "CACES"], 4),
            (["DISABLED"], 2), (["ASBESTOS"], 2)]
FIRST_KEY = {name: fold(name).upper() for name, _ in FIRST}
CONTRACTS = [ContractType.CDI] * 7 + [ContractType.CDD, ContractType.INTERIM, ContractType.APPRENTICE]


# Categories and folded names are computed once per profile/name, not once per employee.
CATEGORY = {tuple(codes): categorize(codes=codes).category.value for codes, _ in PROFILES}
WEIGHTS = [w for _, w in PROFILES]


def _profile(rng) -> list[str]:
    return rng.choices(PROFILES, weights=WEIGHTS)[0][0]


def _employee(ctx, member_id: int, index: int) -> Employee:
    rng = ctx.rng
    last, (first, sex) = LAST[rng.randrange(len(LAST))] + f"{index % 97:02d}", FIRST[rng.randrange(len(FIRST))]
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(16_000))
    hire = max(birth + timedelta(days=18 * 366), date(2000, 1, 1) + timedelta(days=rng.randrange(9_400)))
    codes = _profile(rng)
    employee = Employee(
        member_id=member_id, birth_name=last, first_name=first, birth_date=birth, sex=sex, hire_date=hire,
        job_title="Employé polyvalent", contract=CONTRACTS[rng.randrange(len(CONTRACTS))], pcs_code="525a",
        determinants=codes, declared_category=CATEGORY[tuple(codes)],
        birth_name_key=last, first_name_key=FIRST_KEY[first],
    )
    if employee.contract != ContractType.CDI:
        employee.contract_end = hire + timedelta(days=180)
    if ctx.with_nir:
        value = nirlib.generate(sex=sex, birth_date=birth, order=index % 999 + 1, commune=f"{index // 999 % 999:03d}")
        employee.nir_encrypted, employee.nir_hash = nirlib.encrypt(value), nirlib.keyed_hash(value)
        employee.nir_masked = nirlib.mask(value)
    return employee


def generate(*, ctx, stdout) -> None:
    batch, total = [], 0
    for member_id, size in ctx.created["members"]:
        for index in range(size):
            batch.append(_employee(ctx, member_id, index))
            if len(batch) >= BATCH:
                bulk_insert(Employee, batch)
                total += len(batch)
                batch = []
    bulk_insert(Employee, batch)
    total += len(batch)
    stdout.write(f"  {total} salariés")
