"""Workplace actions (actions en milieu de travail, AMT) recorded by the service's staff per member."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from portail.members.models import Member, TeamMember


class ActionKind(models.TextChoices):
    COMPANY_SHEET_CREATION = "company_sheet_creation", "Fiche d'entreprise — création"
    COMPANY_SHEET_UPDATE = "company_sheet_update", "Fiche d'entreprise — mise à jour"
    JOB_STUDY = "job_study", "Étude de poste"
    SITE_VISIT = "site_visit", "Visite des lieux de travail"
    AWARENESS = "awareness", "Sensibilisation / information collective"
    METROLOGY = "metrology", "Métrologie"
    CSE = "cse", "Participation CSE / CSSCT"
    RISK_ASSESSMENT = "risk_assessment", "Aide à l'évaluation des risques / DUERP"
    JOB_RETENTION = "job_retention", "Action de maintien en emploi"
    OTHER = "other", "Autre"


# Both kinds produce a fiche d'entreprise: the latest one dates the member's current sheet.
COMPANY_SHEET_KINDS = (ActionKind.COMPANY_SHEET_CREATION, ActionKind.COMPANY_SHEET_UPDATE)
# Collective sessions, for which the number of participants is recorded.
SESSION_KINDS = (ActionKind.AWARENESS,)


class WorkplaceAction(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="workplace_actions",
                               verbose_name="adhérent")
    date = models.DateField("date de l'action")
    kind = models.CharField("type d'action", max_length=30, choices=ActionKind.choices)
    title = models.CharField("intitulé", max_length=200)
    summary = models.TextField("compte rendu pour l'employeur", max_length=4000, blank=True)
    staff = models.ManyToManyField(TeamMember, blank=True, related_name="workplace_actions",
                                   verbose_name="intervenants")
    participants = models.PositiveIntegerField("nombre de participants", null=True, blank=True)
    document = models.FileField("document joint (PDF)", upload_to="workplace_actions/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "action en milieu de travail"
        verbose_name_plural = "actions en milieu de travail"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["member", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()} – {self.title}"
