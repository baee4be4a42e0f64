"""The portal's left navigation: the seed's seven tabs, in its order and wording."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    number: str
    label: str
    url_name: str
    icon: str
    section: str  # the URL namespace that marks the entry as current


PORTAL_NAV = (
    NavEntry("", "Accueil", "portal:home", "home", "portal"),
    NavEntry("2.1", "Vos informations", "members:information", "building", "members"),
    NavEntry("2.2", "Vos contacts", "members:service_contacts", "team", "contacts"),
    NavEntry("2.3", "Liste de vos salariés", "workforce:list", "people", "workforce"),
    NavEntry("2.4", "Vos factures et votre échéancier", "billing:invoices", "invoice", "billing"),
    NavEntry("2.5", "Vos déclarations", "declarations:list", "declaration", "declarations"),
    NavEntry("2.6", "Demandes et annulations de rendez-vous", "appointments:list", "calendar", "appointments"),
    NavEntry("2.7", "Vos synthèses d'activité", "activity:summary", "chart", "activity"),
    NavEntry("", "Aide", "help:index", "help", "help"),
)


@lru_cache(maxsize=64)
def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        # A tab whose app has not shipped yet is listed but not linked.
        return None


def nav_items(current_section: str | None) -> list[dict]:
    """Every portal page draws this menu: the URLs are reversed once per process."""
    return [
        {"entry": entry, "url": _url(entry.url_name), "current": entry.section == current_section}
        for entry in PORTAL_NAV
    ]
