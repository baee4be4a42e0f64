from datetime import date
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from portail.followup.determinants import BY_CODE, Category
from portail.reference.text import fold


class Sex(models.TextChoices):
    MALE = "H", "Homme"
    FEMALE = "F", "Femme"


class ContractType(models.TextChoices):
    # Values shared with portail.followup.visit_types.Contract.
    CDI = "CDI", "contrat à durée indéterminée"
    CDD = "CDD", "contrat à durée déterminée"
    INTERIM = "INTERIM", "intérim"
    APPRENTICE = "APPRENTICE", "apprentissage"
    PRO = "PRO", "contrat de professionnalisation"
    INTERN = "INTERN", "stage"
    SEASONAL = "SEASONAL", "saisonnier"
    OTHER = "OTHER", "autre"


# Fixed-term contracts: "Date de fin de contrat" is required for them.
FIXED_TERM = frozenset({"CDD", "APPRENTICE", "PRO", "INTERN", "SEASONAL"})


class ExitReason(models.TextChoices):
    END_CDD = "END_CDD", "fin de CDD"
    RESIGNATION = "RESIGNATION", "démission"
    DISMISSAL = "DISMISSAL", "licenciement"
    MUTUAL = "MUTUAL", "rupture conventionnelle"
    TRIAL = "TRIAL", "fin de période d'essai"
    RETIREMENT = "RETIREMENT", "retraite"
    DEATH = "DEATH", "décès"
    TRANSFER = "TRANSFER", "mutation"
    OTHER = "OTHER", "autre"


CATEGORY_CHOICES = [(c.value, c.value) for c in Category]


def present_q(day: date, prefix: str = "") -> Q:
    """THE rule of presence: an employee is present on `day` unless their exit date is before it. The exit date
    is their last day, so a planned exit (a date still to come) keeps them present until that day included.
    `prefix` applies it across a relation, or to a table that copies the exit date (compliance snapshots)."""
    return Q(**{f"{prefix}exit_date__isnull": True}) | Q(**{f"{prefix}exit_date__gte": day})


# The fields the follow-up rules take as facts (selectors.facts_from_fields).
FACTS_FIELDS = ("birth_date", "hire_date", "contract", "determinants", "exit_date")
# What the follow-up rules read of an employee: the facts, and the category, which maps the kind of each past visit
# (appointments.compliance.rule_kind). A change to one of them, and only to them, makes the employee's compliance
# snapshot stale (`Employee.facts_changed`).
FACTS = (*FACTS_FIELDS, "declared_category", "service_category")
_UNREAD = object()  # a fact the instance did not load (deferred)


class EmployeeQuerySet(models.QuerySet):
    """Every list, count, choice and export of "present" employees goes through these (never exit_date alone)."""

    def present_on(self, day: date) -> "EmployeeQuerySet":
        return self.filter(present_q(day))

    def gone_before(self, day: date) -> "EmployeeQuerySet":
        """The complement of present_on: former employees ("Anciens salariés") on `day`."""
        return self.filter(exit_date__lt=day)

    def under_contract_on(self, day: date) -> "EmployeeQuerySet":
        """Present on `day` and already hired: the headcount of a declaration's reference date."""
        return self.present_on(day).filter(hire_date__lte=day)


EmployeeManager = models.Manager.from_queryset(EmployeeQuerySet)


class Employee(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="employees")
    birth_name = models.CharField("Nom de naissance", max_length=80)
    usage_name = models.CharField("Nom marital", max_length=80, blank=True)
    first_name = models.CharField("Prénom", max_length=80)
    birth_date = models.DateField("Date de naissance")
    sex = models.CharField("Sexe", max_length=1, choices=Sex.choices, blank=True)
    nir_encrypted = models.TextField(blank=True)
    nir_hash = models.CharField(max_length=64, blank=True, db_index=True)
    nir_masked = models.CharField("N° Sécurité Sociale", max_length=24, blank=True)
    nir_temporary = models.BooleanField("Numéro provisoire", default=False)
    # Folded upper-case copies of the names for an indexed prefix search (set by services).
    birth_name_key = models.CharField(max_length=80, blank=True, editable=False)
    usage_name_key = models.CharField(max_length=80, blank=True, editable=False)
    first_name_key = models.CharField(max_length=80, blank=True, editable=False)
    hire_date = models.DateField("Date d'embauche")
    job_title = models.CharField("Poste de travail", max_length=120)
    contract = models.CharField("Contrat", max_length=12, choices=ContractType.choices)
    pcs_code = models.CharField("Code PCS", max_length=8, blank=True)
    trial_end = models.DateField("Date de fin de période d'essai", null=True, blank=True)
    contract_end = models.DateField("Date de fin de contrat", null=True, blank=True)
    determinants = models.JSONField("Déterminants de suivi individuel", default=list, blank=True)
    employer_risk_justification = models.TextField("Justification des risques particuliers", blank=True)
    declared_category = models.CharField("Catégorie déclarée", max_length=3, choices=CATEGORY_CHOICES, default="SI")
    # Set by the service's doctor later; kept apart from what the employer declared.
    service_category = models.CharField(
        "Catégorie validée par le service", max_length=3, choices=CATEGORY_CHOICES, null=True, blank=True
    )
    scheduling_constraints = models.TextField("Contrainte(s) de convocation", blank=True)
    comments = models.TextField("Commentaire(s)", blank=True)
    exit_date = models.DateField("Date de sortie", null=True, blank=True)
    exit_reason = models.CharField("Motif de sortie", max_length=12, choices=ExitReason.choices, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # When a field the follow-up rules read last changed (FACTS; set by `save`): the compliance snapshot of the
    # employee is stale from then on, not after a new job title or a corrected name.
    facts_changed = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Optimistic locking (portail.core.concurrency): several users of a member (and its mandataire) may edit
    # the same employee; every write in workforce.services bumps it, and a form from an older one is refused.
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar["EmployeeManager[Employee]"] = ScopedManager(_manager_class=EmployeeManager, member="member")
    history = HistoricalRecords(excluded_fields=["nir_encrypted", "nir_hash", "updated", "facts_changed", "version"])
    # simple_history's hooks for the author and the reason of the next history row, set by the services.
    _history_user: AbstractBaseUser | None
    _change_reason: str
    # What employee_exit() did to the appointments, in French for the member.
    exit_consequences: list[str]
    # Set by the declaration preview for the rows of the filling page.
    declaration_problems: list[str]
    declaration_warnings: list[str]
    # The FACTS as read from the database, to tell in `save` whether they changed.
    _loaded_facts: dict[str, object]

    class Meta:
        verbose_name = "salarié"
        ordering = ["birth_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["member", "birth_name", "first_name", "id"], name="employee_member_name"),
            models.Index(fields=["member", "exit_date"], name="employee_member_exit"),
            models.Index(fields=["member", "hire_date"], name="employee_member_hire"),
            # The open API's pages walk a member's employees by id (a cursor): read in order, never sorted.
            models.Index(fields=["member", "id"], name="employee_member_id"),
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'ABC%'; other databases ignore it.
            *[
                models.Index(
                    fields=["member", key], name=f"employee_{key}", opclasses=["int8_ops", "varchar_pattern_ops"]
                )
                for key in ("birth_name_key", "usage_name_key", "first_name_key")
            ],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "nir_hash"],
                condition=~models.Q(nir_hash=""),
                name="employee_nir_unique_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.birth_name} {self.first_name}"

    def save(self, *args, **kwargs) -> None:
        loaded = getattr(self, "_loaded_facts", None)
        update_fields = kwargs.get("update_fields")
        # Only the facts this save writes: a fact changed in memory but left out of update_fields is not in the
        # database yet, and the save that writes it must still see it as a change.
        written = {name: value for name, value in self._facts().items()
                   if update_fields is None or name in update_fields}
        if loaded is None or any(loaded.get(name, _UNREAD) != value for name, value in written.items()):
            self.facts_changed = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "facts_changed"}
        super().save(*args, **kwargs)
        self._loaded_facts = {**(loaded or {}), **written}

    @classmethod
    def from_db(cls, db, field_names, values):
        employee = super().from_db(db, field_names, values)
        employee._loaded_facts = employee._facts()
        return employee

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        # Also how Django reads a deferred field: what it reads is as loaded, not a change; a fact changed in memory
        # and not refreshed stays a change.
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        read = {name: value for name, value in self._facts().items() if fields is None or name in fields}
        self._loaded_facts = {**getattr(self, "_loaded_facts", {}), **read}

    def _facts(self) -> dict[str, object]:
        """The FACTS this instance holds (a deferred field is not read); lists copied, so that a list changed in
        place still differs from the loaded one."""
        return {name: list(value) if isinstance(value := self.__dict__[name], list) else value
                for name in FACTS if name in self.__dict__}

    def refresh_name_keys(self) -> None:
        for name in ("birth_name", "usage_name", "first_name"):
            setattr(self, f"{name}_key", fold(getattr(self, name) or "").upper()[:80])

    def is_present_on(self, day: date) -> bool:
        """present_q for one row already read."""
        return self.exit_date is None or self.exit_date >= day

    @property
    def is_present(self) -> bool:
        return self.is_present_on(timezone.localdate())

    @property
    def exit_planned(self) -> bool:
        """An exit date still to come (today included): present until then, shown "sortie prévue le …"."""
        return self.exit_date is not None and self.is_present

    @property
    def has_left(self) -> bool:
        return self.exit_date is not None and not self.is_present

    @property
    def category(self) -> str:
        return self.service_category or self.declared_category

    @property
    def determinants_display(self) -> str:
        """The ticked boxes by their labels: a code (NONE, NIGHT, RI_A…) never reaches a page."""
        return " ; ".join(BY_CODE[c].label if c in BY_CODE else "déterminant inconnu" for c in self.determinants or [])


class ImportMapping(models.Model):
    """The column mapping a member chose for a given header row, offered again next time."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    # sha256 of the folded header cells: the same spreadsheet layout gives the same signature.
    signature = models.CharField(max_length=64)
    # One target field name per column ("" = ignored), in column order.
    mapping = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "correspondance de colonnes d'import"
        constraints = [models.UniqueConstraint(fields=["member", "signature"], name="import_mapping_unique")]

    def __str__(self) -> str:
        return f"Correspondance {self.signature[:8]}"


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échoué"


class ImportJob(models.Model):
    """A large import run in the background; the page polls it for progress."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING)
    name = models.CharField(max_length=255, blank=True)
    # Storage path of the uploaded file and the chosen mapping; the file is deleted when the job ends.
    path = models.CharField(max_length=255, blank=True)
    mapping = models.JSONField(default=list)
    # « Importer les lignes valides »: the rows in error are left out (listed in `errors`) instead of refusing all.
    valid_only = models.BooleanField(default=False)
    # "csv" (a CSV/XLSX file, `mapping` its columns) or "dsn" (the parsed result of a DSN kept at upload,
    # `choice` what the member kept on its preview: {"actions": [...], "excluded": [row index, ...]}).
    kind = models.CharField(max_length=3, default="csv")
    choice = models.JSONField(default=dict, blank=True)
    # "check" while rows are validated, then "write" while they are saved; `done` counts rows of the phase.
    phase = models.CharField(max_length=5, default="check")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    # [[line, field label, message], ...] or [[0, "", message]] for a whole-file failure.
    errors = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(member="member")

    class Meta:
        verbose_name = "import de salariés"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
