from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from portail.members.models import Member, RequestStatus


class Topic(models.TextChoices):
    QUESTION = "question", "Question au service"
    APPOINTMENT_REQUEST = "appointment_request", "Demande de rendez-vous"
    CANCELLATION = "cancellation", "Demande d'annulation"
    SITUATION_CHANGE = "situation_change", "Changement de situation"
    SEPA_MANDATE = "sepa_mandate", "Mandat de prélèvement SEPA"


class Thread(models.Model):
    """A conversation of the company with the service: about one of its requests (one thread per request), or a
    free topic. Its status is the inbox's: a message of the member (re)opens it, the service's answer sets it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="threads")
    topic = models.CharField("sujet", max_length=30, choices=Topic.choices, default=Topic.QUESTION)
    # The request the thread is about (its primary key in the topic's model); None for a free question.
    about_id = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField("objet", max_length=200)
    status = models.CharField("statut", max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("ouvert le", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_message_at = models.DateTimeField("dernier message le", db_index=True)
    # Optimistic locking of inbox answers (portail.core.concurrency), like the other request types.
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "échange avec le service"
        verbose_name_plural = "échanges avec le service"
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "topic", "about_id"], condition=Q(about_id__isnull=False),
                                    name="one_thread_per_request"),
        ]
        indexes = [models.Index(fields=["member", "-last_message_at"], name="thread_member_recent_idx")]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_service = models.BooleanField("du service", default=False)
    body = models.TextField("message", max_length=4000)
    attachment = models.FileField("pièce jointe (PDF)", upload_to="messages/%Y/", blank=True)
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread} – {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""
