"""Calendar arithmetic for legal deadlines ("within 3 months", "every 5 years")."""

from __future__ import annotations

from datetime import date

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def add_months(day: date, months: int) -> date:
    """Same day-of-month n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = 29 if month0 == 1 and _is_leap(year) else _MONTH_DAYS[month0]
    return date(year, month0 + 1, day.day if day.day <= last else last)


def add_years(day: date, years: int) -> date:
    if day.month == 2 and day.day == 29 and not _is_leap(day.year + years):
        return date(day.year + years, 2, 28)
    return day.replace(year=day.year + years)


def birthday(birth: date, years: int) -> date:
    """The day a person born on `birth` is `years` old. Born on 29 February: 1 March in a common year,
    the day after the last one on which the years are not yet complete (the same reading as the
    age check of the employee form, `workforce.services._age_on`)."""
    if birth.month == 2 and birth.day == 29 and not _is_leap(birth.year + years):
        return date(birth.year + years, 3, 1)
    return birth.replace(year=birth.year + years)


def fr_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
