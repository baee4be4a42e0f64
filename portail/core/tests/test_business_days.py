from datetime import date

import pytest

from portail.core.business_days import (
    cancellation_deadline,
    holidays_for,
    is_business_day,
    normalize_region,
    region_for_postal_code,
    subtract_business_days,
)

d = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "region", "expected"),
    [
        pytest.param("2025-05-10", None, False, id="saturday"),
        pytest.param("2025-05-11", None, False, id="sunday"),
        pytest.param("2025-05-09", None, True, id="plain-friday"),
        pytest.param("2025-01-01", None, False, id="L3133-1-new-year"),
        pytest.param("2025-04-21", None, False, id="L3133-1-easter-monday"),
        pytest.param("2025-05-01", None, False, id="L3133-4-may-day"),
        pytest.param("2025-05-08", None, False, id="L3133-1-8-may"),
        pytest.param("2025-05-29", None, False, id="L3133-1-ascension"),
        pytest.param("2025-06-09", None, False, id="L3133-1-whit-monday"),
        pytest.param("2025-07-14", None, False, id="L3133-1-14-july"),
        pytest.param("2025-08-15", None, False, id="L3133-1-assumption"),
        pytest.param("2025-11-01", None, False, id="L3133-1-all-saints-saturday"),
        pytest.param("2024-11-01", None, False, id="L3133-1-all-saints"),
        pytest.param("2025-11-11", None, False, id="L3133-1-armistice"),
        pytest.param("2025-12-25", None, False, id="L3133-1-christmas"),
        pytest.param("2025-04-18", None, True, id="good-friday-worked-in-mainland"),
        pytest.param("2025-12-26", None, True, id="26-december-worked-in-mainland"),
        pytest.param("2025-04-18", "57", False, id="L3134-13-moselle-good-friday"),
        pytest.param("2025-12-26", "57", False, id="L3134-13-moselle-26-december"),
        pytest.param("2025-04-18", "67", False, id="L3134-13-bas-rhin-good-friday"),
        pytest.param("2025-12-26", "68", False, id="L3134-13-haut-rhin-26-december"),
        pytest.param("2025-12-26", "6AE", False, id="L3134-13-alsace-code"),
        pytest.param("2025-05-27", "971", False, id="guadeloupe-abolition-of-slavery"),
        pytest.param("2025-05-27", None, True, id="27-may-worked-in-mainland"),
    ],
)
def test_is_business_day(day, region, expected):
    assert is_business_day(day=d(day), region=region) is expected


@pytest.mark.parametrize(
    ("appointment", "days", "region", "deadline"),
    [
        pytest.param("2025-05-12", 2, None, "2025-05-07", id="reference-example-8-may"),
        pytest.param("2025-03-12", 2, None, "2025-03-10", id="plain-week"),
        pytest.param("2025-03-10", 2, None, "2025-03-06", id="over-a-weekend"),
        pytest.param("2025-05-05", 2, None, "2025-04-30", id="over-1-may"),
        pytest.param("2025-06-02", 2, None, "2025-05-28", id="over-ascension-and-bridge-weekend"),
        pytest.param("2025-06-11", 2, None, "2025-06-06", id="over-whit-monday"),
        pytest.param("2025-07-16", 2, None, "2025-07-11", id="over-14-july"),
        pytest.param("2025-08-19", 2, None, "2025-08-14", id="over-15-august"),
        pytest.param("2024-11-05", 2, None, "2024-10-31", id="over-1-november"),
        pytest.param("2025-11-13", 2, None, "2025-11-10", id="over-11-november"),
        pytest.param("2025-12-29", 2, None, "2025-12-24", id="over-christmas"),
        pytest.param("2025-12-29", 2, "57", "2025-12-23", id="moselle-over-christmas-and-26"),
        pytest.param("2026-01-05", 2, None, "2025-12-31", id="year-end-crossing-1-january"),
        pytest.param("2026-01-02", 2, None, "2025-12-30", id="year-end-deadline-in-previous-year"),
        pytest.param("2025-04-22", 2, None, "2025-04-17", id="over-easter-monday"),
        pytest.param("2025-04-22", 2, "68", "2025-04-16", id="alsace-over-good-friday"),
        pytest.param("2025-05-12", 0, None, "2025-05-12", id="zero-days"),
        pytest.param("2025-05-12", 5, None, "2025-05-02", id="five-days"),
    ],
)
def test_cancellation_deadline(appointment, days, region, deadline):
    assert cancellation_deadline(appointment_day=d(appointment), days=days, region=region) == d(deadline)


def test_worked_holiday_and_extra_closed_day():
    whit_monday = d("2025-06-09")
    assert is_business_day(day=whit_monday, worked_holidays=frozenset({whit_monday}))
    assert subtract_business_days(day=d("2025-06-11"), count=2,
                                  worked_holidays=frozenset({whit_monday})) == whit_monday
    assert subtract_business_days(day=d("2025-03-12"), count=2,
                                  extra_closed=frozenset({d("2025-03-11")})) == d("2025-03-07")
    assert not is_business_day(day=d("2025-03-15"), worked_holidays=frozenset({d("2025-03-15")}))


def test_negative_count_rejected():
    with pytest.raises(ValueError):
        subtract_business_days(day=d("2025-05-12"), count=-1)


def test_holidays_for():
    mainland = holidays_for(years=2025, region=None)
    assert len(mainland) == 11
    assert holidays_for(years=2025, region="57") - mainland == {d("2025-04-18"), d("2025-12-26")}
    assert holidays_for(years=2025, region="67") == holidays_for(years=2025, region="6AE")
    assert holidays_for(years=[2024, 2025], region=None) >= mainland | {d("2024-12-25")}


@pytest.mark.parametrize(
    ("region", "code"),
    [(None, None), ("", None), ("57", "57"), ("67", "6AE"), ("68", "6AE"), ("Alsace", "6AE"),
     ("974", "974"), ("Mayotte", "976")],
)
def test_normalize_region(region, code):
    assert normalize_region(region) == code


@pytest.mark.parametrize("region", ["75", "Zone A", "XX"])
def test_unknown_region_rejected(region):
    with pytest.raises(ValueError):
        normalize_region(region)


@pytest.mark.parametrize(
    ("postal_code", "region"),
    [
        ("57000", "57"), ("67000", "6AE"), ("68100", "6AE"), ("75001", None), ("66330", None),
        ("97110", "971"), ("97200", "972"), ("97300", "973"), ("97400", "974"), ("97600", "976"),
        ("97133", "BL"), ("97150", "MF"), ("97500", "PM"), ("98800", "NC"),
        ("20000", None), (" 57 100 ", "57"), ("5700", None), ("ABCDE", None),
    ],
)
def test_region_for_postal_code(postal_code, region):
    assert region_for_postal_code(postal_code) == region
