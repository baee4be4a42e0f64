"""Input shape of online booking and invitation links; French messages next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from portail.appointments.booking_selectors import bookable_choices, booking_centres
from portail.core.fields import SafeModelChoiceField
from portail.core.widgets import DateInput
from portail.workforce.models import Employee


class _EmployeeField(SafeModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.birth_name} {obj.first_name}"


def _employee_field() -> _EmployeeField:
    return _EmployeeField(label="Salarié", queryset=Employee.objects.none(), empty_label="— Choisir —",
                          error_messages={"required": "Choisissez le salarié.", "invalid_choice": "Salarié inconnu."})


def _kind_field(**extra: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label="Type de visite", choices=(), **extra,
                             error_messages={"required": "Choisissez le type de visite.",
                                             "invalid_choice": "Ce type de visite ne se réserve pas en ligne."})


class EmployeeChoiceForm(forms.Form):
    """Step 1 (GET): whom the visit is for."""

    salarie = _employee_field()

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["salarie"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees


class SlotSearchForm(forms.Form):
    """Step 2 (GET): the visit type (proposed by the rules), a centre and a first day."""

    type = _kind_field()
    centre = SafeModelChoiceField(label="Centre", required=False, queryset=booking_centres(), empty_label="Tous")
    jour = forms.DateField(label="À partir du", required=False, widget=DateInput(),
                           error_messages={"invalid": "Saisissez une date au format jj/mm/aaaa."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["type"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = bookable_choices()
        centre = self.fields["centre"]
        assert isinstance(centre, forms.ModelChoiceField)
        centre.queryset = booking_centres()


class CentreDayForm(forms.Form):
    """The slot filter of a move and of an invitation page: the visit type is fixed."""

    centre = SafeModelChoiceField(label="Centre", required=False, queryset=booking_centres(), empty_label="Tous")
    jour = forms.DateField(label="À partir du", required=False, widget=DateInput(),
                           error_messages={"invalid": "Saisissez une date au format jj/mm/aaaa."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centre = self.fields["centre"]
        assert isinstance(centre, forms.ModelChoiceField)
        centre.queryset = booking_centres()


class SlotPickForm(forms.Form):
    """The slot chosen (POST), with what the confirmation page carries again."""

    creneau = forms.IntegerField(min_value=1, max_value=2**31 - 1,
                                 error_messages={"required": "Choisissez un créneau.",
                                                 "invalid": "Choisissez un créneau.",
                                                 "min_value": "Choisissez un créneau.",
                                                 "max_value": "Choisissez un créneau."})


class InvitationForm(forms.Form):
    salarie = _employee_field()
    type = _kind_field()
    email = forms.EmailField(label="E-mail du salarié", required=False, max_length=254,
                             help_text="Facultatif : sans e-mail, copiez le lien ou le texte prêt pour un SMS.",
                             error_messages={"invalid": "Saisissez une adresse e-mail valide."})

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["salarie"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees
        kind = self.fields["type"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "— Choisir —"), *bookable_choices()]


class StaffInvitationForm(forms.Form):
    """The same link sent by the service, for one employee already chosen."""

    type = _kind_field()
    email = forms.EmailField(label="E-mail du salarié", required=False, max_length=254,
                             help_text="Facultatif : sans e-mail, transmettez le lien ou le texte prêt pour un SMS.",
                             error_messages={"invalid": "Saisissez une adresse e-mail valide."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["type"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "— Choisir —"), *bookable_choices()]
