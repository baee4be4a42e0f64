"""JSON bodies through the portal's own forms: the API validates with the same rules and French messages as the
pages (EmployeeForm, ExitForm, AppointmentRequestForm), then calls the same services."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict


def form_data(values: dict[str, Any]) -> MultiValueDict:
    """What a browser would post for these values: text, ISO dates, one entry per item of a list."""
    data: MultiValueDict[str, str] = MultiValueDict()
    for key, value in values.items():
        if isinstance(value, list | tuple):
            data.setlist(key, [str(item) for item in value])
        elif value is None:
            data[key] = ""
        elif isinstance(value, date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def validated(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or its errors raised as one ValidationError by field."""
    if not form.is_valid():
        raise ValidationError({field: [ValidationError(message) for message in messages]
                               for field, messages in form.errors.items()})
    return dict(form.cleaned_data)
