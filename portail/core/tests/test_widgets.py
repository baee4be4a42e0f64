"""Every date and time field the browser draws gets its value in the format the HTML standard requires: a French
"27/11/2026" in an `<input type="date">` is shown empty, and the form then leaves without its date."""

import re
from datetime import date, time

import pytest
from django.utils import translation

from portail.core.widgets import DateInput
from portail.security_tests.test_junk_input import FORMS

BROWSER_FORMATS = {"date": (date(2026, 11, 27), r"2026-11-27"), "time": (time(8, 30), r"08:30(:00)?")}


def _browser_drawn_fields():
    for name, form_class in FORMS:
        for field_name, field in getattr(form_class, "base_fields", {}).items():
            if getattr(field.widget, "input_type", "") in BROWSER_FORMATS:
                yield f"{name}.{field_name}", field.widget


BROWSER_DRAWN = list(_browser_drawn_fields())


def test_the_project_has_date_pickers_to_check():
    assert len([n for n, w in BROWSER_DRAWN if w.input_type == "date"]) >= 15, [n for n, _ in BROWSER_DRAWN]


@pytest.mark.parametrize("name,widget", BROWSER_DRAWN, ids=[n for n, _ in BROWSER_DRAWN])
def test_value_is_in_the_browser_format_in_french(name, widget):
    value, expected = BROWSER_FORMATS[widget.input_type]
    with translation.override("fr"):
        assert re.fullmatch(expected, widget.format_value(value)), widget.format_value(value)


def test_a_date_picker_with_an_initial_date_shows_it():
    from django import forms

    class Period(forms.Form):
        start = forms.DateField(label="Du", initial=date(2026, 1, 1), widget=DateInput())

    with translation.override("fr"):
        html = str(Period()["start"])
    assert 'type="date"' in html and 'value="2026-01-01"' in html
    with translation.override("fr"):
        assert Period({"start": "2026-01-01"}).is_valid()  # what the browser sends back
