from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class AccountKind(models.TextChoices):
    MEMBER = "member", "Adhérent"
    MANDATAIRE = "mandataire", "Mandataire"
    STAFF = "staff", "Personnel du service"


class User(AbstractUser):
    """One login. `username` is the member number for member accounts, an identifier otherwise."""

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
        return self.kind in (AccountKind.MEMBER, AccountKind.MANDATAIRE)

    @property
    def is_mandataire(self) -> bool:
        return self.kind == AccountKind.MANDATAIRE

    @property
    def display_name(self) -> str:
        full = self.get_full_name()
        return full or self.organisation or self.username


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
