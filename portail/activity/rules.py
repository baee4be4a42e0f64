"""Fiche d'entreprise deadlines (REFERENCE §6.1, offre socle): pure functions, no database.

The first sheet is due within one year of membership; then it is updated at least every four years.
"""

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_SHEET_YEARS = 1
UPDATE_YEARS = 4
# A renewal falling due within this window already shows as "à faire", so staff can plan the visit.
UPCOMING_WINDOW = timedelta(days=90)

UP_TO_DATE, TO_DO, OVERDUE = "up_to_date", "to_do", "overdue"
STATE_LABELS = {UP_TO_DATE: "À jour", TO_DO: "À faire", OVERDUE: "En retard"}
STATE_TONES = {UP_TO_DATE: "ok", TO_DO: "warning", OVERDUE: "alert"}


@dataclass(frozen=True)
class CompanySheetStatus:
    last_on: date | None
    due_on: date | None
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def tone(self) -> str:
        return STATE_TONES[self.state]

    @property
    def is_overdue(self) -> bool:
        return self.state == OVERDUE


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def company_sheet_due(*, joined_on: date | None, last_on: date | None) -> date | None:
    if last_on is not None:
        return add_years(last_on, UPDATE_YEARS)
    if joined_on is not None:
        return add_years(joined_on, FIRST_SHEET_YEARS)
    return None


def company_sheet_status(*, joined_on: date | None, last_on: date | None, today: date) -> CompanySheetStatus:
    due_on = company_sheet_due(joined_on=joined_on, last_on=last_on)
    if due_on is not None and today > due_on:
        state = OVERDUE
    elif last_on is None or (due_on is not None and due_on - today <= UPCOMING_WINDOW):
        state = TO_DO
    else:
        state = UP_TO_DATE
    return CompanySheetStatus(last_on=last_on, due_on=due_on, state=state)
