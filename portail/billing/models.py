from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from portail.billing.bank import validate_bic, validate_iban
from portail.billing.snapshot import InvoiceSnapshot
from portail.core.formatting import money_fr

ZERO = Decimal("0.00")


class MandateChannel(models.TextChoices):
    ONLINE = "online", "Signé en ligne"
    PAPER = "paper", "Mandat papier"


class SepaMandate(models.Model):
    """A SEPA direct-debit mandate signed online by a member, or on paper and recorded by staff (creditor
    identifier: the service's ICS)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="sepa_mandates")
    reference = models.CharField("référence unique du mandat (RUM)", max_length=35, unique=True)
    holder_name = models.CharField("titulaire du compte", max_length=140)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    holder_address = models.CharField("adresse du titulaire", max_length=300, blank=True)
    creditor_id = models.CharField("ICS du créancier", max_length=35, blank=True)
    signed_at = models.DateTimeField("signé le")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="révoqué par")
    revocation_reason = models.CharField("motif de la révocation", max_length=200, blank=True)
    channel = models.CharField("origine", max_length=10, choices=MandateChannel.choices,
                               default=MandateChannel.ONLINE)
    first_collection_done = models.BooleanField("premier prélèvement effectué", default=False)

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


class CreditApplication(models.TextChoices):
    AUTOMATIC = "automatic", "Automatique : imputé sur la dette la plus ancienne"
    AGREEMENT = "agreement", "Sur accord de l'adhérent : imputé par le service"


class BillingSettings(models.Model):
    """Singleton (pk=1): the service's billing terms, printed on every invoice."""

    payment_terms_days = models.PositiveIntegerField("délai de paiement (jours)", default=30)
    late_penalty_text = models.CharField(
        "taux des pénalités de retard",
        max_length=300,
        default="trois fois le taux d'intérêt légal",
    )
    recovery_indemnity = models.DecimalField(
        "indemnité forfaitaire pour frais de recouvrement", max_digits=8, decimal_places=2, default=Decimal("40.00")
    )
    # Code de commerce L441-10: the annual rate of late-payment penalties (here ECB rate + 10 points), computed
    # per day on the open amount from the day after the due date.
    late_penalty_rate = models.DecimalField("taux annuel des pénalités de retard (%)", max_digits=5,
                                            decimal_places=2, default=Decimal("12.15"))
    sepa_prenotification_days = models.PositiveIntegerField("délai de pré-notification SEPA (jours)", default=14)
    credit_application = models.CharField("imputation des avoirs et crédits", max_length=10,
                                          choices=CreditApplication.choices, default=CreditApplication.AUTOMATIC)
    # The service's own account: members' transfers arrive there and direct debits are collected to it.
    # Printed (with the payment reference) on every invoice issued from now on and on the échéancier.
    creditor_iban = models.CharField("IBAN du service (virements et prélèvements)", max_length=34, blank=True,
                                     validators=[validate_iban])
    creditor_bic = models.CharField("BIC du service", max_length=11, blank=True, validators=[validate_bic])

    class Meta:
        verbose_name = "paramètres de facturation"
        verbose_name_plural = "paramètres de facturation"

    def __str__(self) -> str:
        return "Paramètres de facturation"


class InvoiceKind(models.TextChoices):
    MEMBERSHIP = "adhesion", "Facture d'Adhésion"
    CONTRIBUTION = "cotisation", "Cotisation"
    ADJUSTMENT = "ajustement", "Facture d'Ajustement"
    CREDIT_NOTE = "avoir", "Avoir"


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    ISSUED = "issued", "Émise"


SYSTEM_SERIES = "F"
LEGACY_SERIES = "legacy"


class Invoice(models.Model):
    """An invoice or credit note. Drafts have no number; once issued the row is a record, never edited."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField("type de facture", max_length=20, choices=InvoiceKind.choices)
    series = models.CharField("série", max_length=20, default=SYSTEM_SERIES)
    number = models.CharField("N°", max_length=30, null=True, blank=True)
    sequence_value = models.PositiveBigIntegerField("rang dans la série", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    issue_date = models.DateField("date d'émission", null=True, blank=True)
    due_date = models.DateField("date d'exigibilité", null=True, blank=True)
    period_label = models.CharField("période", max_length=50, blank=True)
    period_year = models.PositiveIntegerField("année de la période", null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes", verbose_name="facture corrigée"
    )
    total_ht = models.DecimalField("total HT", max_digits=12, decimal_places=2, default=ZERO)
    total_vat = models.DecimalField("total TVA", max_digits=12, decimal_places=2, default=ZERO)
    total_ttc = models.DecimalField("montant TTC", max_digits=12, decimal_places=2, default=ZERO)
    legacy = models.BooleanField("reprise de l'ancien système", default=False)
    # Everything the document shows besides its lines and totals, frozen at issue (billing.snapshot): set in
    # the same transaction as the number, never written again (PostgreSQL trigger, no service writes it).
    snapshot = models.JSONField("données figées à l'émission", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="member")

    # Not columns: the billing reads compute these on the rows they load, for the screens and documents to show.
    open_amount: Decimal
    overdue: bool

    class Meta:
        verbose_name = "facture"
        verbose_name_plural = "factures"
        ordering = ["-issue_date", "-id"]
        # The director's dashboard sums issued invoices by issue date and looks for the unpaid ones by due date:
        # read from these narrow indexes alone, not from the table, which the frozen snapshot makes wide.
        indexes = [
            models.Index(fields=["issue_date", "total_ttc"], condition=Q(status="issued"),
                         name="invoice_issued_on_total"),
            # In invoice order, to be merged with the allocations' (invoice, amount) index.
            models.Index(fields=["id", "due_date", "total_ttc"], condition=Q(status="issued") & ~Q(kind="avoir"),
                         name="invoice_issued_due_total"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="billing_invoice_unique_number"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & Q(issue_date__isnull=False)),
                name="billing_invoice_issued_has_number",
            ),
            models.CheckConstraint(
                condition=Q(status="issued") | Q(number__isnull=True), name="billing_invoice_draft_has_no_number"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(snapshot__isnull=False), name="billing_invoice_issued_has_snapshot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or '(brouillon)'}"

    @property
    def is_issued(self) -> bool:
        return self.status == InvoiceStatus.ISSUED

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE or self.total_ttc < 0

    @property
    def creditable(self) -> Decimal:
        """What credit notes can still take off this invoice (needs the `credit_noted` annotation of
        billing.selectors.invoices_issued): zero once it is fully credited."""
        return max(self.total_ttc + getattr(self, "credit_noted", ZERO), ZERO) if self.total_ttc > 0 else ZERO

    @property
    def frozen(self):
        """The snapshot as typed data (billing.snapshot.InvoiceSnapshot); None on a draft."""
        return InvoiceSnapshot.from_json(self.snapshot) if self.snapshot is not None else None

    @property
    def payment_reference(self) -> str:
        """The reference printed on the issued invoice, for the member's transfer."""
        return (self.snapshot or {}).get("payment", {}).get("reference", "")


class InvoiceArchive(models.Model):
    """The PDF/A-3 (with its Factur-X XML) of an issued invoice, as first produced: every later download serves
    these bytes. Drawn from the snapshot just after the issuing commit, outside the lock of the series counter, and
    stored once: the primary key is the invoice, so of two drawings at once only the first is kept
    (billing.archive). A column rather than a file: a failed write leaves no orphan, the triggers protect it like
    the invoice, and it is in every database backup."""

    invoice = models.OneToOneField(Invoice, primary_key=True, on_delete=models.PROTECT, related_name="archive",
                                   verbose_name="facture")
    pdf = models.BinaryField("PDF archivé")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    created_at = models.DateTimeField("archivé le", auto_now_add=True)

    objects = ScopedManager(member="invoice__member")

    class Meta:
        verbose_name = "facture archivée"
        verbose_name_plural = "factures archivées"

    def __str__(self) -> str:
        return f"Archive de {self.invoice}"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=1)
    description = models.CharField("désignation", max_length=300)
    quantity = models.DecimalField("quantité", max_digits=12, decimal_places=2, default=Decimal("1"))
    unit_price_ht = models.DecimalField("prix unitaire HT", max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField("taux de TVA (%)", max_digits=5, decimal_places=2, default=Decimal("20.00"))
    total_ht = models.DecimalField("total HT", max_digits=12, decimal_places=2, default=ZERO)
    total_vat = models.DecimalField("TVA", max_digits=12, decimal_places=2, default=ZERO)
    total_ttc = models.DecimalField("total TTC", max_digits=12, decimal_places=2, default=ZERO)

    objects = ScopedManager(member="invoice__member")

    class Meta:
        verbose_name = "ligne de facture"
        verbose_name_plural = "lignes de facture"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class PaymentMethod(models.TextChoices):
    CHEQUE = "cheque", "Chèque"
    TRANSFER = "virement", "Virement"
    DIRECT_DEBIT = "prelevement", "Prélèvement SEPA"
    CARD = "carte", "Carte bancaire"
    COMPENSATION = "compensation", "Compensation avoir / facture"
    LEGACY = "reprise", "Reprise de l'ancien système"


class Payment(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="payments")
    method = models.CharField("mode de règlement", max_length=20, choices=PaymentMethod.choices)
    date = models.DateField("date")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    reference = models.CharField("référence", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "règlement"
        verbose_name_plural = "règlements"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date", "amount"], name="payment_date_amount")]  # the dashboard's sum

    def __str__(self) -> str:
        return f"{self.get_method_display()} {money_fr(self.amount)} ({self.date:%d/%m/%Y})"


class PaymentAllocation(models.Model):
    """Part of a payment settling one invoice; negative on a credit note netted against invoices."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField("montant affecté", max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(member="invoice__member")

    class Meta:
        verbose_name = "affectation de règlement"
        verbose_name_plural = "affectations de règlement"
        # What is paid per invoice, summed from the index alone (dashboard ageing, statements).
        indexes = [models.Index(fields=["invoice", "amount"], name="allocation_invoice_amount")]

    def __str__(self) -> str:
        return f"{money_fr(self.amount)} → {self.invoice}"


class DirectDebitBatchStatus(models.TextChoices):
    CREATED = "created", "Créé"
    SUBMITTED = "submitted", "Remis à la banque"
    SETTLED = "settled", "Réglé"


class DirectDebitBatch(models.Model):
    """A pain.008 file of SEPA direct debits, kept as sent to the bank."""

    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    collection_date = models.DateField("date de prélèvement")
    message_id = models.CharField("identifiant du message", max_length=35, unique=True)
    xml = models.TextField("fichier pain.008")
    count = models.PositiveIntegerField("nombre de prélèvements")
    total = models.DecimalField("montant total", max_digits=12, decimal_places=2)
    status = models.CharField("état", max_length=10, choices=DirectDebitBatchStatus.choices,
                              default=DirectDebitBatchStatus.CREATED)

    class Meta:
        verbose_name = "lot de prélèvements SEPA"
        verbose_name_plural = "lots de prélèvements SEPA"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Lot {self.message_id} du {self.collection_date:%d/%m/%Y}"


class DirectDebitItemStatus(models.TextChoices):
    PENDING = "pending", "À prélever"
    SETTLED = "settled", "Encaissé"
    REJECTED = "rejected", "Rejeté"


class DirectDebitItem(models.Model):
    """One collection under one mandate: all the member's invoices collected in the batch, capped by the
    member's balance due. Rejected (R-transaction), its invoices are open again and can be collected later."""

    batch = models.ForeignKey(DirectDebitBatch, on_delete=models.PROTECT, related_name="items")
    mandate = models.ForeignKey(SepaMandate, on_delete=models.PROTECT, related_name="debits")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    sequence_type = models.CharField("type de séquence", max_length=4)
    end_to_end_id = models.CharField("référence de bout en bout", max_length=35, blank=True)
    status = models.CharField("état", max_length=10, choices=DirectDebitItemStatus.choices,
                              default=DirectDebitItemStatus.PENDING)
    # Set once at settlement (at the collection date): settling again records nothing more.
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="direct_debit_item", verbose_name="règlement")
    reject_reason = models.CharField("motif du rejet", max_length=4, blank=True)
    reject_fee = models.DecimalField("frais de rejet", max_digits=8, decimal_places=2, default=ZERO)
    rejected_at = models.DateField("rejeté le", null=True, blank=True)

    objects = ScopedManager(member="mandate__member")

    class Meta:
        verbose_name = "prélèvement"
        verbose_name_plural = "prélèvements"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.sequence_type} {money_fr(self.amount)} ({self.mandate})"


class DirectDebitLine(models.Model):
    """The part of one invoice in a collection. An invoice is in at most one live collection (unique while
    `active`); a reject clears `active` so the invoice can be collected again."""

    item = models.ForeignKey(DirectDebitItem, on_delete=models.PROTECT, related_name="lines")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="direct_debits",
                                verbose_name="facture")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    active = models.BooleanField("en cours", default=True)

    objects = ScopedManager(member="invoice__member")

    class Meta:
        verbose_name = "facture prélevée"
        verbose_name_plural = "factures prélevées"
        constraints = [models.UniqueConstraint(fields=["invoice"], condition=Q(active=True),
                                               name="billing_directdebitline_one_live_per_invoice")]

    def __str__(self) -> str:
        return f"{money_fr(self.amount)} → {self.invoice}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class BillingJob(models.Model):
    """A long billing operation run by a background task (e.g. issuing a batch of invoices), with its progress."""

    kind = models.CharField("type", max_length=30, default="invoices_issue_batch")
    status = models.CharField("état", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField("paramètres", default=dict)
    total = models.PositiveIntegerField("à traiter", default=0)
    done = models.PositiveIntegerField("traités", default=0)
    first_number = models.CharField("premier numéro", max_length=30, blank=True)
    last_number = models.CharField("dernier numéro", max_length=30, blank=True)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "traitement de facturation"
        verbose_name_plural = "traitements de facturation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Traitement {self.kind} n° {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.is_finished else 0)


class DunningLevel(models.IntegerChoices):
    REMINDER = 1, "Rappel"
    SECOND = 2, "Relance"
    FORMAL_NOTICE = 3, "Mise en demeure"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Courrier"


class Reminder(models.Model):
    """One dunning step sent for an overdue invoice: level 1 rappel, 2 relance, 3 mise en demeure. The amounts
    are those of the day it was sent, so its letter draws again identically. One row per invoice and level:
    a second click never sends the same step twice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    sent_at = models.DateTimeField("envoyée le")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    level = models.PositiveSmallIntegerField("niveau", choices=DunningLevel.choices, default=DunningLevel.REMINDER)
    channel = models.CharField("canal", max_length=10, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL)
    recipients = models.CharField("destinataires", max_length=500, blank=True)
    open_amount = models.DecimalField("reste dû", max_digits=12, decimal_places=2, default=ZERO)
    penalties = models.DecimalField("pénalités de retard", max_digits=12, decimal_places=2, default=ZERO)
    indemnity = models.DecimalField("indemnité forfaitaire", max_digits=8, decimal_places=2, default=ZERO)

    objects = ScopedManager(member="invoice__member")

    class Meta:
        verbose_name = "relance"
        verbose_name_plural = "relances"
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["invoice", "level"], name="billing_reminder_once_per_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} – {self.invoice}"
