"""Which section of the guide explains the current page: one dict, URL name → section id.

Looked up by full URL name first ("workforce:import"), then by namespace ("workforce").
"""

HELP_FOR_URL: dict[str, str] = {
    "portal:home": "prise-en-main",
    "accounts": "se-connecter",
    "members:service_contacts": "contacts",
    "members:team_person": "contacts",
    "members:notices": "messages",
    "accounts:notification_preferences": "messages",
    "messaging": "messages",
    "billing:sepa": "mandat-sepa",
    "members": "informations",
    "workforce:import": "import-salaries",
    "workforce:import_apply": "import-salaries",
    "workforce": "salaries",
    "billing:sepa_mandate_create": "mandat-sepa",
    "billing": "factures",
    "declarations:fill": "declaration-pas-a-pas",
    "declarations": "declarations",
    "appointments:board": "conformite",
    "appointments:book": "reservation",
    "appointments:book_confirm": "reservation",
    "appointments:booked": "reservation",
    "appointments:move": "reservation",
    "appointments:invitation_new": "reservation",
    "appointments": "rendez-vous",
    "activity": "syntheses",
    "help": "sommaire",
}

STAFF_HELP_FOR_URL: dict[str, str] = {
    "billing": "comptabilite",
    "activity": "sante",
    "appointments": "assistant-medical",
    "backoffice:staff_list": "administrateur",
    "backoffice:staff_edit": "administrateur",
    "backoffice:audit_log": "administrateur",
    "backoffice": "accueil",
}


def help_section_for(url_name: str | None, namespace: str | None, *, staff: bool = False) -> str | None:
    table = STAFF_HELP_FOR_URL if staff else HELP_FOR_URL
    if namespace and url_name and f"{namespace}:{url_name}" in table:
        return table[f"{namespace}:{url_name}"]
    return table.get(namespace or "")
