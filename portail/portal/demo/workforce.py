"""Demo employees: 40 for member 100001, a few for 100003 and 100004. Fictional people.

Every date is counted from today (or from the current campaign's reference date, 1 January), so the story holds
whatever the day the demo is loaded: contracts agree with their dates (a fixed-term contract still running ends
in the future, a former employee left on their contract's end date or for a stated reason), one exit is planned,
and member 100001's open declaration lists a handful of problems to fix before it can be transmitted — three
fixed-term contracts over before the reference date with no exit recorded, and one employee the service
follows in SIR for whom the employer ticked no risk — plus three missing PCS codes, which do not block.
`ROLES` names the employees whose visit history appointments/demo.py tells (due soon, late, requested…).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portail.members.models import Member
from portail.workforce import nir as nirlib
from portail.workforce.models import Employee
from portail.workforce.services import employee_create, employee_exit

# (job title, PCS code, determinants): mostly simple follow-up, as in a real workforce.
JOBS = {
    "compta": ("Comptable", "461d", []),
    "menage": ("Agent de nettoyage", "684a", []),
    "cariste": ("Cariste", "651a", ["CACES"]),
    "livreur": ("Chauffeur-livreur", "643a", []),
    "commercial": ("Technicien commercial", "463a", []),
    "infirmiere": ("Infirmière", "431f", ["BIO2", "NIGHT"]),
    "electricien": ("Électricien", "633a", ["ELEC"]),
    "qualite": ("Technicien qualité", "475b", []),
    "mecanicien": ("Mécanicien", "634c", []),
    "labo": ("Technicien laboratoire", "479a", ["CMR"]),
    "macon": ("Maçon", "621a", ["SCAFFOLD", "LOAD55"]),
    "medecin": ("Médecin", "344b", []),
    "amiante": ("Désamianteur", "621a", ["ASBESTOS"]),
    "radio": ("Radiologue", "344b", ["RI_A"]),
}


@dataclass(frozen=True)
class Person:
    """One demo employee. Days are counted back from today (`hired`, `ends` when negative is in the past) unless
    `from_reference` says they count from the reference date (1 January of this year)."""

    name: str
    first: str
    sex: str
    age: int
    job: str
    contract: str = "CDI"
    hired: int = 2000  # days before today (or before the reference date)
    ends: int | None = None  # contract end, days after today (or after the reference date), fixed-term only
    exit: int | None = None  # exit date, days after today (negative: in the past)
    reason: str = ""
    from_reference: bool = False
    pcs: bool = True
    role: str = ""


P = Person
MAIN = [
    # Permanent contracts, most of them up to date with their visits.
    P("MARTIN", "Emma", "F", 38, "compta", hired=3100, role="attestation"),
    P("BERNARD", "Lucas", "H", 52, "menage", hired=4200, role="due_soon"),
    P("THOMAS", "Hugo", "H", 35, "livreur", hired=2600, role="tomorrow"),
    P("PETIT", "Jade", "F", 41, "commercial", hired=2500, role="no_show"),
    P("ROBERT", "Louis", "H", 33, "qualite", hired=2300, role="cancelled"),
    P("RICHARD", "Louise", "F", 39, "mecanicien", hired=2900, role="excused"),
    P("DURAND", "Jules", "H", 30, "compta", hired=2250, role="requested"),
    P("DUBOIS", "Alice", "F", 37, "menage", hired=2700, role="requested"),
    P("MOREAU", "Arthur", "H", 40, "cariste", hired=3300, role="reprise"),
    P("LAURENT", "Chloé", "F", 31, "commercial", hired=1400, exit=45, reason="RESIGNATION", role="planned_exit"),
    P("SIMON", "Gabriel", "H", 42, "livreur", hired=2100, role="sir_validated"),
    P("MICHEL", "Léa", "F", 36, "infirmiere", hired=1900),
    P("LEFEBVRE", "Nathan", "H", 47, "electricien", hired=5200),
    P("LEROY", "Manon", "F", 29, "labo", hired=1300),
    P("ROUX", "Paul", "H", 50, "macon", hired=6100),
    P("DAVID", "Camille", "F", 55, "medecin", hired=4800),
    P("BERTRAND", "Lucas", "H", 34, "amiante", hired=1700),
    P("MOREL", "Emma", "F", 48, "radio", hired=3600),
    P("FOURNIER", "Hugo", "H", 57, "compta", hired=7300),
    P("GIRARD", "Jade", "F", 28, "mecanicien", hired=1200),
    P("BONNET", "Louis", "H", 32, "infirmiere", hired=1500),
    P("DUPONT", "Louise", "F", 60, "menage", hired=8000),
    P("LAMBERT", "Jules", "H", 26, "commercial", hired=1100),
    P("FONTAINE", "Alice", "F", 53, "qualite", hired=5500),
    P("ROUSSEAU", "Arthur", "H", 39, "qualite", "OTHER", hired=1800),
    # Fixed-term contracts still running.
    P("VINCENT", "Chloé", "F", 27, "compta", "CDD", hired=150, ends=200),
    P("MULLER", "Gabriel", "H", 24, "cariste", "INTERIM", hired=90),
    P("LEFEVRE", "Léa", "F", 20, "electricien", "APPRENTICE", hired=400, ends=330),
    P("FAURE", "Nathan", "H", 22, "menage", "SEASONAL", hired=60, ends=60),
    # Newly hired: their first visit is still to come (one booked, one to plan, one late before assignment).
    P("ANDRE", "Manon", "F", 25, "commercial", hired=25, pcs=False, role="new_hire_booked"),
    P("MERCIER", "Paul", "H", 21, "qualite", "INTERN", hired=40, ends=140, pcs=False, role="new_hire"),
    P("BLANC", "Camille", "F", 23, "cariste", "CDD", hired=8, ends=180, pcs=False, role="new_hire_sir"),
    # Fixed-term contracts over before the reference date, their exit never recorded: the declaration lists them.
    P("GUERIN", "Lucas", "H", 26, "compta", "CDD", hired=240, ends=-20, from_reference=True),
    P("BOYER", "Emma", "F", 20, "menage", "SEASONAL", hired=200, ends=-110, from_reference=True),
    P("GARNIER", "Hugo", "H", 24, "labo", "PRO", hired=700, ends=-35, from_reference=True),
    # Former employees, each gone on a date and for a reason that agree with their contract.
    P("CHEVALIER", "Jade", "F", 30, "compta", "CDD", hired=500, ends=-200, reason="END_CDD", from_reference=True),
    P("FRANCOIS", "Louis", "H", 44, "livreur", hired=3300, exit=-150, reason="RESIGNATION"),
    P("LEGRAND", "Louise", "F", 66, "medecin", hired=9000, exit=-500, reason="RETIREMENT"),
    P("GAUTHIER", "Jules", "H", 46, "mecanicien", hired=2200, exit=-60, reason="MUTUAL"),
    P("GARCIA", "Alice", "F", 44, "compta", hired=1000, pcs=False),
]
ROLES: dict[str, list[tuple[str, str]]] = {}
for _person in MAIN:
    if _person.role:
        ROLES.setdefault(_person.role, []).append((_person.name, _person.first))

SMALL = {
    # 100003: a draft declaration in progress.
    "100003": [
        P("ARNAUD", "Marc", "H", 45, "compta", hired=2000),
        P("BARBIER", "Inès", "F", 34, "menage", hired=900, pcs=False),
        P("CARON", "Yanis", "H", 28, "livreur", "CDD", hired=120, ends=240),
        P("DENIS", "Sarah", "F", 50, "cariste", hired=4000),
        P("ETIENNE", "Noah", "H", 31, "commercial", hired=1500, exit=-300, reason="RESIGNATION"),
    ],
    # 100004: the newly joined member whose declaration the guide fills: one PCS code missing, one contract over.
    "100004": [
        P("HUBERT", "Lina", "F", 42, "compta", hired=1100, pcs=False),
        P("JOLY", "Tom", "H", 23, "menage", "CDD", hired=300, ends=-30, from_reference=True),
        P("KLEIN", "Rose", "F", 37, "qualite", hired=2400),
        P("LUCAS", "Enzo", "H", 19, "electricien", "APPRENTICE", hired=200, ends=530),
    ],
}


def _dates(person: Person, today: date) -> tuple[date, date | None, date | None]:
    start = date(today.year, 1, 1) if person.from_reference else today
    hire = start - timedelta(days=person.hired)
    end = start + timedelta(days=person.ends) if person.ends is not None else None
    if person.reason == "END_CDD":
        return hire, end, end
    exit_date = today + timedelta(days=person.exit) if person.exit is not None else None
    return hire, end, exit_date


def _data(person: Person, index: int, today: date) -> dict:
    hire, end, _ = _dates(person, today)
    birth = date(today.year - person.age, 1 + index % 12, 1 + (index * 7) % 28)
    job, pcs, determinants = JOBS[person.job]
    return {
        "birth_name": person.name, "first_name": person.first, "usage_name": "", "birth_date": birth,
        "sex": person.sex, "hire_date": hire, "job_title": job, "contract": person.contract,
        "pcs_code": pcs if person.pcs else "", "trial_end": None, "contract_end": end,
        "determinants": determinants or ["NONE"], "scheduling_constraints": "", "comments": "",
        "employer_risk_justification": "",
        "nir": nirlib.generate(sex=person.sex, birth_date=birth, department="13", commune="055", order=100 + index),
    }


def _load_member(number: str, people: list[Person]) -> int:
    member = Member.objects.filter(number=number).first()
    if member is None or Employee.objects.filter(member=member).exists():
        return 0
    today = timezone.localdate()
    for index, person in enumerate(people):
        employee = employee_create(member=member, actor=None, data=_data(person, index, today))
        _, _, exit_date = _dates(person, today)
        if exit_date is not None:
            employee_exit(employee=employee, actor=None, exit_date=exit_date, exit_reason=person.reason)
        if person.role == "sir_validated":
            # The service's doctor classed this driver SIR; the employer has not ticked the risk yet.
            Employee.objects.filter(pk=employee.pk).update(service_category="SIR", updated=timezone.now(),
                                                              facts_changed=timezone.now())
    return len(people)


def load(*, stdout) -> None:
    created = _load_member("100001", MAIN) + sum(_load_member(number, people) for number, people in SMALL.items())
    stdout.write(f"  salariés : {created} créés")
