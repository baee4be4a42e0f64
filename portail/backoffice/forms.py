from django import forms
from django.contrib.auth import authenticate

from portail.accounts.models import AccountKind
from portail.backoffice.models import StaffRole
from portail.members.models import CareTeam, RequestStatus

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
        data = super().clean()
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
    token = forms.CharField(
        label="Code à 6 chiffres ou code de secours", max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class EnrolForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres affiché par l'application", max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class InboxFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(label="Statut", required=False)
    assigned = forms.ChoiceField(
        label="Attribution", required=False,
        choices=[("", "Toutes"), ("me", "Attribuées à moi"), ("none", "Non attribuées")],
    )
    my_team = forms.BooleanField(label="Adhérents de mon équipe uniquement", required=False)
    overdue = forms.BooleanField(label="En retard uniquement", required=False)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Tous les types")] + [(s.key, s.label) for s in sources]
        self.fields["status"].choices = [("", "À traiter (envoyées et en cours)"), ("all", "Tous")] + list(
            RequestStatus.choices
        )


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


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="N° adhérent, raison sociale ou SIRET", required=False, max_length=100)


class AuditSearchForm(forms.Form):
    action = forms.CharField(label="Action", required=False, max_length=60)
    member = forms.CharField(label="Adhérent (n° ou raison sociale)", required=False, max_length=100)
    date_from = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class StaffProfileForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=StaffRole.choices)
    care_team = forms.ModelChoiceField(
        label="Équipe pluridisciplinaire", queryset=CareTeam.objects.order_by("name"), required=False,
        empty_label="Aucune",
    )
