"""Demo employees: about 40 for member 100001, a few for 100003 and 100004. Fictional people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from portail.members.models import Member
from portail.workforce import nir as nirlib
from portail.workforce.models import ContractType, Employee
from portail.workforce.services import employee_create, employee_exit

LAST_NAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFEVRE",
    "FAURE",
    "ANDRE",
    "MERCIER",
    "BLANC",
    "GUERIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANCOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
]
FIRST = {
    "H": ["Lucas", "Hugo", "Louis", "Jules", "Arthur", "Gabriel", "Nathan", "Paul"],
    "F": ["Emma", "Jade", "Louise", "Alice", "Chloé", "Léa", "Manon", "Camille"],
}
JOBS = [
    ("Cariste", "651a", ["CACES"]),
    ("Électricien", "633a", ["ELEC"]),
    ("Comptable", "461d", []),
    ("Infirmière", "431f", ["BIO2", "NIGHT"]),
    ("Maçon", "621a", ["SCAFFOLD", "LOAD55"]),
    ("Technicien laboratoire", "479a", ["CMR"]),
    ("Agent de nettoyage", "684a", []),
    ("Désamianteur", "621a", ["ASBESTOS"]),
    ("Médecin", "344b", []),
    ("Radiologue", "344b", ["RI_A"]),
]
FIXED_END = {"CDD", "APPRENTICE", "PRO", "INTERN", "SEASONAL"}


def _employee_data(rng: random.Random, index: int) -> dict:
    sex = "H" if index % 2 else "F"
    contract = list(ContractType.values)[index % len(ContractType.values)]
    birth = date(1960 + rng.randrange(40), rng.randrange(1, 13), rng.randrange(1, 28))
    hire = date(2015 + rng.randrange(9), rng.randrange(1, 13), rng.randrange(1, 28))
    job, pcs, determinants = JOBS[index % len(JOBS)]
    return {
        "birth_name": LAST_NAMES[index % len(LAST_NAMES)],
        "first_name": FIRST[sex][index % 8],
        "usage_name": "",
        "birth_date": birth,
        "sex": sex,
        "hire_date": hire,
        "job_title": job,
        "contract": contract,
        "pcs_code": pcs if index % 7 else "",
        "trial_end": None,
        "contract_end": hire + timedelta(days=365) if contract in FIXED_END else None,
        "determinants": determinants or ["NONE"],
        "scheduling_constraints": "",
        "comments": "",
        "employer_risk_justification": "",
        "nir": nirlib.generate(sex=sex, birth_date=birth, department="13", commune="055", order=100 + index),
    }


def _load_member(number: str, count: int, exits: int, seed: int) -> int:
    member = Member.objects.filter(number=number).first()
    if member is None or Employee.objects.filter(member=member).exists():
        return 0
    rng = random.Random(seed)
    for index in range(count):
        employee = employee_create(member=member, actor=None, data=_employee_data(rng, index))
        if index < exits:
            employee_exit(
                employee=employee,
                actor=None,
                exit_date=employee.hire_date + timedelta(days=400),
                exit_reason="RESIGNATION" if index % 2 else "END_CDD",
            )
    return count


def load(*, stdout) -> None:
    created = _load_member("100001", 40, 4, 1) + _load_member("100003", 5, 1, 3) + _load_member("100004", 4, 0, 4)
    stdout.write(f"  salariés : {created} créés")
