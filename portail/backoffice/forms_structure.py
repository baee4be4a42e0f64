"""Structure and settings forms (administrators): centres, care teams, people, the service."""

from django import forms

from portail.billing.bank import creditor_id_compact
from portail.core import validators
from portail.core.fields import SafeModelMultipleChoiceField
from portail.members.forms import AddressCleaningMixin
from portail.members.models import CareTeam, Centre, Service, TeamMember

CALENDAR_REGIONS = [
    ("", "France métropolitaine"),
    ("57", "Moselle (57)"),
    ("6AE", "Alsace (Bas-Rhin 67, Haut-Rhin 68)"),
    ("971", "Guadeloupe (971)"),
    ("972", "Martinique (972)"),
    ("973", "Guyane (973)"),
    ("974", "La Réunion (974)"),
    ("976", "Mayotte (976)"),
]
LOGO_MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# An SVG is a document: anything that can run script is refused (it is served from our origin).
SVG_FORBIDDEN = (b"<script", b"javascript:", b"<foreignobject", b"<iframe", b"<embed", b"<object")


class CentreForm(AddressCleaningMixin, forms.ModelForm):
    calendar_region = forms.ChoiceField(label="Calendrier des jours fériés", choices=CALENDAR_REGIONS,
                                        required=False)

    class Meta:
        model = Centre
        fields = ["name", "address_line1", "address_line2", "postal_code", "city", "phone", "opening_hours",
                  "access", "calendar_region"]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3}), "access": forms.Textarea(attrs={"rows": 3})}

    def clean_phone(self):
        return validators.clean_phone(self.cleaned_data.get("phone", ""))


class PeopleChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.get_role_display()}"


class CareTeamForm(forms.ModelForm):
    people = PeopleChoiceField(label="Membres de l'équipe", required=False, widget=forms.CheckboxSelectMultiple,
                               queryset=TeamMember.objects.order_by("last_name", "first_name"))

    class Meta:
        model = CareTeam
        fields = ["name", "centre", "people"]


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["role", "last_name", "first_name", "phone", "email", "centre"]

    def clean_phone(self):
        return validators.clean_phone(self.cleaned_data.get("phone", ""))


def clean_logo(upload):
    """PNG or SVG only, checked on content (not the name), at most 512 Ko."""
    if not upload or not hasattr(upload, "read"):
        return upload
    if upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError("Le logo ne doit pas dépasser 512 Ko.")
    upload.seek(0)
    head = upload.read()
    upload.seek(0)
    name = upload.name.lower()
    if name.endswith(".png") and head.startswith(PNG_SIGNATURE):
        return upload
    if name.endswith(".svg"):
        lowered = head.lower()
        if b"<svg" not in lowered[:2048]:
            raise forms.ValidationError("Ce fichier n'est pas une image SVG.")
        if any(token in lowered for token in SVG_FORBIDDEN) or _has_event_handler(lowered):
            raise forms.ValidationError("Ce SVG contient du script : il est refusé.")
        return upload
    raise forms.ValidationError("Le logo doit être une image PNG ou SVG.")


def _has_event_handler(content: bytes) -> bool:
    import re

    return re.search(rb"\son[a-z]+\s*=", content) is not None


class ServiceForm(AddressCleaningMixin, forms.ModelForm):
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        model = Service
        fields = ["name", "tagline", "logo", "primary_color", "accent_color", "hotline_email",
                  "staff_notification_email", "phone", "website", "siret", "vat_number", "address_line1",
                  "address_line2", "postal_code", "city", "sepa_creditor_id", "member_admin_totp_required"]
        widgets = {"primary_color": forms.TextInput(attrs={"type": "color"}),
                   "accent_color": forms.TextInput(attrs={"type": "color"})}

    def clean_logo(self):
        return clean_logo(self.cleaned_data.get("logo"))

    def clean_siret(self):
        raw = self.cleaned_data.get("siret", "")
        return validators.clean_siret(raw) if raw else ""

    def clean_phone(self):
        return validators.clean_phone(self.cleaned_data.get("phone", ""))

    def clean_sepa_creditor_id(self):
        value = self.cleaned_data.get("sepa_creditor_id", "").strip()
        return creditor_id_compact(value) if value else ""

    def clean_vat_number(self):
        return self.cleaned_data.get("vat_number", "").replace(" ", "").upper()

    def clean_postal_code(self):
        raw = self.cleaned_data.get("postal_code", "")
        return validators.clean_postal_code(raw) if raw else ""
