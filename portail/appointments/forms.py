"""Input shape of the appointment screens; French messages next to the fields."""

from __future__ import annotations

from django import forms

from portail.appointments.models import (
    AbsenceType,
    AppointmentStatus,
    CancellationReason,
    DocumentKind,
    EmployerReason,
    VisitKind,
)
from portail.members.models import Centre, TeamMember
from portail.workforce.models import Employee

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppointmentRequestForm(forms.Form):
    employees = forms.ModelMultipleChoiceField(
        label="Salarié(s)",
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": "Choisissez au moins un salarié.",
            "invalid_choice": "Salarié inconnu.",
            "invalid_pk_value": "Salarié inconnu.",
        },
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
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
        label="Contrainte(s) de convocation",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Reprises de la fiche du salarié ; aucune information médicale.",
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = Employee.objects.filter(member=member, exit_date__isnull=True).order_by(
            "birth_name", "first_name", "pk"
        )

    def clean(self):
        data = super().clean()
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
    employee = forms.ModelChoiceField(
        label="Salarié", queryset=Employee.objects.none(), error_messages={"required": "Choisissez le salarié."}
    )
    slot = forms.IntegerField(
        label="Créneau", widget=forms.Select, error_messages={"required": "Choisissez un créneau."}
    )

    def __init__(self, *args, appointment_request, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = appointment_request.employees.all()
        self.fields["slot"].widget.choices = [("", "— Choisir —")] + [
            (s.pk, f"{s.start:%d/%m/%Y %H:%M} – {s.professional.get_role_display()} {s.professional} – {s.centre}")
            for s in slots
        ]


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


class SlotPatternForm(forms.Form):
    centre = forms.ModelChoiceField(label="Centre", queryset=Centre.objects.all())
    professional = forms.ModelChoiceField(label="Professionnel", queryset=TeamMember.objects.all())
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
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "L'heure de fin doit suivre l'heure de début.")
        return data
