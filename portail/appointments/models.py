"""Appointment requests, slots, appointments, cancellations and documents shared with the employer.

No medical content lives here (REFERENCE §8.1): visit kind, date, place, professional's role and
attendance only; documents are the attestation / avis the service addresses to the employer.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from portail.appointments.rules import CancellationLimit


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
    # Closed without a visit because nobody is left to see: every employee of it has left (appointments.exits).
    CANCELLED = "annulee", "Annulée"


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
    # The visit types members may book themselves on a free slot ("réservation directe"); every other type is
    # "demande seulement": the member asks, the service plans.
    bookable_kinds = models.JSONField("types de visite en réservation directe", default=list, blank=True)

    class Meta:
        verbose_name = "réglages des rendez-vous"
        verbose_name_plural = "réglages des rendez-vous"

    def __str__(self) -> str:
        return "Réglages des rendez-vous"


class BookingInvitation(models.Model):
    """A single-use link sent to an employee to pick their own slot for one visit, without an account.

    Only a hash of the token is kept: the link is shown once to the sender and mailed to the employee. It
    expires after INVITATION_DAYS and stops working once used; nothing medical is shown through it.
    """

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="booking_invitations")
    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.CASCADE, related_name="booking_invitations", verbose_name="salarié"
    )
    visit_kind = models.CharField("Type de visite", max_length=20, choices=VisitKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField("e-mail du salarié", blank=True)
    expires_at = models.DateTimeField("expire le")
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)
    appointment = models.ForeignKey(
        "Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "lien de réservation envoyé à un salarié"
        verbose_name_plural = "liens de réservation envoyés aux salariés"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Lien de réservation {self.pk}"


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
    # Set by the staff queue for its template: the earliest legal deadline among the employees.
    urgency: date | None

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


class SlotSource(models.TextChoices):
    MANUAL = "manuel", "Créé à la main"
    PATTERN = "modele", "Disponibilité hebdomadaire"
    OPENING = "ouverture", "Ouverture exceptionnelle"


class Slot(models.Model):
    """A bookable step of one professional's time at one centre.

    It is booked when a planned appointment holds it or overlaps it: a 30-minute visit booked on a
    10-minute slot covers the next two slots too (see `appointment_book`).
    """

    centre = models.ForeignKey("members.Centre", on_delete=models.PROTECT, verbose_name="centre")
    professional = models.ForeignKey("members.TeamMember", on_delete=models.PROTECT, verbose_name="professionnel")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    visit_kinds = models.JSONField("types de visite acceptés (vide : tous)", default=list, blank=True)
    # Generated slots are rebuilt from patterns and exceptions; manual ones are only ever removed
    # by an unavailability.
    source = models.CharField("origine", max_length=10, choices=SlotSource.choices, default=SlotSource.MANUAL)

    class Meta:
        verbose_name = "créneau"
        verbose_name_plural = "créneaux"
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["start"]), models.Index(fields=["professional", "start"])]

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
    # Set for the cancellation pages' templates.
    limit: CancellationLimit
    cancellable: bool
    cancellation_label: str

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["member", "status", "start"]),
            # Also serves the employee list's "Prochain rendez-vous" column: the first planned start from now of
            # each employee shown (selectors.next_appointment_start), an index probe per row.
            models.Index(fields=["employee", "status", "start"], name="appointment_employee_next"),
            # Tab 2.6's past appointments (any status, newest first): found by bench/query_plans.py, whose
            # plan otherwise joined a sequential scan of every employee for a 20,000-employee member.
            models.Index(fields=["member", "-start"], name="appointment_member_start"),
            # The director's dashboard counts the year's appointments per status from this index alone.
            models.Index(fields=["start", "status"], name="appointment_start_status"),
        ]

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
    def fee_waived(self) -> bool:
        """No no-show fee when the employee has left: the appointment could not be kept by anyone."""
        return self.reason == CancellationReason.LEFT

    @property
    def deadline_label(self) -> str:
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


# --- availability (back office planning) --------------------------------------------------------


class AvailabilityPattern(models.Model):
    """A professional's recurring weekly availability at one centre, cut into bookable steps."""

    professional = models.ForeignKey(
        "members.TeamMember", on_delete=models.PROTECT, related_name="availability_patterns",
        verbose_name="professionnel",
    )
    centre = models.ForeignKey("members.Centre", on_delete=models.PROTECT, verbose_name="centre")
    weekdays = models.JSONField("jours", default=list)
    start_time = models.TimeField("de")
    end_time = models.TimeField("à")
    valid_from = models.DateField("valable du")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    step_minutes = models.PositiveSmallIntegerField("pas des créneaux (minutes)", default=10)
    visit_kinds = models.JSONField("types de visite acceptés (vide : tous)", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "disponibilité hebdomadaire"
        verbose_name_plural = "disponibilités hebdomadaires"
        ordering = ["professional__last_name", "valid_from", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="pattern_time_order"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="pattern_date_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} – {self.weekdays_label} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def weekdays_label(self) -> str:
        return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays) if 0 <= d < 7)

    def applies_on(self, day) -> bool:
        return (
            day.weekday() in self.weekdays
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class ExceptionKind(models.TextChoices):
    UNAVAILABLE = "indisponible", "Indisponibilité"
    OPENING = "ouverture", "Ouverture exceptionnelle"


class ExceptionReason(models.TextChoices):
    # Organisational reasons only: nothing about the professional's health.
    LEAVE = "conges", "Congés"
    TRAINING = "formation", "Formation"
    MISSION = "mission", "Réunion, mission ou action en entreprise"
    OTHER = "autre", "Autre motif"


class AvailabilityException(models.Model):
    """A date range where a professional is away (all centres, or one), or an extra opening on given days."""

    professional = models.ForeignKey(
        "members.TeamMember", on_delete=models.PROTECT, related_name="availability_exceptions",
        verbose_name="professionnel",
    )
    centre = models.ForeignKey(
        "members.Centre", null=True, blank=True, on_delete=models.PROTECT, verbose_name="centre"
    )
    kind = models.CharField("type", max_length=12, choices=ExceptionKind.choices)
    reason = models.CharField("motif", max_length=10, choices=ExceptionReason.choices, blank=True)
    first_day = models.DateField("du")
    last_day = models.DateField("au")
    # Both empty: the whole day.
    start_time = models.TimeField("de", null=True, blank=True)
    end_time = models.TimeField("à", null=True, blank=True)
    step_minutes = models.PositiveSmallIntegerField("pas des créneaux (minutes)", default=10)
    comment = models.CharField("précision", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Set by the staff list for its template: the planned appointments it overlaps.
    conflicts: list[Appointment]

    class Meta:
        verbose_name = "exception de disponibilité"
        verbose_name_plural = "exceptions de disponibilité"
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")), name="exception_date_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.professional} ({self.first_day:%d/%m/%Y})"

    @property
    def whole_day(self) -> bool:
        return self.start_time is None or self.end_time is None

    def covers(self, day) -> bool:
        return self.first_day <= day <= self.last_day


class VisitDuration(models.Model):
    """How long a visit of a type lasts; SIR hiring and periodic visits are aptitude exams, longer."""

    visit_kind = models.CharField("type de visite", max_length=20, choices=VisitKind.choices)
    reinforced = models.BooleanField("suivi individuel renforcé (examen médical d'aptitude)", default=False)
    minutes = models.PositiveSmallIntegerField("durée (minutes)")

    class Meta:
        verbose_name = "durée de visite"
        verbose_name_plural = "durées de visite"
        ordering = ["visit_kind", "reinforced"]
        constraints = [models.UniqueConstraint(fields=["visit_kind", "reinforced"], name="visit_duration_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        base = VisitKind(self.visit_kind).label
        return f"{base} — SIR (examen médical d'aptitude)" if self.reinforced else base


# Kinds whose length depends on the follow-up category; the others have one duration for all.
DURATION_BY_CATEGORY = (VisitKind.HIRING, VisitKind.PERIODIC)
DEFAULT_MINUTES: dict[tuple[str, bool], int] = {
    (VisitKind.HIRING, False): 20,
    (VisitKind.HIRING, True): 30,
    (VisitKind.PERIODIC, False): 20,
    (VisitKind.PERIODIC, True): 30,
    (VisitKind.RETURN, False): 30,
    (VisitKind.PRE_RETURN, False): 30,
    (VisitKind.EMPLOYER, False): 30,
    (VisitKind.MID_CAREER, False): 30,
    (VisitKind.END_OF_CAREER, False): 30,
}


class ComplianceSnapshot(models.Model):
    """The rules' next due visit for one employee, kept so that the home tile counts with one GROUP BY.

    A row is trusted while the employee's facts are unchanged (`facts_changed` equals Employee.facts_changed),
    while no visit or declared absence of theirs changed (the services delete the row then) and
    before `stable_until`: from that day on, time alone may change the rules' answer. Planned
    appointments, open requests and the status itself are not stored: the count query derives
    them live from the due date, so they are never stale.
    """

    employee = models.OneToOneField(
        "workforce.Employee", on_delete=models.CASCADE, primary_key=True, related_name="compliance_snapshot"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    facts_changed = models.DateTimeField()
    computed_on = models.DateField()
    stable_until = models.DateField(null=True, blank=True)
    has_due = models.BooleanField(default=False)
    due_by = models.DateField(null=True, blank=True)
    before_assignment = models.BooleanField(default=False)
    # A copy, so that counting reads this narrow table alone (an exit saves the employee: row recomputed).
    exit_date = models.DateField(null=True, blank=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "état de suivi calculé"
        verbose_name_plural = "états de suivi calculés"
        indexes = [models.Index(fields=["member", "due_by"])]

    def __str__(self) -> str:
        return f"Suivi {self.employee_id}"


class ChunkStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class ComplianceRun(models.Model):
    """One run of the nightly `compliance_refresh` for one day, split into chunks of members (ComplianceChunk) that
    task workers share. A run that did not finish (a crash, a failed chunk) is resumed by the next command of the
    same day: its done chunks are skipped."""

    day = models.DateField("jour calculé")
    chunk_size = models.PositiveIntegerField("adhérents par lot")
    started_at = models.DateTimeField("commencé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "calcul de nuit des échéances"
        verbose_name_plural = "calculs de nuit des échéances"
        indexes = [models.Index(fields=["day", "finished_at"])]

    def __str__(self) -> str:
        return f"Calcul des échéances du {self.day:%d/%m/%Y}"


class ComplianceChunk(models.Model):
    """The members whose id lies in [first_member_id, last_member_id], refreshed by one background task."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField("numéro")
    # Bounds, not foreign keys: a member deleted during the night leaves the range valid.
    first_member_id = models.PositiveBigIntegerField()
    last_member_id = models.PositiveBigIntegerField()
    status = models.CharField("état", max_length=10, choices=ChunkStatus.choices, default=ChunkStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    claimed_at = models.DateTimeField("pris le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    refreshed = models.PositiveIntegerField("salariés recalculés", default=0)
    recategorized = models.PositiveIntegerField("changements de catégorie", default=0)
    error = models.TextField("erreur", blank=True)

    class Meta:
        verbose_name = "lot du calcul de nuit"
        verbose_name_plural = "lots du calcul de nuit"
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="compliance_chunk_unique_number")]

    def __str__(self) -> str:
        return f"Lot {self.number} ({self.first_member_id}–{self.last_member_id})"
