"""The back office's left menu. Domain apps add their staff screens here; an entry whose URL
does not exist yet is simply not shown, and each entry lists the roles that see it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from portail.backoffice.access import has_role
from portail.backoffice.models import StaffRole

CARE = (StaffRole.RECEPTION, StaffRole.MEDICAL_ASSISTANT, StaffRole.DOCTOR, StaffRole.NURSE, StaffRole.PREVENTER)


@dataclass(frozen=True)
class StaffNavEntry:
    label: str
    url_name: str
    icon: str
    current_prefixes: tuple[str, ...]
    roles: tuple[str, ...] | None = None  # None: every staff role


STAFF_NAV = (
    StaffNavEntry("Boîte de réception", "backoffice:inbox", "declaration", ("backoffice:inbox", "backoffice:item")),
    StaffNavEntry("Adhérents", "backoffice:member_list", "building", ("backoffice:member_",)),
    StaffNavEntry("Mandataires", "backoffice:mandataire_list", "team", ("backoffice:mandataire_",)),
    StaffNavEntry("Rendez-vous", "backoffice:appointments_queue", "calendar", ("backoffice:appointments_",), CARE),
    StaffNavEntry("Actions en milieu de travail", "backoffice:activity_actions", "chart", ("backoffice:activity_",), CARE),
    StaffNavEntry("Facturation", "backoffice:billing_home", "invoice", ("backoffice:billing_",), (StaffRole.ACCOUNTING,)),
    StaffNavEntry("Campagnes de déclaration", "backoffice:declarations_campaigns", "declaration",
                  ("backoffice:declarations_",), (StaffRole.ACCOUNTING, StaffRole.RECEPTION)),
    StaffNavEntry("Aide", "backoffice:help_index", "help", ("backoffice:help_",)),
    StaffNavEntry("Tableau de bord", "backoffice:dashboard", "chart", ("backoffice:dashboard",), ()),
    StaffNavEntry("Journal d'audit", "backoffice:audit_log", "eye", ("backoffice:audit_log",), ()),
    StaffNavEntry("Personnel", "backoffice:staff_list", "team", ("backoffice:staff_",), ()),
    StaffNavEntry("Structure et paramètres", "backoffice:service_settings", "home",
                  ("backoffice:structure_", "backoffice:service_settings", "backoffice:rules_settings"), ()),
)


def staff_nav_items(request) -> list[dict]:
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items = []
    for entry in STAFF_NAV:
        if not has_role(request.user, entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        is_current = any(current.startswith(prefix) for prefix in entry.current_prefixes)
        items.append({"entry": entry, "url": url, "current": is_current})
    return items
