from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portail.accounts.models import AccountKind, User


class PortalLoginForm(AuthenticationForm):
    username = forms.CharField(label="N° adhérent", max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput)
    is_mandataire = forms.BooleanField(label="Je dispose d'une connexion en tant que mandataire", required=False)

    error_messages = {
        "invalid_login": (
            "N° adhérent (ou identifiant mandataire) ou mot de passe incorrect. "
            "Vérifiez aussi la case « mandataire »."
        ),
        "inactive": "Ce compte est désactivé. Contactez nos équipes.",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        kind = AccountKind.MANDATAIRE if self.cleaned_data.get("is_mandataire") else AccountKind.MEMBER
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password, account_kind=kind)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ResetByLoginForm(PasswordResetForm):
    """Reset by N° adhérent / identifier: members know their number better than the e-mail on file."""

    email = None
    login = forms.CharField(label="N° adhérent ou identifiant mandataire", max_length=150)

    field_order = ["login"]

    def get_users(self, login):
        # Staff passwords are reset in the back office, where the second factor is checked: a mailed link
        # would let whoever reads the mailbox replace the password and end the verified sessions.
        users = (
            User.objects.filter(username__iexact=login.strip(), is_active=True, is_staff=False)
            .exclude(email="")
        )
        return (u for u in users if u.has_usable_password())

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=default_token_generator,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ):
        # Same path as Django's own form, keyed by login instead of e-mail.
        for user in self.get_users(self.cleaned_data["login"]):
            context = {
                "email": user.email,
                "domain": domain_override or request.get_host(),
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "user": user,
                "token": token_generator.make_token(user),
                "protocol": "https" if use_https else "http",
                **(extra_email_context or {}),
            }
            self.send_mail(
                subject_template_name, email_template_name, context, from_email, user.email,
                html_email_template_name=html_email_template_name,
            )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une entreprise", required=False, max_length=100)
