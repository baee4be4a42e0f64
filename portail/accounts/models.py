from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portail.accounts.roles import Role


class AccountKind(models.TextChoices):
    MEMBER = "member", "Adhérent"
    MANDATAIRE = "mandataire", "Mandataire"
    # A named person of one or several companies, who signs in with their e-mail (see Membership).
    USER = "user", "Utilisateur nommé"
    STAFF = "staff", "Personnel du service"


class User(AbstractUser):
    """One login. `username` is the member number for a company's principal account, the lower-cased e-mail for
    a named user, an identifier otherwise."""

    kind = models.CharField("type de compte", max_length=20, choices=AccountKind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name="adhérent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    organisation = models.CharField("cabinet / organisme", max_length=200, blank=True)
    must_change_password = models.BooleanField("doit changer son mot de passe", default=False)

    class Meta:
        verbose_name = "compte"
        constraints = [
            models.CheckConstraint(
                name="member_account_has_member",
                condition=~Q(kind="member") | Q(member__isnull=False),
            )
        ]

    @property
    def is_portal_user(self) -> bool:
        return self.kind in (AccountKind.MEMBER, AccountKind.MANDATAIRE, AccountKind.USER)

    @property
    def is_named_user(self) -> bool:
        return self.kind == AccountKind.USER

    @property
    def is_mandataire(self) -> bool:
        return self.kind == AccountKind.MANDATAIRE

    @property
    def display_name(self) -> str:
        full = self.get_full_name()
        return full or self.organisation or self.username

    @property
    def audit_label(self) -> str:
        """Who did it, as the history and the audit log name them: the person, then the login."""
        full = self.get_full_name()
        return f"{full} ({self.username})"[:150] if full else self.username


class Mandate(models.Model):
    """A mandataire acts for a member from `granted_at` until `revoked_at`."""

    mandataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mandates",
        limit_choices_to={"kind": AccountKind.MANDATAIRE},
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="mandates")
    granted_at = models.DateTimeField("accordé le", auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "mandat"
        constraints = [
            models.UniqueConstraint(
                fields=["mandataire", "member"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_mandate_per_pair",
            )
        ]
        indexes = [models.Index(fields=["mandataire", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.mandataire} → {self.member}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PasswordHistory(models.Model):
    """The hashes of an account's latest passwords, the current one included, so none is chosen again.

    Written when a password is set (`password_changed` of the validator, which Django calls for every way
    a password is set); kept to `passwords.PASSWORD_HISTORY` rows per account.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("empreinte du mot de passe", max_length=128)
    created_at = models.DateTimeField("défini le", auto_now_add=True)

    class Meta:
        verbose_name = "ancien mot de passe"
        verbose_name_plural = "anciens mots de passe"
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d/%m/%Y}"


class Membership(models.Model):
    """A named user's place in one company: their role there. A person may belong to several companies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             limit_choices_to={"kind": AccountKind.USER})
    member = models.ForeignKey("members.Member", verbose_name="adhérent", on_delete=models.CASCADE,
                               related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "utilisateur d'un adhérent"
        verbose_name_plural = "utilisateurs des adhérents"
        constraints = [models.UniqueConstraint(fields=["user", "member"], name="one_membership_per_pair")]
        indexes = [models.Index(fields=["member", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.member} ({self.get_role_display()})"


class Invitation(models.Model):
    """A single-use link e-mailed to a person so they join a company with a role; only the token's hash is kept."""

    member = models.ForeignKey("members.Member", verbose_name="adhérent", on_delete=models.CASCADE,
                               related_name="invitations")
    email = models.EmailField("e-mail")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        indexes = [models.Index(fields=["member", "accepted_at", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.member}"

    @property
    def is_pending(self) -> bool:
        """Can still be accepted: not used, not cancelled, not expired."""
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal token for the open API (/api/v1/), created by a portal account in its account area.

    Shown once: only the secret's SHA-256 is kept, found by its public `prefix`. `scopes` maps a capability to
    "read" or "write" and never exceeds the role of its creator (checked at creation, and again on every call
    against the role the account holds in the company the call names). Revoked, expired, or of a deactivated
    account: refused.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom", max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField("portée", default=dict)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
class EmailOptOut(models.Model):
    """A kind of notice (members.NoticeKind) a user does not want by e-mail: they still find it in the portal's
    notifications. No row: every kind comes by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField("type de notification", max_length=20)

    class Meta:
        verbose_name = "e-mail refusé"
        verbose_name_plural = "e-mails refusés"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} sans e-mail « {self.kind} »"
