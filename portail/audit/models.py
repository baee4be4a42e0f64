from django.conf import settings
from django.db import models


class Event(models.Model):
    """Append-only business event log, written by services (never by signals on save)."""

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField("auteur", max_length=150, blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("action", max_length=60, db_index=True)
    object_type = models.CharField("objet", max_length=60, blank=True)
    object_id = models.CharField("identifiant", max_length=40, blank=True)
    summary = models.CharField("résumé", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    data = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["-at"]
        indexes = [models.Index(fields=["member", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class SubmittedForm(models.Model):
    """A create form already accepted (R-4): the same token posted again replays the first result."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "formulaire déjà soumis"

    def __str__(self) -> str:
        return f"Formulaire soumis le {self.created_at:%d/%m/%Y %H:%M}"
