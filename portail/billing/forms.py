from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import bic as stdnum_bic
from stdnum.exceptions import ValidationError as StdnumError

from portail.billing.bank import iban_message
from portail.core.formatting import money_fr
from portail.core.validators import clean_postal_code
from portail.core.widgets import DateInput


class SepaMandateForm(forms.Form):
    holder_name = forms.CharField(label="Titulaire du compte", max_length=140)
    iban = forms.CharField(label="IBAN", max_length=42, help_text="Exemple : FR76 3000 6000 0112 3456 7890 189")
    bic = forms.CharField(label="BIC", max_length=11, required=False,
                          help_text="8 ou 11 caractères ; déduit de l'IBAN si vous le laissez vide.")
    address_line1 = forms.CharField(label="Adresse du titulaire", max_length=200)
    postal_code = forms.CharField(label="Code postal", max_length=5)
    city = forms.CharField(label="Ville", max_length=100)
    consent = forms.BooleanField(
        label="J'autorise le service à prélever mon compte selon les termes du mandat ci-dessus et je confirme "
              "être habilité(e) à signer ce mandat pour le compte de l'entreprise.",
        error_messages={"required": "Cochez cette case pour signer le mandat."},
    )
    _iban_bic = ""  # the BIC schwifty derives from the IBAN, when it knows the bank

    def clean_iban(self) -> str:
        raw = self.cleaned_data["iban"]
        compact = raw.replace(" ", "").replace("-", "").upper()
        try:
            iban = IBAN(compact, validate_bban=True)
        except SchwiftyException as exc:
            raise ValidationError(iban_message(exc)) from exc
        self._iban_bic = str(iban.bic) if iban.bic else ""
        return str(iban.compact)

    def clean_bic(self) -> str:
        value = self.cleaned_data["bic"].replace(" ", "").upper()
        if not value:
            return ""
        try:
            return stdnum_bic.validate(value)
        except StdnumError as exc:
            raise ValidationError("Ce BIC n'est pas valide (8 ou 11 caractères, par exemple BNPAFRPPXXX).") from exc

    def clean_postal_code(self) -> str:
        return clean_postal_code(self.cleaned_data["postal_code"])

    def clean(self):
        data = super().clean() or self.cleaned_data
        if "iban" in data and not data.get("bic") and self._iban_bic:
            data["bic"] = self._iban_bic
        return data


STAFF_METHODS = [("cheque", "Chèque"), ("virement", "Virement"), ("prelevement", "Prélèvement SEPA"),
                 ("carte", "Carte bancaire")]


def open_invoice_choice(invoice) -> tuple[str, str]:
    return str(invoice.pk), f"{invoice.number} du {invoice.issue_date:%d/%m/%Y} – reste {money_fr(invoice.open_amount)}"


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label="Mode de règlement", choices=STAFF_METHODS)
    date = forms.DateField(label="Date du règlement", widget=DateInput())
    amount = forms.DecimalField(label="Montant (€)", max_digits=12, decimal_places=2, min_value=0.01)
    reference = forms.CharField(label="Référence (n° de chèque, libellé du virement…)", max_length=100,
                                required=False)
    invoices = forms.MultipleChoiceField(label="Factures à régler (les plus anciennes d'abord)", required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, open_invoices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field = self.fields["invoices"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [open_invoice_choice(i) for i in open_invoices]


class InvoiceIssueForm(forms.Form):
    kind = forms.ChoiceField(label="Type de facture", choices=[("adhesion", "Facture d'Adhésion"),
                                                             ("cotisation", "Cotisation"),
                                                             ("ajustement", "Facture d'Ajustement")])
    description = forms.CharField(label="Désignation", max_length=300)
    quantity = forms.DecimalField(label="Quantité", max_digits=12, decimal_places=2, initial=1, min_value=0.01)
    unit_price_ht = forms.DecimalField(label="Prix unitaire HT (€)", max_digits=12, decimal_places=2, min_value=0)
    vat_rate = forms.DecimalField(label="Taux de TVA (%)", max_digits=5, decimal_places=2, initial=20)
    period_label = forms.CharField(label="Période", max_length=50, help_text="Par exemple : Année 2026")


class BatchForm(forms.Form):
    collection_date = forms.DateField(label="Date de prélèvement", widget=DateInput())


class ExportForm(forms.Form):
    start = forms.DateField(label="Du", widget=DateInput())
    end = forms.DateField(label="Au", widget=DateInput())


class InvoiceBatchForm(forms.Form):
    """Émettre un lot de factures: one line for every targeted member."""

    kind = InvoiceIssueForm.base_fields["kind"]
    period_label = forms.CharField(label="Période", max_length=50, help_text="Par exemple : Année 2026")
    description = forms.CharField(label="Désignation", max_length=300)
    quantity = forms.DecimalField(label="Quantité", max_digits=12, decimal_places=2, initial=1, min_value=0.01)
    unit_price_ht = forms.DecimalField(label="Prix unitaire HT (€)", max_digits=12, decimal_places=2, min_value=0)
    vat_rate = forms.DecimalField(label="Taux de TVA (%)", max_digits=5, decimal_places=2, initial=20, min_value=0,
                                  max_value=100)
    joined_since = forms.DateField(label="Adhérents actifs ayant adhéré depuis le", required=False,
                                   widget=DateInput())
    numbers = forms.CharField(
        label="Ou : numéros d'adhérents", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Séparés par des espaces, virgules ou retours à la ligne. Prioritaire sur la date.",
    )

    def clean_numbers(self) -> list[str]:
        raw = self.cleaned_data["numbers"].replace(",", " ").replace(";", " ").split()
        bad = [n for n in raw if not n.isdigit()]
        if bad:
            raise ValidationError(("Numéro d'adhérent invalide" if len(bad) == 1 else "Numéros d'adhérent invalides")
                                  + f" : {', '.join(bad)}.")
        return raw

    def clean(self):
        data = super().clean() or self.cleaned_data
        if not data.get("numbers") and not data.get("joined_since") and not self.has_error("numbers"):
            raise ValidationError("Choisissez les adhérents : une date d'adhésion ou une liste de numéros.")
        return data


class AllocationPaymentForm(PaymentForm):
    """A payment with an explicit amount for each open invoice (partial allocations allowed).
    Without any amount, the ticked invoices are settled oldest first (PaymentForm behaviour)."""

    def __init__(self, *args, open_invoices=(), **kwargs):
        super().__init__(*args, open_invoices=open_invoices, **kwargs)
        self.open_invoices = list(open_invoices)
        self.fields["invoices"].label = "Ou : régler intégralement les factures cochées (les plus anciennes d'abord)"
        for invoice in self.open_invoices:
            self.fields[f"alloc_{invoice.pk}"] = forms.DecimalField(
                label=f"Affecter à la facture {invoice.number} (reste dû {money_fr(invoice.open_amount)})",
                max_digits=12, decimal_places=2, min_value=0, required=False,
            )

    def allocation_fields(self):
        return [self[f"alloc_{i.pk}"] for i in self.open_invoices]

    def clean(self):
        data = super().clean() or self.cleaned_data
        total, explicit = Decimal("0"), []
        for invoice in self.open_invoices:
            name = f"alloc_{invoice.pk}"
            part = data.get(name)
            if not part:
                continue
            if part > invoice.open_amount:
                self.add_error(name, f"Vous ne pouvez pas affecter plus que le reste dû de la facture "
                                     f"{invoice.number} ({money_fr(invoice.open_amount)}).")
                continue
            explicit.append((invoice, part))
            total += part
        amount = data.get("amount")
        if amount is not None and total > amount:
            raise ValidationError(f"Vous ne pouvez pas affecter plus que le montant du règlement "
                                  f"({money_fr(amount)}) : {money_fr(total)} affectés.")
        data["explicit_allocations"] = explicit
        return data


class CreditNoteNetForm(forms.Form):
    invoice = forms.ChoiceField(label="Facture à compenser")

    def __init__(self, *args, open_invoices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field = self.fields["invoice"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [open_invoice_choice(i) for i in open_invoices]


class PeriodForm(ExportForm):
    def clean(self):
        data = super().clean() or self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("La date de début doit précéder la date de fin.")
        return data
