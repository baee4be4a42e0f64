"""Business days ("jours ouvrés") on a visit centre's calendar (REFERENCE §5).

Mon–Fri minus French public holidays of the centre's location; each centre may close extra
days or work a holiday (Whit Monday is often the "journée de solidarité").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_EMPTY: frozenset[date] = frozenset()
_ONE_DAY = timedelta(days=1)
# The package knows Alsace as one subdivision; forms and addresses speak in départements.
_DEPARTEMENT_ALIASES = {"67": "6AE", "68": "6AE"}
# Postal codes of overseas collectivities that do not follow the 97x = subdivision pattern.
_OVERSEAS_POSTAL_PREFIXES = {
    "97133": "BL", "97150": "MF",
    "975": "PM", "986": "WF", "987": "PF", "988": "NC",
    "971": "971", "972": "972", "973": "973", "974": "974", "976": "976",
}


def normalize_region(region: str | None) -> str | None:
    """Package subdivision code for a département code, subdivision code or alias; None = mainland."""
    if region is None or not region.strip():
        return None
    cleaned = region.strip()
    cleaned = _DEPARTEMENT_ALIASES.get(cleaned, cleaned)
    code = holidays.France.subdivisions_aliases.get(cleaned, cleaned)
    if code not in holidays.France.subdivisions or code.startswith("Zone"):
        raise ValueError(f"Unsupported French holiday region: {region!r}")
    return code


@lru_cache(maxsize=512)
def _holidays_of_year(year: int, region: str | None) -> frozenset[date]:
    return frozenset(holidays.France(years=year, subdiv=region).keys())


def load_calendar() -> None:
    """The holidays package reads its definitions and translations on first use, a cost a server
    worker pays once at start-up (config/wsgi.py) rather than the first member whose page counts business days."""
    holidays_for(years=date.today().year)


def holidays_for(*, years: int | Iterable[int], region: str | None = None) -> frozenset[date]:
    code = normalize_region(region)
    if isinstance(years, int):
        return _holidays_of_year(years, code)
    return frozenset().union(*(_holidays_of_year(year, code) for year in years))


def is_business_day(
    *,
    day: date,
    region: str | None = None,
    extra_closed: frozenset[date] = _EMPTY,
    worked_holidays: frozenset[date] = _EMPTY,
) -> bool:
    if day.weekday() >= 5 or day in extra_closed:
        return False
    return day in worked_holidays or day not in holidays_for(years=day.year, region=region)


def business_days_between(*, start: date, end: date, region: str | None = None) -> int:
    """Business days after `start` up to and including `end` (0 when handled the same day)."""
    code = normalize_region(region)
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += is_business_day(day=day, region=code)
    return count


def subtract_business_days(
    *,
    day: date,
    count: int,
    region: str | None = None,
    extra_closed: frozenset[date] = _EMPTY,
    worked_holidays: frozenset[date] = _EMPTY,
) -> date:
    """The business day `count` business days before `day` (`day` itself is not counted)."""
    if count < 0:
        raise ValueError("count must be >= 0")
    code = normalize_region(region)
    while count:
        day -= _ONE_DAY
        if is_business_day(day=day, region=code, extra_closed=extra_closed,
                           worked_holidays=worked_holidays):
            count -= 1
    return day


def cancellation_deadline(
    *,
    appointment_day: date,
    days: int = 2,
    region: str | None = None,
    extra_closed: frozenset[date] = _EMPTY,
    worked_holidays: frozenset[date] = _EMPTY,
) -> date:
    """Last day (included) on which a cancellation is accepted: `days` jours ouvrés before."""
    return subtract_business_days(day=appointment_day, count=days, region=region,
                                  extra_closed=extra_closed, worked_holidays=worked_holidays)


def region_for_postal_code(postal_code: str) -> str | None:
    """Holiday region of an address: Alsace-Moselle and overseas; None for the rest of France."""
    code = postal_code.replace(" ", "").strip()
    if len(code) != 5 or not code.isdigit():
        return None
    if code[:2] == "57":
        return "57"
    if code[:2] in _DEPARTEMENT_ALIASES:
        return "6AE"
    return _OVERSEAS_POSTAL_PREFIXES.get(code) or _OVERSEAS_POSTAL_PREFIXES.get(code[:3])
