from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import authenticate

from portail.accounts.forms import one_time_code_field
from portail.accounts.models import AccountKind, User
from portail.backoffice.inbox import InboxSource
from portail.backoffice.models import StaffRole
from portail.core.concurrency import version_field
from portail.core.fields import FormMixin, SafeModelChoiceField
from portail.core.widgets import DateInput
from portail.members.forms import AddressCleaningMixin, MemberIdentityMixin
from portail.members.models import CareTeam, Centre, Member, RequestStatus

LOGIN_ERROR = "Identifiant ou mot de passe incorrect, ou compte sans accès au back office."


class StaffLoginForm(forms.Form):
    username = forms.CharField(label="Identifiant", max_length=150)
    password = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean(self):
        data = super().clean() or self.cleaned_data
        if self.errors:
            return data
        user = authenticate(
            self.request, username=data["username"], password=data["password"], account_kind=AccountKind.STAFF
        )
        if user is None or not user.is_staff or not user.is_active:
            raise forms.ValidationError(LOGIN_ERROR)
        self.user = user
        return data


class OtpForm(forms.Form):
    token = one_time_code_field(label="Code à 6 chiffres ou code de secours", max_length=16)

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class EnrolForm(OtpForm):
    """The first code, which the app shows once set up: no backup code yet."""

    token = one_time_code_field(label="Code à 6 chiffres affiché par l'application")


SORT_CHOICES = [
    (f"{sign}{key}", key) for key in ("type", "adherent", "recue", "echeance", "anciennete", "statut")
    for sign in ("", "-")
]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher (n° adhérent, raison sociale, salarié)", required=False, max_length=100)
    type = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(label="Statut", required=False)
    assigned = forms.ChoiceField(
        label="Attribution", required=False,
        choices=[("", "Toutes"), ("me", "Attribuées à moi"), ("none", "Non attribuées")],
    )
    my_team = forms.BooleanField(label="Adhérents de mon équipe uniquement", required=False)
    overdue = forms.BooleanField(label="En retard uniquement", required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", "Tous les types")] + [(s.key, s.label) for s in sources]
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", "À traiter (envoyées et en cours)"), ("all", "Tous")] + list(
            RequestStatus.choices
        )


class InboxBulkForm(forms.Form):
    action = forms.ChoiceField(label="Action groupée", choices=[("assign", "Attribuer à"), ("close", "Clôturer (Traitée)")])
    assignee = SafeModelChoiceField(label="Agent", required=False, queryset=User.objects.none(),
                                    empty_label="— choisir un agent —")
    answer = forms.CharField(
        label="Réponse envoyée à chaque adhérent (clôture)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = User.objects.filter(kind=AccountKind.STAFF, is_active=True).order_by(
            "last_name", "username")
        assignee.label_from_instance = lambda user: user.display_name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", "Choisissez l'agent à qui attribuer les demandes.")
        if data.get("action") == "close" and not (data.get("answer") or "").strip():
            self.add_error("answer", "Écrivez la réponse envoyée aux adhérents.")
        return data


class SavedViewForm(forms.Form):
    name = forms.CharField(label="Nom de la vue", max_length=60)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=80)
    source_key = forms.ChoiceField(label="Type de demande", required=False)
    body = forms.CharField(label="Texte de la réponse", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, sources: Iterable[InboxSource] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_key = self.fields["source_key"]
        assert isinstance(source_key, forms.ChoiceField)
        source_key.choices = [("", "Tous les types")] + [(s.key, s.label) for s in sources]


class CommentForm(forms.Form):
    body = forms.CharField(label="Commentaire interne", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


ANSWER_STATUSES = [
    (RequestStatus.IN_PROGRESS, RequestStatus.IN_PROGRESS.label),
    (RequestStatus.DONE, RequestStatus.DONE.label),
    (RequestStatus.REFUSED, RequestStatus.REFUSED.label),
]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=ANSWER_STATUSES)
    answer = forms.CharField(
        label="Réponse à l'adhérent", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Visible par l'adhérent dans son espace et envoyée par e-mail.",
    )
    # The item's version when the page was shown (optimistic locking); absent for types without one.
    version = version_field()


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="N° adhérent, raison sociale ou SIRET", required=False, max_length=100)


class AuditSearchForm(forms.Form):
    action = forms.CharField(label="Action", required=False, max_length=60,
                             help_text="Libellé (« validée », « consulté »…) ou code de l'action.")
    actor = forms.CharField(label="Auteur (identifiant)", required=False, max_length=150)
    member = forms.CharField(label="Adhérent (n° ou raison sociale)", required=False, max_length=100)
    date_from = forms.DateField(label="Du", required=False, widget=DateInput())
    date_to = forms.DateField(label="Au", required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "La date de fin précède la date de début.")
        return data


class StaffProfileForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=StaffRole.choices)
    care_team = SafeModelChoiceField(
        label="Équipe pluridisciplinaire", queryset=CareTeam.objects.order_by("name"), required=False,
        empty_label="Aucune",
    )


# --- applying a processed request to the member's record ----------------------------------

APPLY_LABEL = "Appliquer au dossier de l'adhérent"


class OptionalApplyMixin(FormMixin):
    """Nothing is checked unless the "apply" box is ticked: the answer alone stays possible."""

    def full_clean(self):
        if self.is_bound and not self.data.get(self.add_prefix("apply")):
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {"apply": False}
            return
        super().full_clean()

    @property
    def applies(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("apply"))


class ApplyStatusForm(OptionalApplyMixin, forms.Form):
    apply = forms.BooleanField(label=APPLY_LABEL, required=False)
    on = forms.DateField(label="Date d'effet", widget=DateInput())

    def __init__(self, *args, action_label: str = "", **kwargs):
        kwargs.setdefault("prefix", "apply")
        super().__init__(*args, **kwargs)
        self.action_label = action_label
        self.fields["apply"].help_text = f"{action_label} du dossier à la date d'effet ci-dessous."


class ApplyAddressForm(OptionalApplyMixin, AddressCleaningMixin, forms.Form):
    apply = forms.BooleanField(label=APPLY_LABEL, required=False,
                               help_text="Remplace toute l'adresse du dossier par celle saisie ci-dessous, à la date "
                                         "d'effet (aujourd'hui ou plus tard : elle sera alors appliquée ce jour-là).")
    on = forms.DateField(label="Date d'effet", widget=DateInput())
    address_line1 = forms.CharField(label="Adresse", max_length=200)
    address_line2 = forms.CharField(label="Adresse (suite)", max_length=200, required=False)
    address_line3 = forms.CharField(label="Adresse (fin)", max_length=200, required=False)
    postal_code = forms.CharField(label="Code postal", max_length=10)
    city = forms.CharField(label="Ville", max_length=100)
    country = forms.CharField(label="Pays", max_length=100, required=False, initial="France")
    # The member record's version when the page was shown: the member may edit their address meanwhile.
    member_version = version_field()

    action_label = "Nouvelle adresse"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "apply")
        super().__init__(*args, **kwargs)

    def clean_country(self):
        return self.cleaned_data.get("country", "").strip() or "France"


# --- members and portal accounts -----------------------------------------------------------

class TeamOfCentreMixin(FormMixin):
    """A member's care team must belong to its centre."""

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        centre, team = cleaned.get("centre"), cleaned.get("care_team")
        if centre and team and team.centre_id != centre.pk:
            self.add_error("care_team", f"Cette équipe dépend du centre {team.centre}.")
        return cleaned


class MemberCreateForm(TeamOfCentreMixin, MemberIdentityMixin, AddressCleaningMixin, forms.ModelForm):
    account_email = forms.EmailField(
        label="E-mail pour l'envoi des identifiants",
        help_text="L'identifiant (n° adhérent) et un mot de passe provisoire y sont envoyés.",
    )

    class Meta:
        model = Member
        fields = ["name", "siret", "naf_code", "address_line1", "address_line2", "address_line3", "postal_code",
                  "city", "country", "phone", "email", "joined_on", "centre", "care_team"]
        field_classes = {"centre": SafeModelChoiceField, "care_team": SafeModelChoiceField}
        labels = {"name": "Raison sociale", "naf_code": "Activité (code NAF)", "email": "E-mail de l'entreprise"}
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("address_line1", "postal_code", "city", "naf_code", "joined_on"):
            self.fields[name].required = True
        self.fields["naf_code"].widget.attrs.update(placeholder="ex. 86.21Z")

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip() or "France"

    def member_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    # The page's fieldsets (legend, fields), above the account's e-mail.
    FIELDSETS = (("Entreprise", ("name", "siret", "naf_code", "joined_on", "phone", "email")),
                 ("Adresse", ("address_line1", "address_line2", "address_line3", "postal_code", "city", "country")),
                 ("Suivi", ("centre", "care_team")))

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]


class MandataireCreateForm(forms.Form):
    username = forms.RegexField(
        label="Identifiant de connexion", max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "Lettres, chiffres et . @ + - _ uniquement, sans espace."},
    )
    organisation = forms.CharField(label="Cabinet / organisme", max_length=200)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    email = forms.EmailField(label="E-mail pour l'envoi des identifiants")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Cet identifiant est déjà utilisé.")
        if username.isdigit():
            raise forms.ValidationError("Un identifiant de mandataire ne peut être un n° adhérent.")
        return username


class MandataireChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation or obj.display_name} ({obj.username})"


class MandateGrantForm(forms.Form):
    mandataire = MandataireChoiceField(
        label="Mandataire", empty_label="-- Choisir un mandataire --",
        queryset=User.objects.filter(kind=AccountKind.MANDATAIRE, is_active=True).order_by("organisation"),
    )


class MemberNumberField(forms.CharField):
    """An adhérent typed by its number (staff know numbers; a select of thousands is unusable)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        member = Member.objects.filter(number=value.strip()).first()
        if member is None:
            raise forms.ValidationError(f"Aucun adhérent n° {value.strip()}.")
        return member


class MandateGrantByNumberForm(forms.Form):
    member = MemberNumberField(label="N° adhérent", max_length=20)


class GroupHeadForm(forms.Form):
    head = MemberNumberField(label="N° de l'établissement principal", max_length=20, required=False,
                             help_text="Laisser vide pour détacher l'établissement de son regroupement.")


class MemberAssignmentForm(TeamOfCentreMixin, forms.Form):
    centre = SafeModelChoiceField(label="Centre", queryset=Centre.objects.order_by("name"), required=False,
                                    empty_label="Aucun")
    care_team = SafeModelChoiceField(label="Équipe pluridisciplinaire", required=False, empty_label="Aucune",
                                       queryset=CareTeam.objects.select_related("centre").order_by("name"))
