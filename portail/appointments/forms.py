"""Input shape of the appointment screens; French messages next to the fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from portail.appointments.models import (
    AbsenceType,
    AppointmentStatus,
    CancellationReason,
    DocumentKind,
    EmployerReason,
    ExceptionKind,
    ExceptionReason,
    Slot,
    VisitKind,
)
from portail.appointments.planner import health_professionals
from portail.core.fields import FormMixin, SafeModelChoiceField, SafeModelMultipleChoiceField
from portail.core.widgets import DateInput
from portail.members.models import Centre, TeamMember
from portail.workforce.models import Employee

DATE_INPUT = DateInput()


class _EmployeesField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        """A planned exit shows in the choice: the service will not plan a visit after it."""
        if obj.exit_date is None:
            return str(obj)
        return f"{obj} (sortie prévue le {obj.exit_date:%d/%m/%Y})"


class AppointmentRequestForm(forms.Form):
    employees = _EmployeesField(
        label="Salariés",
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un salarié.",
            "invalid_choice": "Salarié inconnu.",
            "invalid_pk_value": "Salarié inconnu.",
        },
        help_text="Cochez un ou plusieurs salariés.",
    )
    visit_kind = forms.ChoiceField(
        label="Type de visite",
        choices=[("", "— Choisir —"), *VisitKind.choices],
        error_messages={"required": "Choisissez le type de visite."},
    )
    absence_type = forms.ChoiceField(
        label="Type d'absence", required=False, choices=[("", "— Choisir —"), *AbsenceType.choices]
    )
    absence_start = forms.DateField(label="Début de l'absence", required=False, widget=DATE_INPUT)
    absence_end = forms.DateField(label="Dernier jour d'absence", required=False, widget=DATE_INPUT)
    employer_reason = forms.ChoiceField(
        label="Motif de la demande", required=False, choices=[("", "— Choisir —"), *EmployerReason.choices]
    )
    preferred_periods = forms.CharField(
        label="Périodes souhaitées",
        required=False,
        max_length=300,
        help_text="Par exemple : semaine du 14 décembre, plutôt le matin.",
    )
    constraints = forms.CharField(
        label="Contraintes de convocation",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Reprises de la fiche du salarié ; aucune information médicale.",
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        employees = self.fields["employees"]
        assert isinstance(employees, forms.ModelChoiceField)
        employees.queryset = (
            Employee.objects.filter(member=member).present_on(timezone.localdate())
            .order_by("birth_name", "first_name", "pk")
        )

    def clean(self):
        data = super().clean() or self.cleaned_data
        kind = data.get("visit_kind")
        if kind in (VisitKind.RETURN, VisitKind.PRE_RETURN):
            if not data.get("absence_type"):
                self.add_error("absence_type", "Indiquez le type d'absence.")
            if not data.get("absence_start"):
                self.add_error("absence_start", "Indiquez la date de début de l'absence.")
            start, end = data.get("absence_start"), data.get("absence_end")
            if start and end and end < start:
                self.add_error("absence_end", "La fin de l'absence précède son début.")
        if kind == VisitKind.EMPLOYER and not data.get("employer_reason"):
            self.add_error("employer_reason", "Choisissez le motif de la demande.")
        employees = data.get("employees")
        if employees and not data.get("constraints"):
            # Pre-fill from the employees' files so the planner sees them without asking again.
            notes = [
                f"{e.first_name} {e.birth_name} : {e.scheduling_constraints}"
                for e in employees
                if e.scheduling_constraints
            ]
            data["constraints"] = "\n".join(notes)[:500]
        return data


class CancellationForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif de l'annulation",
        choices=[("", "— Choisir —"), *CancellationReason.choices],
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )


class BoardFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            ("", "Tous"),
            ("a_jour", "À jour"),
            ("a_planifier", "À planifier"),
            ("en_retard", "En retard"),
            ("demande_en_cours", "Demande en cours"),
            ("rdv_planifie", "Rendez-vous planifié"),
        ],
    )
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), ("SI", "SI"), ("SIA", "SIA"), ("SIR", "SIR")]
    )


# --- staff -----------------------------------------------------------------------------------------


class BookForm(forms.Form):
    employee = SafeModelChoiceField(
        label="Salarié", queryset=Employee.objects.none(), error_messages={"required": "Choisissez le salarié."}
    )
    slot = forms.IntegerField(
        label="Créneau", widget=forms.RadioSelect, error_messages={"required": "Choisissez un créneau."}
    )

    def __init__(self, *args, appointment_request, slots, **kwargs):
        super().__init__(*args, **kwargs)
        employee = self.fields["employee"]
        assert isinstance(employee, forms.ModelChoiceField)
        employee.queryset = appointment_request.employees.all()
        self.fields["slot"].widget.choices = slot_choices(slots)


def slot_choices(slots: Iterable[Slot]) -> list[tuple[int | str, str]]:
    return [
        (s.pk, f"{timezone.localtime(s.start):%d/%m/%Y %H:%M} – {s.professional.get_role_display()} "
               f"{s.professional} – {s.centre}")
        for s in slots
    ]


class _ProfessionalChoice(FormMixin):
    """The form's `professional` field offers the health professionals only, read when the form is built. A mixin,
    not a form: it has no fields of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        professional = self.fields["professional"]
        assert isinstance(professional, forms.ModelChoiceField)
        professional.queryset = health_professionals()


def _flag_if_before(form: forms.Form, *, first: str, last: str, message: str, or_same: bool) -> None:
    """Puts `message` on `last` when it comes before `first` (or equals it, with `or_same`)."""
    begin, end = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if begin and end and (end <= begin if or_same else end < begin):
        form.add_error(last, message)


_TIME_ORDER = "L'heure de fin doit suivre l'heure de début."
_DAY_ORDER = "La date de fin précède la date de début."


class SlotFilterForm(_ProfessionalChoice, forms.Form):
    """Narrows the slot picker (GET): one professional, one centre, from one day on."""

    professional = SafeModelChoiceField(label="Professionnel", required=False, queryset=TeamMember.objects.none(),
                                        empty_label="Tous")
    centre = SafeModelChoiceField(label="Centre", required=False, queryset=Centre.objects.order_by("name"),
                                  empty_label="Tous")
    day = forms.DateField(label="À partir du", required=False, widget=DateInput())

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) for key in ("professional", "centre", "day")}


class MoveForm(forms.Form):
    slot = forms.IntegerField(label="Nouveau créneau", widget=forms.RadioSelect,
                              error_messages={"required": "Choisissez le nouveau créneau."})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, slots: Iterable[Slot] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].widget.choices = slot_choices(slots)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus", max_length=300, error_messages={"required": "Indiquez le motif du refus."}
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label="Statut", choices=AppointmentStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Document", choices=DocumentKind.choices)
    file = forms.FileField(label="Fichier PDF", error_messages={"required": "Choisissez le fichier PDF."})


WEEKDAYS = [(0, "Lundi"), (1, "Mardi"), (2, "Mercredi"), (3, "Jeudi"), (4, "Vendredi"), (5, "Samedi")]


class SlotPatternForm(_ProfessionalChoice, forms.Form):
    centre = SafeModelChoiceField(label="Centre", queryset=Centre.objects.order_by("name"))
    professional = SafeModelChoiceField(label="Professionnel", queryset=TeamMember.objects.none())
    first_day = forms.DateField(label="Du", widget=DATE_INPUT)
    last_day = forms.DateField(label="Au", widget=DATE_INPUT)
    weekdays = forms.TypedMultipleChoiceField(
        label="Jours", choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start = forms.TimeField(label="De", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="À", widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label="Durée d'un créneau (minutes)", initial=30, min_value=5, max_value=240)
    visit_kinds = forms.MultipleChoiceField(
        label="Types de visite (aucun coché : tous)",
        required=False,
        choices=VisitKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean() or self.cleaned_data
        _flag_if_before(self, first="start", last="end", message=_TIME_ORDER, or_same=True)
        return data


# --- availability (back office) --------------------------------------------------------------------

ALL_WEEKDAYS = [*WEEKDAYS, (6, "Dimanche")]
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PatternForm(_ProfessionalChoice, forms.Form):
    professional = SafeModelChoiceField(
        label="Professionnel", queryset=TeamMember.objects.none(),
        error_messages={"required": "Choisissez le professionnel.", "invalid_choice": "Professionnel inconnu."},
    )
    centre = SafeModelChoiceField(
        label="Centre", queryset=Centre.objects.order_by("name"),
        error_messages={"required": "Choisissez le centre.", "invalid_choice": "Centre inconnu."},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Jours", choices=ALL_WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un jour.", "invalid_choice": "Jour inconnu."},
    )
    start_time = forms.TimeField(label="De", widget=TIME_INPUT, error_messages={"required": "Indiquez l'heure de début."})
    end_time = forms.TimeField(label="À", widget=TIME_INPUT, error_messages={"required": "Indiquez l'heure de fin."})
    valid_from = forms.DateField(label="Valable du", widget=DATE_INPUT, error_messages={"required": "Indiquez la date de début."})
    valid_until = forms.DateField(label="Jusqu'au (vide : sans fin)", widget=DATE_INPUT, required=False)
    step_minutes = forms.IntegerField(
        label="Pas des créneaux (minutes)", initial=10, min_value=5, max_value=120,
        help_text="Une visite occupe autant de pas consécutifs que sa durée l'exige.",
    )
    visit_kinds = forms.MultipleChoiceField(
        label="Types de visite (aucun coché : tous)", required=False, choices=VisitKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean() or self.cleaned_data
        _flag_if_before(self, first="start_time", last="end_time", message=_TIME_ORDER, or_same=True)
        _flag_if_before(self, first="valid_from", last="valid_until", message=_DAY_ORDER, or_same=False)
        return data


class ExceptionForm(_ProfessionalChoice, forms.Form):
    professional = SafeModelChoiceField(
        label="Professionnel", queryset=TeamMember.objects.none(),
        error_messages={"required": "Choisissez le professionnel.", "invalid_choice": "Professionnel inconnu."},
    )
    kind = forms.ChoiceField(label="Type", choices=ExceptionKind.choices,
                             error_messages={"required": "Choisissez le type."})
    reason = forms.ChoiceField(label="Motif (indisponibilité)", required=False,
                               choices=[("", "— Choisir —"), *ExceptionReason.choices])
    centre = SafeModelChoiceField(
        label="Centre (vide : tous les centres pour une indisponibilité)", queryset=Centre.objects.order_by("name"),
        required=False, error_messages={"invalid_choice": "Centre inconnu."},
    )
    first_day = forms.DateField(label="Du", widget=DATE_INPUT, error_messages={"required": "Indiquez la date de début."})
    last_day = forms.DateField(label="Au", widget=DATE_INPUT, error_messages={"required": "Indiquez la date de fin."})
    start_time = forms.TimeField(label="De (vide : journée entière)", widget=TIME_INPUT, required=False)
    end_time = forms.TimeField(label="À", widget=TIME_INPUT, required=False)
    step_minutes = forms.IntegerField(label="Pas des créneaux ouverts (minutes)", initial=10, min_value=5,
                                      max_value=120, required=False)
    comment = forms.CharField(label="Précision (aucune donnée de santé)", max_length=200, required=False)

    def clean(self):
        data = super().clean() or self.cleaned_data
        _flag_if_before(self, first="start_time", last="end_time", message=_TIME_ORDER, or_same=True)
        _flag_if_before(self, first="first_day", last="last_day", message=_DAY_ORDER, or_same=False)
        return data


class DurationsForm(forms.Form):
    """One number per visit type, built from the VisitDuration rows."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"minutes_{row.pk}"] = forms.IntegerField(
                label=row.label, initial=row.minutes, min_value=5, max_value=240,
                error_messages={"required": "Indiquez une durée.", "invalid": "Indiquez un nombre de minutes."},
            )

    def minutes(self) -> dict[int, int]:
        return {int(name.removeprefix("minutes_")): value for name, value in self.cleaned_data.items()}
