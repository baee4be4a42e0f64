"""Rules an administrator tunes (settings screen, "Tarifs, délais et objectifs"): one form per section.

Bounds are checked here with French messages; each model keeps its own meaning (see its app).
"""

from decimal import Decimal

from django import forms

from portail.appointments.models import AppointmentSettings, VisitKind
from portail.billing.bank import bic_compact, iban_compact
from portail.billing.models import BillingSettings
from portail.declarations.models import TariffSettings

TARGET_MAX_DAYS = 60


def _bounded(form, name: str, low, high, message: str):
    value = form.cleaned_data.get(name)
    if value is not None and not low <= value <= high:
        raise forms.ValidationError(message)
    return value


class AppointmentRulesForm(forms.ModelForm):
    class Meta:
        model = AppointmentSettings
        fields = ["cancellation_days", "cutoff_hour", "no_show_policy"]
        widgets = {"no_show_policy": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        help_texts = {"cutoff_hour": "De 0 à 24 (24 : jusqu'à minuit le dernier jour)."}

    def clean_cancellation_days(self):
        return _bounded(self, "cancellation_days", 0, 15, "Indiquez un délai entre 0 et 15 jours ouvrés.")

    def clean_cutoff_hour(self):
        return _bounded(self, "cutoff_hour", 0, 24, "Indiquez une heure entre 0 et 24.")

    def clean_no_show_policy(self):
        text = self.cleaned_data["no_show_policy"].strip()
        if len(text) > 1000:
            raise forms.ValidationError("1 000 caractères au plus.")
        return text


class BookingRulesForm(forms.ModelForm):
    """Per visit type: "réservation directe" (checked) or "demande seulement" (unchecked)."""

    bookable_kinds = forms.MultipleChoiceField(
        label="Réservation directe par les adhérents", required=False, choices=VisitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les types cochés se réservent en ligne sur un créneau libre (par l'adhérent ou par le salarié "
                  "avec un lien) ; les autres restent en « demande seulement » : le service planifie.",
        error_messages={"invalid_choice": "Type de visite inconnu."})

    class Meta:
        model = AppointmentSettings
        fields = ["bookable_kinds"]

    def clean_bookable_kinds(self):
        chosen = set(self.cleaned_data["bookable_kinds"])
        return [value for value in VisitKind.values if value in chosen]


class BillingRulesForm(forms.ModelForm):
    # Typed with its spaces (up to 34 characters and 8 spaces), kept compact.
    creditor_iban = forms.CharField(
        label="IBAN du service (virements et prélèvements)", max_length=42, required=False,
        help_text="Imprimé avec la référence de virement sur les factures et l'échéancier.")

    class Meta:
        model = BillingSettings
        fields = ["payment_terms_days", "late_penalty_text", "late_penalty_rate", "recovery_indemnity",
                  "sepa_prenotification_days", "creditor_iban", "creditor_bic", "credit_application"]
        localized_fields = ["recovery_indemnity", "late_penalty_rate"]
        help_texts = {"late_penalty_rate": "Taux annuel appliqué par jour de retard (au moins trois fois le taux "
                                           "d'intérêt légal) : taux BCE majoré de 10 points à défaut de stipulation.",
                      "credit_application": "Avoirs et trop-perçus : imputés d'office sur la dette la plus ancienne, "
                                            "ou laissés en crédit jusqu'à l'accord de l'adhérent."}

    def clean_payment_terms_days(self):
        # Code de commerce L441-10: at most 60 days from the invoice date.
        return _bounded(self, "payment_terms_days", 0, 60, "Le délai de paiement ne peut dépasser 60 jours.")

    def clean_late_penalty_rate(self):
        return _bounded(self, "late_penalty_rate", Decimal("0.01"), Decimal("50.00"),
                        "Indiquez un taux annuel entre 0,01 et 50 %.")

    def clean_recovery_indemnity(self):
        # Code de commerce D441-5: the flat indemnity is at least 40 €.
        return _bounded(self, "recovery_indemnity", Decimal("40.00"), Decimal("1000.00"),
                        "L'indemnité forfaitaire est d'au moins 40 € (et au plus 1 000 €).")

    def clean_creditor_iban(self):
        value = self.cleaned_data["creditor_iban"].strip()
        return iban_compact(value) if value else ""

    def clean_creditor_bic(self):
        value = self.cleaned_data["creditor_bic"].strip()
        return bic_compact(value) if value else ""

    def clean_sepa_prenotification_days(self):
        return _bounded(self, "sepa_prenotification_days", 1, 30,
                        "Le délai de pré-notification doit être compris entre 1 et 30 jours.")


class TariffRulesForm(forms.ModelForm):
    class Meta:
        model = TariffSettings
        fields = ["tariff_si", "tariff_sia", "tariff_sir", "vat_rate", "change_threshold_pct", "closes_after_days"]
        localized_fields = ["tariff_si", "tariff_sia", "tariff_sir", "vat_rate"]  # "100,00" as typed in French

    def _tariff(self, name):
        return _bounded(self, name, Decimal("0.00"), Decimal("10000.00"),
                        "Indiquez un tarif entre 0 et 10 000 € HT.")

    def clean_tariff_si(self):
        return self._tariff("tariff_si")

    def clean_tariff_sia(self):
        return self._tariff("tariff_sia")

    def clean_tariff_sir(self):
        return self._tariff("tariff_sir")

    def clean_vat_rate(self):
        return _bounded(self, "vat_rate", Decimal("0.00"), Decimal("100.00"), "Le taux de TVA va de 0 à 100 %.")

    def clean_change_threshold_pct(self):
        return _bounded(self, "change_threshold_pct", 1, 100, "Indiquez un seuil entre 1 et 100 %.")

    def clean_closes_after_days(self):
        return _bounded(self, "closes_after_days", 1, 365, "Indiquez une durée entre 1 et 365 jours.")


class InboxTargetsForm(forms.Form):
    """One field per inbox request type: its target in business days."""

    def __init__(self, *args, sources, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for source in sources:
            self.fields[source.key] = forms.IntegerField(
                label=source.label, initial=current[source.key], min_value=1, max_value=TARGET_MAX_DAYS,
                error_messages={"min_value": "Au moins 1 jour ouvré.",
                                "max_value": f"Au plus {TARGET_MAX_DAYS} jours ouvrés.",
                                "invalid": "Indiquez un nombre entier de jours ouvrés.",
                                "required": "Indiquez le délai cible."},
                help_text="jours ouvrés",
            )
