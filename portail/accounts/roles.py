"""What each kind of portal account may do for the company it acts for.

A role is a set of capabilities, each granted for reading or for writing. Every portal view declares the one
capability it needs (`portail/portal/permissions.py`, one line per URL name), checked in one place by
`member_required`; templates and exports ask `can(...)` the same question.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Capability(StrEnum):
    HOME = "home"  # the home page and the company's own details (2.1, 2.2)
    COMPANY = "company"  # changing the company's details, addresses, contacts; situation changes
    EMPLOYEES = "employees"  # 2.3
    NIR = "nir"  # social security numbers in clear (reveal, exports)
    BILLING = "billing"  # 2.4 and SEPA
    DECLARATIONS = "declarations"  # 2.5
    APPOINTMENTS = "appointments"  # 2.6 and the visits board
    ACTIVITY = "activity"  # 2.7
    GROUP = "group"  # the consolidated view of grouped establishments (every establishment's figures)
    USERS = "users"  # the company's named users and invitations


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    HR = "hr", "Salariés / RH"
    ACCOUNTING = "accounting", "Comptabilité"
    APPOINTMENTS = "appointments", "Rendez-vous"
    READ_ONLY = "read_only", "Lecture seule"


READ = "read"
WRITE = "write"
C = Capability
ALL = frozenset(Capability)

# capability -> the strongest access the role has ("write" includes "read").
GRANTS: dict[str, dict[Capability, str]] = {
    Role.ADMIN: dict.fromkeys(ALL, WRITE),
    Role.HR: {C.HOME: READ, C.EMPLOYEES: WRITE, C.NIR: WRITE, C.DECLARATIONS: WRITE, C.APPOINTMENTS: WRITE,
              C.ACTIVITY: READ},
    Role.ACCOUNTING: {C.HOME: READ, C.BILLING: WRITE},
    Role.APPOINTMENTS: {C.HOME: READ, C.APPOINTMENTS: WRITE},
    Role.READ_ONLY: dict.fromkeys(ALL - {C.NIR, C.USERS}, READ),
}
# An accounting firm acts for the whole company, as before roles existed, except for its people
# (it does not manage the company's users) and NIRs in clear (workforce.nir.nir_access says why).
MANDATAIRE = "mandataire"
GRANTS[MANDATAIRE] = dict.fromkeys(ALL - {C.NIR, C.USERS}, WRITE)


# What a personal API token may be given (accounts.ApiToken.scopes): the resources of the open API (/api/v1/).
API_CAPABILITIES: tuple[Capability, ...] = (C.EMPLOYEES, C.BILLING, C.DECLARATIONS, C.APPOINTMENTS)


@dataclass(frozen=True)
class Need:
    """What one view needs: a capability, for reading or writing."""

    capability: Capability
    access: str = READ

    def met_by(self, role: str | None) -> bool:
        granted = GRANTS.get(role or "", {}).get(self.capability)
        return granted == WRITE or (granted == READ and self.access == READ)


def read(capability: Capability) -> Need:
    return Need(capability, READ)


def write(capability: Capability) -> Need:
    return Need(capability, WRITE)


def can(role: str | None, capability: Capability, access: str = READ) -> bool:
    return Need(capability, access).met_by(role)
