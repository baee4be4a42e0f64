"""Appointment requests, slots, appointments, cancellations and documents shared with the employer.

No medical content lives here (REFERENCE §8.1): visit kind, date, place, professional's role and
attendance only; documents are the attestation / avis the service addresses to the employer.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


class VisitKind(models.TextChoices):
    HIRING = "embauche", "Visite d'embauche (VIP initiale ou examen d'aptitude)"
    PERIODIC = "periodique", "Visite périodique"
    RETURN = "reprise", "Visite de reprise"
    PRE_RETURN = "pre_reprise", "Visite de pré-reprise"
    EMPLOYER = "employeur", "Visite à la demande de l'employeur"
    MID_CAREER = "mi_carriere", "Visite de mi-carrière"
    END_OF_CAREER = "fin_carriere", "Visite de fin de carrière / post-exposition"


class AbsenceType(models.TextChoices):
    MATERNITY = "MATERNITY", "Congé de maternité"
    OCCUPATIONAL_DISEASE = "OCCUPATIONAL_DISEASE", "Maladie professionnelle"
    WORK_ACCIDENT = "WORK_ACCIDENT", "Accident du travail"
    ILLNESS = "ILLNESS", "Maladie ou accident non professionnel"


class EmployerReason(models.TextChoices):
    """A fixed list: the employer states an organisational reason, never a medical one."""

    JOB_CHANGE = "changement_poste", "Changement de poste ou des conditions de travail"
    NEW_RISK = "nouveau_risque", "Nouvelle exposition à un risque professionnel"
    WORK_DIFFICULTY = "difficultes", "Difficultés constatées dans la tenue du poste"
    ADAPTATION = "amenagement", "Demande d'aménagement de poste"
    ORGANISATION = "organisation", "Autre motif lié à l'organisation du travail"


class RequestStatus(models.TextChoices):
    SENT = "envoyee", "Envoyée"
    IN_PROGRESS = "en_cours", "En cours"
    PLANNED = "planifiee", "Planifiée"
    REFUSED = "refusee", "Refusée"


OPEN_REQUEST_STATUSES = (RequestStatus.SENT, RequestStatus.IN_PROGRESS)


class AppointmentStatus(models.TextChoices):
    PLANNED = "planifie", "Planifié"
    DONE = "realise", "Réalisé"
    CANCELLED = "annule", "Annulé"
    EXCUSED = "absent_excuse", "Absent excusé"
    NO_SHOW = "absent_non_excuse", "Absent non excusé"


class CancellationReason(models.TextChoices):
    UNAVAILABLE = "indisponible", "Salarié indisponible (congés, formation, déplacement)"
    LEFT = "depart", "Salarié sorti des effectifs"
    ACTIVITY = "activite", "Contrainte d'activité de l'entreprise"
    DUPLICATE = "erreur", "Rendez-vous en double ou erroné"
    OTHER = "autre", "Autre motif"


class CancellationStatus(models.TextChoices):
    RECEIVED = "recue", "Reçue, en cours de traitement"
    DONE = "traitee", "Annulation effectuée"
    REFUSED = "refusee", "Refusée (hors délai)"


class DocumentKind(models.TextChoices):
    ATTESTATION = "attestation", "Attestation de suivi"
    APTITUDE = "aptitude", "Avis d'aptitude"
    INAPTITUDE = "inaptitude", "Avis d'inaptitude"


class AppointmentSettings(models.Model):
    """Singleton: the service's cancellation rule (an SPSTI rule, not a legal one — REFERENCE §5)."""

    cancellation_days = models.PositiveSmallIntegerField("délai d'annulation (jours ouvrés)", default=2)
    cutoff_hour = models.PositiveSmallIntegerField("heure limite le dernier jour", default=18)
    no_show_policy = models.TextField(
        "politique en cas d'absence",
        default="Tout rendez-vous non annulé au moins 2 jours ouvrés à l'avance pourra être facturé (50 € HT).",
    )

    class Meta:
        verbose_name = "réglages des rendez-vous"
        verbose_name_plural = "réglages des rendez-vous"

    def __str__(self) -> str:
        return "Réglages des rendez-vous"


class AppointmentRequest(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="appointment_requests")
    employees = models.ManyToManyField(
        "workforce.Employee", related_name="appointment_requests", verbose_name="Salarié(s)"
    )
    visit_kind = models.CharField("Type de visite", max_length=20, choices=VisitKind.choices)
    absence_type = models.CharField("Type d'absence", max_length=24, choices=AbsenceType.choices, blank=True)
    absence_start = models.DateField("Début de l'absence", null=True, blank=True)
    absence_end = models.DateField("Dernier jour d'absence", null=True, blank=True)
    employer_reason = models.CharField("Motif", max_length=20, choices=EmployerReason.choices, blank=True)
    preferred_periods = models.CharField("Périodes souhaitées", max_length=300, blank=True)
    constraints = models.CharField("Contrainte(s) de convocation", max_length=500, blank=True)
    status = models.CharField("Statut", max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT)
    refusal_reason = models.CharField("Motif du refus", max_length=300, blank=True)
    answer = models.TextField("Réponse du service", blank=True)
    created_at = models.DateTimeField("Reçue le", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the request left the open statuses (planned or refused): the delay shown in the activity summary.
    processed_at = models.DateTimeField("Traitée le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    # Optimistic locking of inbox answers (portail.core.concurrency): the answer form states the version it
    # showed; the appointments screens bump it too, so a stale inbox page cannot answer over their work.
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "demande de rendez-vous"
        verbose_name_plural = "demandes de rendez-vous"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"RDV-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class Slot(models.Model):
    """Availability of one professional at one centre; booked when a planned appointment holds it."""

    centre = models.ForeignKey("members.Centre", on_delete=models.PROTECT, verbose_name="centre")
    professional = models.ForeignKey("members.TeamMember", on_delete=models.PROTECT, verbose_name="professionnel")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    visit_kinds = models.JSONField("types de visite acceptés (vide : tous)", default=list, blank=True)

    class Meta:
        verbose_name = "créneau"
        verbose_name_plural = "créneaux"
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["start"])]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y %H:%M} – {self.professional}"

    def accepts(self, kind: str) -> bool:
        return not self.visit_kinds or kind in self.visit_kinds


class Appointment(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="appointments")
    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.PROTECT, related_name="appointments", verbose_name="salarié"
    )
    request = models.ForeignKey(
        AppointmentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments")
    centre = models.ForeignKey("members.Centre", on_delete=models.PROTECT, verbose_name="centre")
    professional = models.ForeignKey(
        "members.TeamMember", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="professionnel"
    )
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    visit_kind = models.CharField("Type de visite", max_length=20, choices=VisitKind.choices)
    status = models.CharField(
        "Statut", max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    # Optimistic locking for staff edits: an update states the version it read.
    version = models.PositiveIntegerField(default=1)
    convocation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_7_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_1_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["member", "status", "start"]), models.Index(fields=["employee", "status"])]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y %H:%M} – {self.get_visit_kind_display()}"


class CancellationRequest(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="cancellation_requests")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="cancellations")
    reason = models.CharField("Motif", max_length=20, choices=CancellationReason.choices)
    status = models.CharField(
        "Statut", max_length=12, choices=CancellationStatus.choices, default=CancellationStatus.RECEIVED
    )
    deadline = models.DateTimeField("Date limite d'annulation")
    answer = models.TextField("Réponse du service", blank=True)
    created_at = models.DateTimeField("Demandée le", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    processed_at = models.DateTimeField(null=True, blank=True)

    # Optimistic locking of inbox answers, as AppointmentRequest.version.
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "demande d'annulation"
        verbose_name_plural = "demandes d'annulation"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Annulation {self.pk} ({self.get_status_display()})"

    @property
    def deadline_label(self) -> str:
        from portail.appointments.rules import CancellationLimit

        return CancellationLimit(at=self.deadline).label


class SharedDocument(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="shared_documents")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("Document", max_length=12, choices=DocumentKind.choices)
    file = models.FileField("Fichier PDF", upload_to="appointments/documents/%Y/")
    created_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "document transmis à l'employeur"
        verbose_name_plural = "documents transmis à l'employeur"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
