"""French presentation of money, dates and identifiers (one place for each rule)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from portail.core.money import cents

NBSP = "\u202f"  # narrow no-break space, as French typography groups thousands


def money_fr(amount: Decimal | int | float | None, *, currency: bool = True) -> str:
    """`Decimal("1800")` → "1 800,00 €" (the seed's format)."""
    if amount is None:
        return "—"
    value = cents(amount)
    sign = "-" if value < 0 else ""
    units, decimals = f"{abs(value):.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", NBSP)
    text = f"{sign}{grouped},{decimals}"
    return f"{text}{NBSP}€" if currency else text


def money_csv(amount: Decimal | int | float | None) -> str:
    """`Decimal("1800")` → "1800,00": the decimal comma a French spreadsheet reads as a number (no grouping)."""
    if amount is None:
        return ""
    return f"{cents(amount):.2f}".replace(".", ",")


def date_fr(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


def datetime_fr(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%d/%m/%Y à %H:%M")


DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]


def long_date_fr(value: date) -> str:
    """`date(2026, 5, 12)` → "mardi 12 mai 2026"."""
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def siret_display(siret: str) -> str:
    """Group a SIRET as 3-3-3-5 digits, as INSEE prints it."""
    digits = "".join(ch for ch in siret or "" if ch.isdigit())
    if len(digits) != 14:
        return siret or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def count_fr(count: int, singular: str, plural: str = "") -> str:
    """"1 facture échue", "3 factures échues": French takes the singular for 0 and 1 (Django's pluralize does
    not). Without `plural`, an "s" is added to each word of `singular`."""
    if count < 2:
        return f"{count} {singular}"
    return f"{count} {plural or ' '.join(word + 's' for word in singular.split(' '))}"
