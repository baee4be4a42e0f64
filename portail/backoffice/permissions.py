"""Which staff roles may view and act on each kind of member request, whatever the URL.

Both the kind's own screen (e.g. « Rendez-vous » for appointment requests) and the unified inbox (list,
counters, item page, comment, assignment, answer) ask `may_handle`, so a role refused at one URL is refused
at the other. Administrators may handle everything (`access.has_role`).
"""

from portail.backoffice.access import has_role
from portail.backoffice.models import StaffRole
from portail.backoffice.navigation import CARE

DESK_AND_ACCOUNTING = (StaffRole.ACCOUNTING, StaffRole.RECEPTION)

# Inbox source key → roles (None: every staff role).
KIND_ROLES: dict[str, tuple[str, ...] | None] = {
    # Booking and cancelling visits is the care side's work (secretariat and health team), not accounting's.
    "appointment_request": CARE,
    "cancellation": CARE,
    # Validating a declaration bills the member: the campaign screens' roles (backoffice.views.declarations.ROLES).
    "declaration": DESK_AND_ACCOUNTING,
    # A change of address or a cessation concerns every team that deals with the member; no screen of its own.
    "situation_change": None,
    # A message may be about anything (a visit, an invoice, a declaration): every team reads and answers.
    "message": None,
}


def roles_for(kind: str) -> tuple[str, ...] | None:
    """The roles for a kind; a kind not listed (a new source) is open to every staff role, like its list."""
    return KIND_ROLES.get(kind)


def may_handle(user, kind: str) -> bool:
    return has_role(user, roles_for(kind))
