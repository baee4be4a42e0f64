"""Every French date path, for all twelve months (issue 16 §5): the accents of "février", "août" and
"décembre" went wrong only in the months that carry them, so a test run in March could not see it."""

import re
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from e2e.patterns import LONG_DATE
from portail.appointments.rules import CancellationLimit
from portail.core.formatting import date_fr, datetime_fr, long_date_fr

PARIS = ZoneInfo("Europe/Paris")
# One day of each month of 2027, written by hand (not from the code's own lists).
YEAR = [
    (date(2027, 1, 2), "samedi 2 janvier 2027"),
    (date(2027, 2, 28), "dimanche 28 février 2027"),
    (date(2027, 3, 31), "mercredi 31 mars 2027"),
    (date(2027, 4, 30), "vendredi 30 avril 2027"),
    (date(2027, 5, 8), "samedi 8 mai 2027"),
    (date(2027, 6, 14), "lundi 14 juin 2027"),
    (date(2027, 7, 14), "mercredi 14 juillet 2027"),
    (date(2027, 8, 15), "dimanche 15 août 2027"),
    (date(2027, 9, 30), "jeudi 30 septembre 2027"),
    (date(2027, 10, 31), "dimanche 31 octobre 2027"),
    (date(2027, 11, 11), "jeudi 11 novembre 2027"),
    (date(2027, 12, 25), "samedi 25 décembre 2027"),
]
ACCENTED = [(day, text) for day, text in YEAR if day.month in (2, 8, 12)]


@pytest.mark.parametrize(("day", "text"), YEAR, ids=[d.strftime("%m") for d, _ in YEAR])
def test_long_date_is_french_in_every_month(day, text):
    assert long_date_fr(day) == text


@pytest.mark.parametrize(("day", "text"), YEAR, ids=[d.strftime("%m") for d, _ in YEAR])
def test_template_filters_write_french_dates_in_every_month(day, text):
    # Noon UTC is 13 h in Paris in winter, 14 h in summer time (last Sunday of March to last of October).
    noon_utc = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    paris_hour = 14 if date(2027, 3, 28) <= day < date(2027, 10, 31) else 13
    rendered = Template("{{ d|long_date_fr }}|{{ d|date_fr }}|{{ t|date_fr }}|{{ t|datetime_fr }}").render(
        Context({"d": day, "t": noon_utc})
    )
    numeric = day.strftime("%d/%m/%Y")
    assert rendered == f"{text}|{numeric}|{numeric}|{numeric} à {paris_hour}:00"
    assert (date_fr(noon_utc), datetime_fr(noon_utc)) == (numeric, f"{numeric} à {paris_hour}:00")


@pytest.mark.parametrize(("day", "text"), YEAR, ids=[d.strftime("%m") for d, _ in YEAR])
def test_cancellation_limit_reads_in_french_in_every_month(day, text):
    at = datetime(day.year, day.month, day.day, 18, tzinfo=PARIS)
    assert CancellationLimit(at=at).label == f"{text} à 18 h"
    assert CancellationLimit(at=at.replace(minute=30)).label == f"{text} à 18 h 30"


@pytest.mark.parametrize(("day", "text"), YEAR, ids=[d.strftime("%m") for d, _ in YEAR])
def test_browser_journeys_date_pattern_matches_every_month_as_javascript_reads_it(day, text):
    # Playwright hands the pattern to the browser's RegExp, where \w, \d and \b are ASCII only: re.ASCII says the same.
    assert re.fullmatch(LONG_DATE, long_date_fr(day), re.ASCII)


def test_browser_journeys_use_no_ascii_only_word_classes():
    """`\\w` or `[a-z]` in a journey's pattern misses é, û: such a journey fails only in some months."""
    e2e = Path(__file__).resolve().parents[3] / "e2e"
    offending = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(e2e.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "re.compile(" in line and re.search(r"\\[wWb]|\[a-z|\[A-Z", line)
    ]
    assert not offending, offending


@pytest.mark.parametrize(("day", "text"), ACCENTED, ids=[d.strftime("%m") for d, _ in ACCENTED])
def test_convocation_pdf_prints_the_accented_months(member_a, day, text):
    from pypdf import PdfReader

    from portail.appointments.convocation import convocation_pdf
    from portail.appointments.tests.factories import AppointmentFactory
    from portail.workforce.tests.factories import EmployeeFactory

    appointment = AppointmentFactory(
        employee=EmployeeFactory(member=member_a), start=datetime(day.year, day.month, day.day, 9, tzinfo=PARIS)
    )
    pdf = PdfReader(BytesIO(convocation_pdf(appointment)))
    assert text in "".join(page.extract_text() for page in pdf.pages)
