"""Annual headcount declaration campaigns and the members' declarations.

A declaration is filled against the live employee list (corrections go through the workforce
services); at submission the list is frozen as DeclarationLine rows and the counts and amounts are
copied onto the declaration. A submitted declaration is a record: it is never edited, the service
reopens it by creating a new version linked to it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_scopes import ScopedManager

ZERO = Decimal("0.00")
CATEGORIES = ("SI", "SIA", "SIR")


class CampaignStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Clôturée"


class Campaign(models.Model):
    year = models.PositiveIntegerField("année", unique=True)
    reference_date = models.DateField("date de référence de l'effectif")
    opens_on = models.DateField("date d'ouverture")
    closes_on = models.DateField("date limite de déclaration")
    tariff_si = models.DecimalField("tarif SI par salarié (HT)", max_digits=8, decimal_places=2)
    tariff_sia = models.DecimalField("tarif SIA par salarié (HT)", max_digits=8, decimal_places=2)
    tariff_sir = models.DecimalField("tarif SIR par salarié (HT)", max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField("taux de TVA (%)", max_digits=5, decimal_places=2, default=Decimal("20.00"))
    change_threshold_pct = models.PositiveIntegerField(
        "seuil d'alerte de variation d'effectif (%)", default=20,
        help_text="Au-delà de cette variation par rapport à l'année précédente, l'adhérent doit confirmer.",
    )
    status = models.CharField("statut", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)

    class Meta:
        verbose_name = "campagne de déclaration"
        verbose_name_plural = "campagnes de déclaration"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Campagne {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def period_label(self) -> str:
        return f"Année {self.year}"

    def tariff(self, category: str) -> Decimal:
        return getattr(self, f"tariff_{category.lower()}")


class TariffSettings(models.Model):
    """Singleton (pk=1): the tariffs and threshold proposed when the next campaign is opened.

    A campaign copies them at opening and keeps its own: changing them never reprices an open campaign.
    """

    tariff_si = models.DecimalField("tarif SI par salarié (HT)", max_digits=8, decimal_places=2,
                                    default=Decimal("100.00"))
    tariff_sia = models.DecimalField("tarif SIA par salarié (HT)", max_digits=8, decimal_places=2,
                                     default=Decimal("110.00"))
    tariff_sir = models.DecimalField("tarif SIR par salarié (HT)", max_digits=8, decimal_places=2,
                                     default=Decimal("130.00"))
    vat_rate = models.DecimalField("taux de TVA (%)", max_digits=5, decimal_places=2, default=Decimal("20.00"))
    change_threshold_pct = models.PositiveIntegerField("seuil d'alerte de variation d'effectif (%)", default=20)
    closes_after_days = models.PositiveIntegerField(
        "durée de la campagne (jours)", default=30,
        help_text="Date limite de déclaration proposée : tant de jours après l'ouverture.",
    )

    class Meta:
        verbose_name = "tarifs des cotisations"
        verbose_name_plural = "tarifs des cotisations"

    def __str__(self) -> str:
        return "Tarifs des cotisations"


class DeclarationStatus(models.TextChoices):
    TO_FILL = "to_fill", "À saisir"
    IN_PROGRESS = "in_progress", "En cours"
    # "sent": the value the back-office inbox treats as a request waiting for the service.
    CONFIRMED = "sent", "Confirmée"
    CLOSED = "closed", "Non saisissable"
    # The member was radiated before this campaign's year: nothing to declare, kept as a record.
    VOID = "void", "Sans objet (radiation)"


FILLABLE = (DeclarationStatus.TO_FILL, DeclarationStatus.IN_PROGRESS)


class Declaration(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="declarations")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="declarations")
    version = models.PositiveIntegerField("version", default=1)
    reopens = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="reopened_as", verbose_name="version précédente")
    reopen_reason = models.TextField("motif de réouverture", blank=True)
    status = models.CharField("statut", max_length=12, choices=DeclarationStatus.choices,
                              default=DeclarationStatus.TO_FILL)
    number = models.CharField("N° déclaration", max_length=20, unique=True, null=True, blank=True)
    headcount_change_confirmed = models.BooleanField("variation d'effectif confirmée", default=False)
    saved_at = models.DateTimeField("brouillon enregistré le", null=True, blank=True)
    submitted_at = models.DateTimeField("transmise le", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="transmise par")
    validated = models.BooleanField("validée par le service", default=False)
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="validée par")
    # Frozen at submission.
    count_si = models.PositiveIntegerField("effectif SI", default=0)
    count_sia = models.PositiveIntegerField("effectif SIA", default=0)
    count_sir = models.PositiveIntegerField("effectif SIR", default=0)
    amount_ht = models.DecimalField("cotisation HT", max_digits=12, decimal_places=2, default=ZERO)
    amount_vat = models.DecimalField("TVA", max_digits=12, decimal_places=2, default=ZERO)
    amount_ttc = models.DecimalField("cotisation TTC", max_digits=12, decimal_places=2, default=ZERO)
    already_invoiced_ttc = models.DecimalField("déjà facturé TTC", max_digits=12, decimal_places=2, default=ZERO)
    # Billing on validation: the invoice (cotisation, ajustement or avoir) it produced; billed_at is set even
    # when nothing was due, so validation never bills twice.
    invoice = models.ForeignKey("billing.Invoice", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="declarations", verbose_name="facture")
    billed_at = models.DateTimeField("facturée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "déclaration"
        verbose_name_plural = "déclarations"
        ordering = ["-campaign__year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["member", "campaign", "version"], name="declaration_unique_version"),
            models.CheckConstraint(condition=Q(status="sent") | Q(validated=False),
                                   name="declaration_validated_is_confirmed"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(number__isnull=False),
                                   name="declaration_confirmed_has_number"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="declaration_campaign_status"),
            # The director's dashboard: a campaign's counts per status and validation, and the confirmed ones by
            # date of submission with their validation date (delays), each read from an index alone.
            models.Index(fields=["campaign", "status", "validated", "id"], name="declaration_campaign_counts"),
            models.Index(fields=["submitted_at", "validated_at", "id"], condition=Q(status="sent"),
                         name="declaration_sent_submitted"),
        ]

    def __str__(self) -> str:
        return self.number or f"Déclaration {self.campaign.year} ({self.get_status_display()})"

    @property
    def period_label(self) -> str:
        return self.campaign.period_label

    @property
    def is_fillable(self) -> bool:
        """Open for input: a fillable status, and its campaign has opened (never a 2027 declaration in 2026)."""
        return self.status in FILLABLE and not self.opens_later

    @property
    def opens_later(self) -> bool:
        return self.campaign.opens_on > timezone.localdate()

    @property
    def opening_message(self) -> str:
        return (f"La campagne de déclaration {self.campaign.year} ouvre le {self.campaign.opens_on:%d/%m/%Y} : "
                "vous pourrez saisir cette déclaration à partir de cette date.")

    @property
    def is_submitted(self) -> bool:
        return self.status == DeclarationStatus.CONFIRMED

    @property
    def total_count(self) -> int:
        return self.count_si + self.count_sia + self.count_sir

    @property
    def status_key(self) -> str:
        """CSS class of the legend: the darker shade once the service validated it."""
        if self.validated:
            return "validated"
        return {"to_fill": "to-fill", "in_progress": "in-progress", "sent": "confirmed", "closed": "closed",
                "void": "closed"}[
            self.status
        ]

    @property
    def status_label(self) -> str:
        return "Confirmée (validée par le service)" if self.validated else self.get_status_display()


class DeclarationLine(models.Model):
    """The nominative list as submitted: a snapshot, independent of later changes to the employee."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey("workforce.Employee", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="declaration_lines")
    birth_name = models.CharField("nom de naissance", max_length=80)
    usage_name = models.CharField("nom marital", max_length=80, blank=True)
    first_name = models.CharField("prénom", max_length=80)
    job_title = models.CharField("poste", max_length=120, blank=True)
    contract = models.CharField("contrat", max_length=60)
    hire_date = models.DateField("date d'embauche")
    contract_end = models.DateField("fin de contrat", null=True, blank=True)
    exit_date = models.DateField("date de sortie", null=True, blank=True)
    category = models.CharField("catégorie", max_length=3)
    determinants = models.JSONField("déterminants", default=list, blank=True)
    determinants_label = models.TextField("déterminants (libellés)", blank=True)

    objects = ScopedManager(member="declaration__member")

    class Meta:
        verbose_name = "ligne de déclaration"
        verbose_name_plural = "liste nominative"
        ordering = ["birth_name", "first_name", "id"]

    def __str__(self) -> str:
        return f"{self.birth_name} {self.first_name} ({self.category})"


class BilledAddition(models.Model):
    """An employee hired after the reference date of the declared year, billed once at the current tariff."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    employee = models.OneToOneField("workforce.Employee", on_delete=models.PROTECT, related_name="billed_addition")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("catégorie", max_length=3)
    billed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "salarié ajouté facturé"
        verbose_name_plural = "salariés ajoutés facturés"

    def __str__(self) -> str:
        return f"{self.employee} ({self.category})"
