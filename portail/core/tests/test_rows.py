"""The helpers of the row tags print what the template engine printed."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.safestring import mark_safe

from portail.core.formatting import date_fr, datetime_fr, time_fr
from portail.core.rows import text

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('x')</script> & \"co\"",
        "",
        None,
        12345,
        Decimal("1800.50"),
        mark_safe("<b>ok</b>"),
        date(2026, 5, 12),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
    ],
)
def test_text_prints_what_a_template_variable_prints(value):
    assert text(value) == Template("{{ value }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    "value",
    # Either side of the spring and autumn changes of Paris time, and a naive value.
    [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 5, tzinfo=UTC),
        datetime(2026, 7, 1, 8, 0),
    ],
)
def test_the_time_zone_given_once_changes_nothing(value):
    tz = timezone.get_current_timezone()
    assert date_fr(value, tz=tz) == date_fr(value)
    assert datetime_fr(value, tz=tz) == datetime_fr(value)
    assert (
        time_fr(value, tz=tz) == time_fr(value) == Template('{{ value|time:"H:i" }}').render(Context({"value": value}))
    )
