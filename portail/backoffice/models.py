from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class StaffRole(models.TextChoices):
    RECEPTION = "reception", "Accueil / secrétariat"
    MEDICAL_ASSISTANT = "medical_assistant", "Assistant(e) médical(e)"
    DOCTOR = "doctor", "Médecin du travail"
    NURSE = "nurse", "Infirmier(ère) en santé au travail (IDEST)"
    PREVENTER = "preventer", "Préventeur / IPRP"
    ACCOUNTING = "accounting", "Comptabilité"
    ADMIN = "admin", "Administrateur"


class StaffProfile(models.Model):
    """The back-office role of a staff account (kept here so accounts stays role-agnostic)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    role = models.CharField("rôle", max_length=30, choices=StaffRole.choices)
    care_team = models.ForeignKey(
        "members.CareTeam", null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name="équipe pluridisciplinaire",
    )

    class Meta:
        verbose_name = "profil du personnel"
        verbose_name_plural = "profils du personnel"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class InboxComment(models.Model):
    """An internal note on any inbox item; never shown to the member."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField("commentaire interne", max_length=4000)
    created_at = models.DateTimeField("date", auto_now_add=True)

    class Meta:
        verbose_name = "commentaire interne"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Commentaire du {self.created_at:%d/%m/%Y %H:%M}"


class InboxAssignment(models.Model):
    """Who on the staff handles an inbox item (one current assignee per item)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField("attribuée le", auto_now=True)

    class Meta:
        verbose_name = "attribution"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_assignee_per_inbox_item")
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}/{self.object_id} → {self.assignee}"


class InboxTarget(models.Model):
    """Service-level target of one inbox request type, in business days (settings screen, administrators).

    Without a row, the deployment default applies (settings.BACKOFFICE_INBOX_TARGET_DAYS, else 5 days).
    """

    source_key = models.CharField("type de demande", max_length=40, unique=True)
    days = models.PositiveSmallIntegerField("délai cible (jours ouvrés)")

    class Meta:
        verbose_name = "délai cible de traitement"
        verbose_name_plural = "délais cibles de traitement"

    def __str__(self) -> str:
        return f"{self.source_key} : {self.days} j"


class InboxSavedView(models.Model):
    """A named set of inbox filters (its query string), shared with the author's care team, else personal."""

    name = models.CharField("nom de la vue", max_length=60)
    query = models.CharField("filtres", max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    care_team = models.ForeignKey("members.CareTeam", null=True, blank=True, on_delete=models.CASCADE,
                                  verbose_name="équipe")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vue enregistrée de la boîte de réception"
        verbose_name_plural = "vues enregistrées de la boîte de réception"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(models.Model):
    """A ready-made answer to members, offered on the item page (for one request type, or for all)."""

    title = models.CharField("titre", max_length=80)
    body = models.TextField("texte de la réponse", max_length=4000)
    source_key = models.CharField("type de demande", max_length=40, blank=True,
                                  help_text="Vide : proposé pour tous les types de demande.")

    class Meta:
        verbose_name = "modèle de réponse"
        verbose_name_plural = "modèles de réponse"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
