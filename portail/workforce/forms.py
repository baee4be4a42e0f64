"""Input shape of the employee screens; the domain rules live in services (dates are checked here
too, so every message shows next to its field in one round trip)."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.http import QueryDict

from portail.core.concurrency import version_field
from portail.core.fields import FormMixin
from portail.core.widgets import DateInput
from portail.followup.determinants import DETERMINANTS, selection_clean, validate_selection
from portail.reference import pcs_get, pcs_normalize
from portail.workforce import import_files, imports
from portail.workforce import nir as nirlib
from portail.workforce.models import ContractType, ExitReason, Sex
from portail.workforce.services import employee_dates_errors

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TEXT_MAX = 2000


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput())


def _text(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


DETERMINANT_CHOICES = [(d.code, d.label) for d in DETERMINANTS]


class PcsAndKeptNirMixin(FormMixin):
    """The `pcs_code` and `nir` fields as the employee form and the declaration's completion form both read them."""

    def nir_keep(self, employee) -> None:
        """On an employee with a NIR: the stored one is kept unless a new one is typed; it is never put back in
        the page."""
        if employee is not None and employee.nir_hash:
            self.fields["nir"].required = False
            self.fields["nir"].help_text = f"Actuel : {employee.nir_masked} — laissez vide pour le conserver."

    def clean_pcs_code(self) -> str:
        # The list offers "CODE – label": only the code is kept.
        raw = self.cleaned_data["pcs_code"].strip()
        if not raw:
            return ""
        code = pcs_normalize(raw.split("–")[0].split(" ")[0])
        if code is None or pcs_get(code) is None:
            raise forms.ValidationError("Code PCS inconnu : choisissez un code de la liste PCS-ESE 2017.")
        return code


class EmployeeForm(PcsAndKeptNirMixin, forms.Form):
    birth_name = forms.CharField(label="Nom de naissance", max_length=80)
    usage_name = forms.CharField(label="Nom marital", max_length=80, required=False)
    first_name = forms.CharField(label="Prénom", max_length=80)
    birth_date = _date("Date de naissance")
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    nir = forms.CharField(
        label="N° Sécurité Sociale",
        max_length=25,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}),
    )
    hire_date = _date("Date d'embauche")
    job_title = forms.CharField(label="Poste de travail", max_length=120)
    contract = forms.ChoiceField(label="Contrat", choices=[("", "—")] + ContractType.choices)
    # The edit form shows "CODE – label" (up to ~175 characters): a limit shorter than that refused an
    # employee's own page submitted unchanged. Only the code is stored.
    pcs_code = forms.CharField(label="Code PCS", max_length=200, required=False)
    trial_end = _date("Date de fin de période d'essai", required=False)
    contract_end = _date("Date de fin de contrat", required=False)
    determinants = forms.MultipleChoiceField(
        label="Déterminant Suivi Individuel",
        choices=DETERMINANT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    employer_risk_justification = _text("Justification écrite des risques particuliers (art. R4624-23 III)")
    scheduling_constraints = _text("Contrainte(s) de convocation")
    comments = _text("Commentaire(s)")
    # The employee's version when the edit page was shown (optimistic locking, checked by the service).
    version = version_field()

    def __init__(self, *args, employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.nir_warning = ""
        self.nir_keep(employee)

    def clean(self):
        data = super().clean() or self.cleaned_data
        for field, message in employee_dates_errors(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        # The default "Aucun suivi particulier" left ticked beside a risk: the risks are what is declared.
        codes = data["determinants"] = selection_clean(data.get("determinants") or [])
        for message in validate_selection(codes=codes, justification=data.get("employer_risk_justification", "")):
            field = "employer_risk_justification" if "Justifiez" in message else "determinants"
            self.add_error(field, message)
        self._clean_nir(data)
        return data

    def _clean_nir(self, data) -> None:
        raw = data.get("nir", "")
        if not raw or "nir" in self.errors:
            return
        try:
            checked = nirlib.check(raw, sex=data.get("sex", ""), birth_date=data.get("birth_date"))
        except nirlib.NirError as error:
            self.add_error("nir", str(error))
            return
        data["nir"] = checked.value
        self.nir_warning = checked.warning

    @classmethod
    def initial_for(cls, employee) -> dict:
        fields = [f for f in cls.base_fields if f != "nir"]
        initial = {f: getattr(employee, f) for f in fields}
        pcs = pcs_get(employee.pcs_code) if employee.pcs_code else None
        initial["pcs_code"] = pcs.display if pcs else employee.pcs_code
        return initial


def typed_date(raw: str | None) -> date | None:
    """A date as the employee form accepts it, None for anything else (the category preview reads the
    fields as they are being typed)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime((raw or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


class ExitForm(forms.Form):
    exit_date = _date("Date de sortie")
    exit_reason = forms.ChoiceField(label="Motif de sortie", choices=[("", "—")] + ExitReason.choices)


class RehireForm(forms.Form):
    hire_date = _date("Date d'embauche")
    contract = forms.ChoiceField(label="Contrat", choices=[("", "—")] + ContractType.choices)
    contract_end = _date("Date de fin de contrat", required=False)


class ListFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher un salarié (nom, prénom)", required=False, max_length=80)
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), ("SI", "SI"), ("SIA", "SIA"), ("SIR", "SIR")]
    )
    contract = forms.ChoiceField(label="Contrat", required=False, choices=[("", "Tous")] + ContractType.choices)
    status = forms.ChoiceField(
        label="Salariés",
        required=False,
        choices=[("presents", "Salariés présents"), ("anciens", "Anciens salariés"), ("tous", "Tous")],
    )
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=100000, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label="Fichier des salariés (CSV ou Excel .xlsx, 5 Mo au plus)")


class ImportMappingForm(forms.Form):
    """One select per column of the file: which employee field it holds, or "— ignorer —"."""

    def __init__(self, *args, header: list, initial_mapping: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— ignorer —"), *imports.TARGETS]
        self.width = len(header)
        for index, title in enumerate(header):
            text = import_files.cell_text(title) or f"(colonne {index + 1} sans intitulé)"
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=f"Colonne {index + 1} : « {text[:80]} »",
                choices=choices,
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}") or "" for i in range(self.width)]

    def clean(self):
        data = super().clean()
        for message in imports.mapping_errors(self.mapping()):
            self.add_error(None, message)
        return data


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): a mandataire drops several clients' DSNs."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".dsn,.txt,.edi,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class DsnUploadForm(forms.Form):
    # Named like BaseForm.files, which stubs see; the form's metaclass moves it into base_fields.
    files = _MultipleFileField(  # type: ignore[assignment]
        label="Fichier(s) DSN mensuelle(s)",
        help_text="Le fichier tel que votre logiciel de paie le produit ; plusieurs fichiers à la fois si vous "
                  "déposez les DSN de plusieurs entreprises.",
    )


class DsnChoiceForm(forms.Form):
    """The preview's choices: kinds of change to apply, and the rows unticked among those shown."""

    actions = forms.MultipleChoiceField(
        choices=[("create", "Entrées"), ("exit", "Sorties"), ("update", "Modifications"), ("rehire", "Réembauches")],
        required=False, widget=forms.CheckboxSelectMultiple,
    )

    def excluded(self) -> frozenset[int]:
        """Row numbers unticked on the page; anything that is not one is ignored."""
        assert isinstance(self.data, QueryDict), "bound to request.POST"
        return frozenset(int(v) for v in self.data.getlist("excluded") if v.isdigit() and len(v) < 9)
