from datetime import date

from portail.activity.rules import OVERDUE, TO_DO, UP_TO_DATE, add_years, company_sheet_status


def test_first_sheet_due_within_a_year_of_joining():
    status = company_sheet_status(joined_on=date(2025, 3, 1), last_on=None, today=date(2025, 6, 1))
    assert status.due_on == date(2026, 3, 1)
    assert status.state == TO_DO
    assert status.label == "À faire"


def test_first_sheet_overdue_the_day_after_the_first_anniversary():
    joined = date(2024, 3, 1)
    assert company_sheet_status(joined_on=joined, last_on=None, today=date(2025, 3, 1)).state == TO_DO
    late = company_sheet_status(joined_on=joined, last_on=None, today=date(2025, 3, 2))
    assert late.state == OVERDUE
    assert late.label == "En retard"


def test_sheet_then_updated_at_least_every_four_years():
    status = company_sheet_status(joined_on=date(2019, 1, 1), last_on=date(2022, 5, 10), today=date(2025, 1, 1))
    assert status.due_on == date(2026, 5, 10)
    assert status.state == UP_TO_DATE
    assert status.label == "À jour"


def test_update_becomes_to_do_when_due_soon_then_overdue():
    last = date(2021, 5, 10)
    soon = company_sheet_status(joined_on=date(2019, 1, 1), last_on=last, today=date(2025, 3, 1))
    assert soon.state == TO_DO
    late = company_sheet_status(joined_on=date(2019, 1, 1), last_on=last, today=date(2025, 5, 11))
    assert late.state == OVERDUE


def test_sheet_made_late_restarts_the_four_year_clock_from_its_own_date():
    # joined 2019, first sheet only in 2024: the next one is due four years after 2024, not after 2020
    status = company_sheet_status(joined_on=date(2019, 1, 1), last_on=date(2024, 2, 1), today=date(2025, 1, 1))
    assert status.due_on == date(2028, 2, 1)
    assert status.state == UP_TO_DATE


def test_unknown_joining_date_without_sheet_is_to_do_without_deadline():
    status = company_sheet_status(joined_on=None, last_on=None, today=date(2025, 1, 1))
    assert status.due_on is None
    assert status.state == TO_DO


def test_leap_day_anniversary_falls_back_to_28_february():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
