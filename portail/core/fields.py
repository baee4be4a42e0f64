"""Model choice fields that refuse malformed ids before they reach the database.

Django's own fields let a 25-digit "id" through to the query, where SQLite raises OverflowError and
PostgreSQL an out-of-range DataError: a 500 on junk input. Ids here are positive 64-bit integers.
Also the base of the form mixins, and how a service's refusal lands on a form.
"""

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError

MAX_ID_DIGITS = 18

# Base of the form mixins: a form to the type checker, nothing at run time (the form they mix into is one).
if TYPE_CHECKING:
    FormMixin = forms.BaseForm
else:
    FormMixin = object


def _is_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(item)[:20]}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's own check, missing from django-stubs


def add_service_errors(*, form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: next to the field it names when the form has one, above it else."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
