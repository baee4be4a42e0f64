"""Widgets the browser draws itself: their value in the format the HTML standard requires, whatever the language."""

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A date picker. `<input type="date">` takes only ISO dates: given the French format Django uses by default
    ("27/11/2026"), the browser shows the field empty and the form leaves without its date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
