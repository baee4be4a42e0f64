from datetime import date

from django import forms

from portail.core.widgets import DateInput
from portail.declarations.models import Campaign
from portail.declarations.selectors import tariff_settings_get
from portail.workforce import nir as nirlib
from portail.workforce.forms import PcsAndKeptNirMixin
from portail.workforce.models import ExitReason

DATE = DateInput()


class FillForm(forms.Form):
    headcount_change_confirmed = forms.BooleanField(
        label="Je confirme que cette variation de mon effectif est exacte", required=False
    )


class ExitForm(forms.Form):
    exit_date = forms.DateField(label="Date de sortie", widget=DATE)
    exit_reason = forms.ChoiceField(label="Motif de sortie", choices=ExitReason.choices)


class ExpiredExitsForm(forms.Form):
    """The employees the preview page showed, posted back so that exactly those are exited."""

    salaries = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.MultipleHiddenInput,
        error_messages={"required": "Aucun salarié à sortir.",
                        "invalid_choice": "La liste a changé depuis l'aperçu : vérifiez-la à nouveau."},
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        salaries = self.fields["salaries"]
        assert isinstance(salaries, forms.ChoiceField)
        salaries.choices = [(e.pk, str(e)) for e in employees]
        self.initial.setdefault("salaries", [e.pk for e in employees])


class CompleteForm(PcsAndKeptNirMixin, forms.Form):
    """The missing data the checks flag, completed without leaving the declaration."""

    nir = forms.CharField(label="N° Sécurité Sociale", max_length=30,
                          widget=forms.TextInput(attrs={"autocomplete": "off"}))
    pcs_code = forms.CharField(label="Code PCS", max_length=60, required=False,
                               help_text="Code PCS-ESE, par exemple 344B.")
    job_title = forms.CharField(label="Poste de travail", max_length=120, required=False)

    def __init__(self, *args, employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.fields["pcs_code"].required = not employee.pcs_code
        self.fields["job_title"].required = not employee.job_title
        self.nir_keep(employee)

    def clean_nir(self) -> str:
        raw = self.cleaned_data["nir"].strip()
        if not raw:
            return ""
        try:
            return nirlib.check(raw, sex=self.employee.sex, birth_date=self.employee.birth_date).value
        except nirlib.NirError as error:
            raise forms.ValidationError(str(error)) from error

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "reference_date", "opens_on", "closes_on", "tariff_si", "tariff_sia", "tariff_sir",
                  "vat_rate", "change_threshold_pct"]
        widgets = {"reference_date": DATE, "opens_on": DATE, "closes_on": DATE}
        localized_fields = ["tariff_si", "tariff_sia", "tariff_sir", "vat_rate"]  # "100,00" as typed in French

    @classmethod
    def initial_for_next(cls) -> dict:
        """Dates for this year; tariffs, VAT, threshold and duration from the settings screen."""
        from datetime import timedelta

        tariffs, today = tariff_settings_get(), date.today()
        year = today.year
        return {"year": year, "reference_date": date(year, 1, 1), "opens_on": today,
                "closes_on": today + timedelta(days=tariffs.closes_after_days),
                "tariff_si": tariffs.tariff_si, "tariff_sia": tariffs.tariff_sia, "tariff_sir": tariffs.tariff_sir,
                "vat_rate": tariffs.vat_rate, "change_threshold_pct": tariffs.change_threshold_pct}

    def validate_unique(self):
        # The service says "Une campagne … existe déjà" itself, in the same words as the other checks.
        pass


class CloseForm(forms.Form):
    mark_unfileable = forms.TypedChoiceField(
        label="Déclarations non transmises", coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("1", "Passer en « Non saisissable »"), ("0", "Les laisser ouvertes aux retardataires")],
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Motif de la réouverture", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
