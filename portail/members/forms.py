"""Input shape only: the seed's forms, with French messages next to each field."""

from django import forms

from portail.core import validators
from portail.core.concurrency import version_field
from portail.core.fields import FormMixin
from portail.core.widgets import DateInput
from portail.members.models import (
    AddressKind,
    ContactKind,
    Member,
    MemberAddress,
    MemberContact,
    SituationChangeKind,
    SituationChangeRequest,
)
from portail.reference import city_matches

CHOOSE = [("", "-- Choisir un type --")]
ADDRESS_FIELDS = ["address_line1", "address_line2", "address_line3", "postal_code", "city", "country"]


class AddressCleaningMixin(FormMixin):
    """Postal code checked against La Poste's list; the city must be one of its communes."""

    def clean_postal_code(self):
        return validators.clean_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        code, city = cleaned.get("postal_code"), (cleaned.get("city") or "").strip()
        country = (cleaned.get("country") or "France").strip().lower()
        if code and city and country in ("", "france") and not city_matches(postal_code=code, city=city):
            names = ", ".join(validators.commune_names(code))
            self.add_error("city", f"Cette ville ne correspond pas au code postal {code}. Communes possibles : {names}.")
        return cleaned


class PostalWidgetsMixin(FormMixin):
    """The postal-code field asks the server (htmx) for its communes, offered on the city field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        list_id = f"{self.prefix or 'f'}-communes"
        self.fields["postal_code"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "autocomplete": "postal-code",
                "hx-get": "/informations/communes/",
                "hx-trigger": "change, keyup changed delay:400ms",
                "hx-target": f"#{list_id}",
                "hx-vals": f'{{"liste": "{list_id}"}}',
                "hx-swap": "outerHTML",
                "name": "postal_code",
            }
        )
        self.fields["city"].widget.attrs.update({"list": list_id, "autocomplete": "address-level2"})
        self.communes_list_id = list_id


class MemberIdentityMixin(FormMixin):
    """A member's SIRET, NAF code and phone, read alike on the member's page and in the back office."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        naf_code = self.fields["naf_code"]
        assert isinstance(naf_code, forms.CharField)
        naf_code.max_length = 120  # the user may paste "86.21Z – label"

    def clean_siret(self):
        return validators.clean_siret(self.cleaned_data.get("siret", ""))

    def clean_naf_code(self):
        raw = self.cleaned_data.get("naf_code", "")
        return validators.clean_naf(raw.split("–")[0] if raw else raw)

    def clean_phone(self):
        return validators.clean_phone(self.cleaned_data.get("phone", ""))


class MemberInfoForm(MemberIdentityMixin, AddressCleaningMixin, PostalWidgetsMixin, forms.ModelForm):
    # Not a model field of the form: the service checks it (optimistic locking), the form never writes it.
    version = version_field()

    class Meta:
        model = Member
        fields = ["name", *ADDRESS_FIELDS, "siret", "naf_code", "phone", "email"]
        labels = {"name": "Raison sociale", "naf_code": "Activité (code NAF)", "email": "E-mail"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("address_line1", "postal_code", "city"):
            self.fields[name].required = True
        self.fields["naf_code"].widget.attrs.update({"list": "naf-options", "placeholder": "ex. 86.21Z"})


class AddressForm(AddressCleaningMixin, PostalWidgetsMixin, forms.ModelForm):
    kind = forms.ChoiceField(label="Type", choices=CHOOSE + list(AddressKind.choices))

    class Meta:
        model = MemberAddress
        fields = ["kind", "company", "department", *ADDRESS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An address that cannot be posted to is useless: the first line, code and town are required.
        for name in ("address_line1", "postal_code", "city"):
            self.fields[name].required = True


class ContactForm(AddressCleaningMixin, PostalWidgetsMixin, forms.ModelForm):
    kind = forms.ChoiceField(label="Type", choices=CHOOSE + list(ContactKind.choices))

    class Meta:
        model = MemberContact
        fields = [
            "kind", "last_name", "first_name", "function", "company", "department",
            "address_line1", "address_line2", "postal_code", "city", "country",
            "phone", "mobile", "fax", "email",
        ]

    def clean_phone(self):
        return validators.clean_phone(self.cleaned_data.get("phone", ""))

    def clean_mobile(self):
        return validators.clean_phone(self.cleaned_data.get("mobile", ""))

    def clean_fax(self):
        return validators.clean_phone(self.cleaned_data.get("fax", ""))


class SituationChangeForm(forms.ModelForm):
    kind = forms.ChoiceField(label="Type de changement", choices=CHOOSE + list(SituationChangeKind.choices))
    effective_date = forms.DateField(label="Date d'effet", widget=DateInput())

    class Meta:
        model = SituationChangeRequest
        fields = ["kind", "effective_date", "comment", "attachment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def clean_attachment(self):
        return validators.clean_pdf_upload(self.cleaned_data.get("attachment"))
