from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portail.accounts.models import AccountKind, User
from portail.accounts.roles import API_CAPABILITIES, Role, can
from portail.core.links import public_origin
from portail.members.models import NoticeKind


def one_time_code_field(*, label: str, max_length: int = 8) -> forms.CharField:
    """The second factor's code, which phones offer to fill from the authenticator app."""
    return forms.CharField(label=label, max_length=max_length, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def login_kind(login: str, *, mandataire: bool) -> str:
    """Which kind of account a portal login names: a ticked box a mandataire, an e-mail a named user,
    anything else a company's member number."""
    if mandataire:
        return AccountKind.MANDATAIRE
    return AccountKind.USER if "@" in login else AccountKind.MEMBER


def normalised_login(login: str) -> str:
    """E-mail logins are stored lower-cased: any case signs in, and counts towards the same lockout."""
    login = login.strip()
    return login.lower() if "@" in login else login


class PortalLoginForm(AuthenticationForm):
    username = forms.CharField(label="N° adhérent ou e-mail", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput)
    is_mandataire = forms.BooleanField(label="Je dispose d'une connexion en tant que mandataire", required=False)

    error_messages = {
        "invalid_login": (
            "N° adhérent, e-mail (ou identifiant mandataire) ou mot de passe incorrect. "
            "Vérifiez aussi la case « mandataire »."
        ),
        "inactive": "Ce compte est désactivé. Contactez nos équipes.",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        kind = login_kind(username, mandataire=bool(self.cleaned_data.get("is_mandataire")))
        username = normalised_login(username)
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password, account_kind=kind)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ResetByLoginForm(PasswordResetForm):
    """Reset by N° adhérent / identifier: members know their number better than the e-mail on file."""

    email = None  # type: ignore[assignment]  # Django's way to drop an inherited form field
    login = forms.CharField(label="N° adhérent, e-mail ou identifiant mandataire", max_length=150)

    field_order = ["login"]

    def get_users(self, login):
        # Staff passwords are reset in the back office, where the second factor is checked: a mailed link
        # would let whoever reads the mailbox replace the password and end the verified sessions.
        users = (
            User.objects.filter(username__iexact=login.strip(), is_active=True, is_staff=False)
            .exclude(email="")
        )
        return (u for u in users if u.has_usable_password())

    def save(self, domain_override=None, subject_template_name="registration/password_reset_subject.txt",
             email_template_name="registration/password_reset_email.html", use_https=False,
             token_generator=default_token_generator, from_email=None, request=None, html_email_template_name=None,
             extra_email_context=None):
        # Same path as Django's own form, keyed by login instead of e-mail; the link's address is the portal's
        # configured one, never the request's Host (`core.links`).
        protocol, domain = public_origin()
        for user in self.get_users(self.cleaned_data["login"]):
            context = {
                "email": user.email,
                "domain": domain_override or domain,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "user": user,
                "token": token_generator.make_token(user),
                "protocol": protocol,
                **(extra_email_context or {}),
            }
            self.send_mail(
                subject_template_name, email_template_name, context, from_email, user.email,
                html_email_template_name=html_email_template_name,
            )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une entreprise", required=False, max_length=100)


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail de la personne", max_length=150)
    role = forms.ChoiceField(label="Rôle", choices=Role.choices, initial=Role.READ_ONLY)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)


class InvitationAcceptForm(forms.Form):
    """A new person: their name and the password they choose (the usual rules, checked by the service)."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(label="Mot de passe", strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="Au moins 12 caractères ; une phrase de passe est idéale.")
    password2 = forms.CharField(label="Confirmation du mot de passe", strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        return data

    @property
    def password(self) -> str:
        return self.cleaned_data["password1"]


class InvitationJoinForm(forms.Form):
    """A person who already has an account (another company's user): their current password."""

    password1 = forms.CharField(label="Votre mot de passe actuel", strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    @property
    def password(self) -> str:
        return self.cleaned_data["password1"]


API_ACCESS_LABELS = {"": "Aucun accès", "read": "Lecture", "write": "Lecture et écriture"}
API_CAPABILITY_LABELS = {"employees": "Salariés", "billing": "Factures", "declarations": "Déclarations d'effectif",
                         "appointments": "Rendez-vous"}


class ApiTokenForm(forms.Form):
    """A new personal API token: its name, its expiry and, per resource, the access it gives, offered only as far
    as the account's role goes (the service checks it again)."""

    name = forms.CharField(label="Nom du jeton (le logiciel qui l'utilisera)", max_length=80)
    expires_on = forms.DateField(label="Date d'expiration", input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, role: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        for capability in API_CAPABILITIES:
            choices = [(access, label) for access, label in API_ACCESS_LABELS.items()
                       if not access or can(role, capability, access)]
            if len(choices) > 1:
                self.fields[f"scope_{capability}"] = forms.ChoiceField(
                    label=API_CAPABILITY_LABELS[capability], choices=choices, required=False)

    def scope_fields(self):
        return [self[name] for name in self.fields if name.startswith("scope_")]

    def scopes(self) -> dict[str, str]:
        return {name.removeprefix("scope_"): value for name, value in self.cleaned_data.items()
                if name.startswith("scope_") and value}
class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Recevoir par e-mail", required=False, choices=NoticeKind.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Décochez ce que vous ne voulez plus recevoir par e-mail : vous le retrouverez toujours dans vos "
                  "notifications du portail.",
    )
