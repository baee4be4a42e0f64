"""Staff accounting forms (input shape only): credit notes, confirmations, SEPA rejects, statement upload."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from portail.billing.forms import SepaMandateForm
from portail.billing.sepa_batch import REJECT_REASONS
from portail.core.widgets import DateInput

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
CONFIRM_LABEL = "Je confirme : cette opération est définitive."


def confirm_field(label: str = CONFIRM_LABEL) -> forms.BooleanField:
    return forms.BooleanField(label=label, error_messages={"required": "Cochez la case pour confirmer."})


class ConfirmForm(forms.Form):
    confirm = confirm_field()


class CreditNoteForm(forms.Form):
    """Total, by line (quantity per line) or by amount; the reason is printed on the credit note's lines."""

    MODES = [("total", "Avoir total (annule toute la facture)"), ("lignes", "Avoir partiel par ligne"),
             ("montant", "Avoir partiel d'un montant HT")]
    mode = forms.ChoiceField(label="Type d'avoir", choices=MODES, widget=forms.RadioSelect)
    amount_ht = forms.DecimalField(label="Montant HT à créditer (€)", max_digits=12, decimal_places=2,
                                   min_value=Decimal("0.01"), required=False, localize=True)
    reason = forms.CharField(label="Motif (imprimé sur l'avoir)", max_length=150, required=False)
    confirm = confirm_field("Je confirme l'émission de cet avoir : un avoir émis est définitif.")

    def __init__(self, *args, lines=(), total_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice_lines = list(lines)
        if not total_allowed:
            mode = self.fields["mode"]
            assert isinstance(mode, forms.ChoiceField)
            mode.choices = self.MODES[1:]
        for line in self.invoice_lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=f"Quantité à créditer – {line.description} (facturé : {line.quantity.normalize():f})",
                max_digits=12, decimal_places=2, min_value=0, max_value=line.quantity, required=False, localize=True)

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.invoice_lines]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        mode = data.get("mode")
        if mode == "montant" and not data.get("amount_ht"):
            self.add_error("amount_ht", "Indiquez le montant HT de l'avoir.")
        if mode == "lignes":
            data["line_quantities"] = {line.pk: data.get(f"line_{line.pk}") or Decimal(0) for line in self.invoice_lines}
            if not any(data["line_quantities"].values()):
                raise ValidationError("Indiquez au moins une quantité à créditer.")
        return data


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label="Motif du rejet (code R)",
                               choices=[(code, f"{code} – {label}") for code, label in REJECT_REASONS.items()])
    fee = forms.DecimalField(label="Frais bancaires (€)", max_digits=8, decimal_places=2, min_value=0,
                             initial=Decimal("0.00"), localize=True)
    on = forms.DateField(label="Date du rejet", widget=DateInput())
    confirm = confirm_field("Je confirme le rejet : les factures redeviennent dues et l'adhérent est prévenu.")


class StatementUploadForm(forms.Form):
    statement = forms.FileField(label="Relevé bancaire (CAMT.053 en XML, ou CSV)",
                                help_text="5 Mo au plus. Rien n'est enregistré avant votre confirmation.")

    def clean_statement(self) -> tuple[str, bytes]:
        """The bytes, read at once; the upload is closed so that a temporary file (big uploads) is deleted."""
        upload = self.cleaned_data["statement"]
        try:
            if upload.size > MAX_STATEMENT_BYTES:
                raise ValidationError("Le relevé dépasse 5 Mo : importez-le par période.")
            if not upload.name.lower().endswith((".xml", ".csv", ".txt")):
                raise ValidationError("Le relevé doit être un fichier CAMT.053 (.xml) ou CSV (.csv).")
            return upload.name, upload.read()
        finally:
            upload.close()


class PaperMandateForm(SepaMandateForm):
    """A mandate the member signed on paper, typed in by staff from the form they keep."""

    consent = None  # type: ignore[assignment]  # the member's signature is on the paper form
    signed_on = forms.DateField(label="Date de signature du mandat papier", widget=DateInput())
    reference = forms.CharField(
        label="RUM imprimée sur le formulaire", max_length=40, required=False,
        help_text="Laissez vide pour qu'une référence unique de mandat soit attribuée.")
    field_order = ["holder_name", "iban", "bic", "address_line1", "postal_code", "city", "signed_on", "reference"]


class MandateRevokeForm(forms.Form):
    reason = forms.CharField(label="Motif de la révocation", max_length=200,
                             help_text="Par exemple : courrier de l'adhérent du 02/12/2026, compte clôturé.",
                             error_messages={"required": "Indiquez le motif de la révocation."})
    confirm = confirm_field("Je confirme la révocation : ce mandat ne pourra plus servir à aucun prélèvement.")
