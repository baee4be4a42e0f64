from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import RegexValidator
from django.db import models
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords
from stdnum.fr import siren as stdnum_siren

from portail.core.models import AddressFields

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Couleur au format #RRGGBB.")


class Service(models.Model):
    """The SPSTI itself: identity, branding and settings. A single row."""

    name = models.CharField("nom", max_length=200)
    tagline = models.CharField("signature", max_length=300, blank=True)
    hotline_email = models.EmailField("e-mail de la hotline adhérents")
    staff_notification_email = models.EmailField("e-mail de notification du personnel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    vat_number = models.CharField("TVA intracommunautaire", max_length=20, blank=True)
    address_line1 = models.CharField("adresse", max_length=200, blank=True)
    address_line2 = models.CharField("complément", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    primary_color = models.CharField(
        "couleur principale", max_length=7, default="#5b2a86", validators=[HEX_COLOUR]
    )
    accent_color = models.CharField("couleur d'accent", max_length=7, default="#b0005e", validators=[HEX_COLOUR])
    logo = models.FileField("logo", upload_to="service/", blank=True)
    sepa_creditor_id = models.CharField("identifiant créancier SEPA (ICS)", max_length=35, blank=True)
    member_admin_totp_required = models.BooleanField(
        "double authentification obligatoire pour les administrateurs des adhérents", default=False,
        help_text="Les utilisateurs nommés ayant le rôle Administrateur devront activer un code à usage unique.")

    class Meta:
        verbose_name = "service"

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    name = models.CharField("nom", max_length=200)
    address_line1 = models.CharField("adresse", max_length=200)
    address_line2 = models.CharField("complément", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=5)
    city = models.CharField("ville", max_length=100)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    opening_hours = models.TextField("horaires d'ouverture", blank=True)
    access = models.TextField("accès", blank=True)
    calendar_region = models.CharField(
        "calendrier des jours fériés",
        max_length=5,
        blank=True,
        help_text="Vide : France métropolitaine ; 57 : Moselle ; 6AE : Alsace ; 971 à 976 : outre-mer.",
    )

    class Meta:
        verbose_name = "centre de visite"
        verbose_name_plural = "centres de visite"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    DOCTOR = "doctor", "Médecin du travail"
    ASSISTANT = "assistant", "Assistant(e) / secrétaire médical(e)"
    PREVENTER = "preventer", "Préventeur / IPRP"
    NURSE = "nurse", "Infirmier(ère) en santé au travail (IDEST)"
    ADMIN = "admin", "Gestionnaire administratif(ve)"
    ACCOUNTING = "accounting", "Comptabilité"


MEDICAL_TEAM_ROLES = (TeamRole.DOCTOR, TeamRole.ASSISTANT, TeamRole.PREVENTER, TeamRole.NURSE)
ADMIN_TEAM_ROLES = (TeamRole.ADMIN, TeamRole.ACCOUNTING)


class TeamMember(models.Model):
    """A person of the service shown to members (directory entry, not a login)."""

    role = models.CharField("fonction", max_length=20, choices=TeamRole.choices)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    centre = models.ForeignKey(Centre, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="centre")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="team_profile"
    )

    class Meta:
        verbose_name = "membre du personnel"
        verbose_name_plural = "membres du personnel"
        ordering = ["role", "last_name"]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()


class CareTeam(models.Model):
    name = models.CharField("nom", max_length=200)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, verbose_name="centre")
    people = models.ManyToManyField(TeamMember, blank=True, related_name="teams", verbose_name="membres")

    class Meta:
        verbose_name = "équipe pluridisciplinaire"
        verbose_name_plural = "équipes pluridisciplinaires"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Actif"
    SUSPENDED = "suspended", "En sommeil"
    RADIATED = "radiated", "Radié"


class Member(AddressFields):
    """An adhérent: one establishment (one SIRET) of a member company."""

    number = models.CharField("N° adhérent", max_length=20, unique=True)
    name = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, db_index=True)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    group_head = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grouped_establishments",
        verbose_name="établissement principal du regroupement",
    )
    centre = models.ForeignKey(Centre, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="centre")
    care_team = models.ForeignKey(
        CareTeam, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="équipe pluridisciplinaire"
    )
    status = models.CharField("statut", max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    joined_on = models.DateField("date d'adhésion", null=True, blank=True)
    radiated_on = models.DateField("date de radiation", null=True, blank=True)
    # Optimistic locking (portail.core.concurrency): the member's own form and staff write the same record;
    # every write in members.services bumps it, and a form from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # Changes whenever anything the member's portal pages summarise changes (members.freshness): the key
    # under which costly summaries are cached. Read with the member on every request, so no extra query.
    data_stamp = models.BigIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["group_head", "centre", "care_team", "version", "data_stamp"])
    # simple_history's hook for the author of the next history row, set by the services.
    _history_user: AbstractBaseUser | None

    class Meta:
        verbose_name = "adhérent"
        ordering = ["name"]
        indexes = [models.Index(fields=["group_head"])]

    def __str__(self) -> str:
        return f"{self.number} – {self.name}"

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def vat_number(self) -> str:
        """Intra-community VAT number derived from the SIREN (stdnum computes the key)."""
        if not stdnum_siren.is_valid(self.siren):
            return ""
        return "FR" + stdnum_siren.to_tva(self.siren)


class AddressKind(models.TextChoices):
    BILLING = "billing", "Facturation"
    CORRESPONDENCE = "correspondence", "Correspondance"
    CONVOCATION = "convocation", "Convocation"
    SECONDARY = "secondary", "Établissement secondaire"
    OTHER = "other", "Autre"


class MemberAddress(AddressFields):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField("Type", max_length=20, choices=AddressKind.choices)
    company = models.CharField("Société", max_length=200, blank=True)
    department = models.CharField("Service", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="member")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "adresse"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.one_line}"


class ContactKind(models.TextChoices):
    HEAD = "head", "Dirigeant"
    HR = "hr", "DRH"
    ACCOUNTANT = "accountant", "Comptable"
    ACCOUNTING_FIRM = "accounting_firm", "Cabinet comptable"
    SAFETY = "safety", "Référent santé-sécurité"
    CONVOCATION = "convocation", "Contact convocations"
    OTHER = "other", "Autre"


class MemberContact(AddressFields):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField("Type", max_length=20, choices=ContactKind.choices)
    last_name = models.CharField("Nom", max_length=100)
    first_name = models.CharField("Prénom", max_length=100)
    function = models.CharField("Fonction", max_length=100, blank=True)
    company = models.CharField("Société", max_length=200, blank=True)
    department = models.CharField("Service", max_length=200, blank=True)
    phone = models.CharField("Téléphone", max_length=20, blank=True)
    mobile = models.CharField("Portable", max_length=20, blank=True)
    fax = models.CharField("Fax", max_length=20, blank=True)
    email = models.EmailField("Email", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="member")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "contact"
        ordering = ["kind", "last_name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.first_name} {self.last_name}"


class SituationChangeKind(models.TextChoices):
    CESSATION = "cessation", "Cessation d'activité"
    TRANSFER = "transfer", "Cession / reprise"
    ADDRESS = "address", "Changement d'adresse"
    LEGAL_FORM = "legal_form", "Changement de forme juridique ou de raison sociale"
    MERGER = "merger", "Fusion / absorption"
    DORMANT = "dormant", "Mise en sommeil"
    OTHER = "other", "Autre"


class RequestStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    IN_PROGRESS = "in_progress", "En cours de traitement"
    DONE = "done", "Traitée"
    REFUSED = "refused", "Refusée"


class SituationChangeRequest(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="situation_changes")
    kind = models.CharField("Type de changement", max_length=20, choices=SituationChangeKind.choices)
    effective_date = models.DateField("Date d'effet")
    comment = models.TextField("Commentaire", max_length=2000, blank=True)
    attachment = models.FileField("Pièce jointe (PDF)", upload_to="situation_changes/%Y/", blank=True)
    status = models.CharField("Statut", max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT)
    answer = models.TextField("Réponse du service", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Envoyée le", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking for staff answers: the answer form states the version it showed (see
    # backoffice.services.inbox_answer); two colleagues answering at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(member="member")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "changement de situation"
        verbose_name_plural = "changements de situation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.member.number})"


class NoticeKind(models.TextChoices):
    """What a notice is about: each user of the company chooses, per kind, whether it also comes by e-mail."""

    RECEIPT = "receipt", "Accusés de réception de vos demandes"
    CONVOCATION = "convocation", "Convocations et rappels de rendez-vous"
    ANSWER = "answer", "Réponses et messages du service"
    INVOICE = "invoice", "Nouvelles factures"
    CAMPAIGN = "campaign", "Ouverture des campagnes de déclaration"


class MemberNotice(models.Model):
    """A message of the service to the member: a receipt, a convocation, an answer, a change staff made (an
    appointment cancelled or moved, a request refused…), a new invoice… Shown on the member's "Notifications"
    page, and sent by e-mail to the company's users who want that kind (accounts.notices.member_notify)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("type", max_length=20, choices=NoticeKind.choices, default=NoticeKind.ANSWER)
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("message", max_length=4000)
    # Where the member reads the whole thing in the portal (a thread, an invoice…), "" for none.
    url = models.CharField("lien", max_length=300, blank=True)
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "message du service"
        verbose_name_plural = "messages du service"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class NoticeDelivery(models.Model):
    """One notice for one user of the company, with whether that user has read it: the unread count in the
    portal header is one indexed count of these rows."""

    notice = models.ForeignKey(MemberNotice, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_deliveries")
    read_at = models.DateTimeField("lu le", null=True, blank=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="one_delivery_per_user")]
        indexes = [models.Index(fields=["user", "member", "read_at"], name="notice_unread_idx")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.user_id}"


class ScheduledMemberChange(models.Model):
    """Administrative data to write on the member's record on a future date (a move announced in advance):
    `apply_scheduled_changes`, run daily, applies the rows due."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="scheduled_changes")
    data = models.JSONField("nouvelles valeurs")
    effective_date = models.DateField("date d'effet", db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField("appliquée le", null=True, blank=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "modification programmée"
        verbose_name_plural = "modifications programmées"
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.member} au {self.effective_date:%d/%m/%Y}"
