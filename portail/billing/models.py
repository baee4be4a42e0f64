from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


class SepaMandate(models.Model):
    """A SEPA direct-debit mandate signed by a member (the billing issue builds the workflow)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="sepa_mandates")
    reference = models.CharField("référence unique du mandat (RUM)", max_length=35, unique=True)
    holder_name = models.CharField("titulaire du compte", max_length=140)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    holder_address = models.CharField("adresse du titulaire", max_length=300, blank=True)
    signed_at = models.DateTimeField("signé le")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "mandat SEPA"
        verbose_name_plural = "mandats SEPA"
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def iban_masked(self) -> str:
        """Country, check digits and the last 3 characters only: "FR76 •••• … ••• 189"."""
        compact = self.iban.replace(" ", "")
        return f"{compact[:4]} •••• •••• •••• •••• ••{compact[-3:]}" if len(compact) > 8 else "••••"
