"""Keeping the employee list in sync from the monthly DSN (issue 20): routing, diff, apply.

`portail.dsn` reads the file; this module decides what it means for a member's list:
- `dsn_route` gives each establishment of the file (SIRET = S21.G00.06 SIREN + S21.G00.11 NIC) to the member
  with that SIRET among those the user may act for, or refuses the whole file;
- `dsn_plan` compares the individuals with the member's employees matched by NIR (the DSN carries 13
  characters, the key is computed) and sorts them: new hires, exits (S21.G00.62), changes, rehires,
  unchanged, and the ones that cannot be taken (no NIR, incomplete birth date…); for an account that may not
  see NIRs in clear (`dsn_nir_full`), by NIR and identity together, as the employee import (`imports._Known`);
- `dsn_apply` writes what the member kept, in one transaction, planned again against the database of the
  moment: importing the same DSN twice changes nothing the second time.

Hires and changes are written in bulk (a 20,000-employee company sends one file a month); exits and rehires go
through the employee services one by one, since they cancel appointments and are few.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portail.accounts.models import AccountKind
from portail.accounts.selectors import accessible_members
from portail.audit.services import event_record
from portail.core.formatting import count_fr
from portail.dsn import DsnError, DsnFile, Establishment, Individual
from portail.dsn.model import Contract
from portail.followup.determinants import categorize_employee
from portail.members.freshness import one_stamp_for
from portail.members.models import Member
from portail.reference import pcs_normalize
from portail.reference.text import fold
from portail.workforce import nir as nirlib
from portail.workforce import services
from portail.workforce.imports import identity_key
from portail.workforce.models import FACTS, Employee
from portail.workforce.services import employee_dates_errors

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
ACTIONS = ("create", "exit", "update", "rehire")
# How a count of each kind of row reads, in the preview, the message after the apply and the audit log.
COUNT_WORDS = {"create": ("entrée", ""), "exit": ("sortie", ""), "update": ("modification", ""),
               "rehire": ("réembauche", ""), "unchanged": ("inchangé", ""), "skipped": ("non repris", "non repris"),
               "review": ("à vérifier", "à vérifier")}


def dsn_counts_text(counts: dict[str, int]) -> str:
    """"1 entrée, 0 sortie, 2 modifications…" for the kinds in `counts`, in their order; "à vérifier" only if any."""
    return ", ".join(count_fr(n, *COUNT_WORDS[kind]) for kind, n in counts.items() if n or kind != "review")
# Employee fields the DSN is the source of for a known employee ("changes (job, contract, PCS, names)").
SYNCED = ("birth_name", "usage_name", "first_name", "job_title", "contract", "pcs_code", "contract_end")
LABELS = {
    "birth_name": "Nom de naissance", "usage_name": "Nom marital", "first_name": "Prénom",
    "job_title": "Poste de travail", "contract": "Contrat", "pcs_code": "Code PCS",
    "contract_end": "Date de fin de contrat",
}
JOB_UNKNOWN = "Emploi non précisé"
# One message whichever of the NIR or the identity matched: telling them apart would say whether the number is held.
REVIEW = ("ce salarié ressemble à un salarié déjà enregistré (même N° de Sécurité Sociale, ou mêmes nom de "
          "naissance, prénom et date de naissance) : vérifiez-le dans la liste et corrigez-le à la main.")
BATCH = 1000


class DsnRefused(DsnError):
    """The file is valid but cannot be taken by this user (unknown SIRET, SIRET of a member not theirs)."""


def dsn_month_label(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def dsn_history_reason(month: date) -> str:
    return f"DSN de {dsn_month_label(month)}"


def _spaced_siret(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def dsn_route(*, dsn: DsnFile, allowed: QuerySet[Member]) -> dict[int, list[Establishment]]:
    """member id → its establishments in the file; `allowed` is what the user may act for (a member's own
    establishment and its grouped ones, a mandataire's clients, or the member staff chose)."""
    sirets = {e.siret for e in dsn.establishments}
    permitted = {m.siret: m.pk for m in allowed.filter(siret__in=sirets).only("pk", "siret")}
    known = set(Member.objects.filter(siret__in=sirets - set(permitted)).values_list("siret", flat=True))
    routes: dict[int, list[Establishment]] = {}
    for establishment in dsn.establishments:
        siret = establishment.siret
        if siret in permitted:
            routes.setdefault(permitted[siret], []).append(establishment)
        elif siret in known:
            raise DsnRefused(f"vous n'agissez pas pour l'établissement SIRET {_spaced_siret(siret)} : ce fichier "
                             f"est refusé. Demandez à cet adhérent de vous donner mandat, ou retirez-le du fichier.")
        else:
            raise DsnRefused(f"l'établissement SIRET {_spaced_siret(siret)} n'est pas adhérent du service : ce "
                             f"fichier est refusé. Vérifiez le SIRET déclaré dans votre logiciel de paie.")
    return routes


def dsn_nir_full(*, user, member_id: int, back_office: bool) -> bool:
    """Whether a DSN's NIRs alone find the member's employees (`dsn_plan`'s `nir_full`), the same answer for the
    preview and the apply (in the request or the background job).

    Staff in the back office act for the service, as the NIR matching always did there. A portal account only when
    it sees NIRs in clear (`nir.nir_access` with its role in this member, as the employee import): otherwise a row
    found by its number alone would tell it who holds a number it sent."""
    return back_office or nirlib.nir_full_in(user=user, member_id=member_id)


def dsn_job_nir_full(*, user, member_id: int) -> bool:
    """`dsn_nir_full` for a background job, which knows only who started it: a staff account can only have started
    it from the back office (the portal refuses staff's writes, « voir comme l'adhérent » is read only)."""
    back_office = user is not None and user.kind == AccountKind.STAFF
    return dsn_nir_full(user=user, member_id=member_id, back_office=back_office)


def dsn_allowed_members(*, user, member: Member | None = None) -> QuerySet[Member]:
    """Portal users: what they may act for. Staff: the member they chose and the establishments grouped with it."""
    if getattr(user, "is_portal_user", False):
        return accessible_members(user=user)
    if member is None:
        return Member.objects.none()
    head = member.group_head_id or member.pk
    return Member.objects.filter(Q(pk=head) | Q(group_head_id=head))


@dataclass(slots=True)
class DsnRow:
    index: int  # position of the individual among the member's ones in the file: the key of the choice
    action: str  # create | exit | update | rehire | unchanged | skipped | review (never written: `DsnChoice`)
    name: str
    siret: str
    line: int = 0  # where the individual starts in the file, to name them in a message without their name
    data: dict[str, Any] = field(default_factory=dict)
    nir: str = field(default="", repr=False)
    employee: Employee | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    exit: tuple[date, str] | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class DsnPlan:
    month: date
    rows: list[DsnRow]
    anomalies: list[str] = field(default_factory=list)
    # Whether the individuals were found by their NIR alone, or by their NIR and identity together (`dsn_nir_full`).
    nir_full: bool = True

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in (*ACTIONS, "unchanged", "skipped", "review")}

    @property
    def counts_text(self) -> str:
        return dsn_counts_text(self.counts)

    def of(self, action: str) -> list[DsnRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def matched(self) -> int:
        """Individuals found among the member's employees by their NIR (and identity, without `nir_full`)."""
        return sum(row.employee is not None for row in self.rows)


def _individuals(establishments: Iterable[Establishment]) -> Iterable[tuple[Establishment, Individual]]:
    for establishment in establishments:
        for individual in establishment.individuals:
            yield establishment, individual


def _contract(individual: Individual) -> Contract | None:
    """The contract that describes the person: the latest current one, else the one that ended last."""
    employment = [c for c in individual.contracts if c.is_employment]
    current = [c for c in employment if not c.ended]
    if current:
        return max(current, key=lambda c: c.start_date)
    ended = [(c.end.end_date, c) for c in employment if c.end is not None]
    return max(ended, key=lambda pair: pair[0])[1] if ended else None


def _pcs(contract: Contract, warnings: list[str]) -> str:
    if not contract.pcs_ese:
        return ""
    code = pcs_normalize(contract.pcs_ese)
    if code is None:
        warnings.append(f"code PCS-ESE « {contract.pcs_ese} » inconnu de la nomenclature 2017 : non repris.")
        return ""
    return code


def _target(individual: Individual, contract: Contract, warnings: list[str]) -> dict[str, Any]:
    first_names = individual.first_names.split()
    return {
        "birth_name": individual.birth_name[:80],
        "usage_name": individual.usage_name[:80],
        "first_name": (first_names[0] if first_names else individual.first_names)[:80],
        "birth_date": individual.birth_date,
        "sex": individual.sex,
        "hire_date": contract.start_date,
        "job_title": contract.job_title[:120].strip(),
        "contract": str(contract.kind),
        "pcs_code": _pcs(contract, warnings),
        "contract_end": contract.expected_end_date,
    }


def _same(field_name: str, old: Any, new: Any) -> bool:
    if old == new:  # most values of a month are the last month's, as written: no folding needed
        return True
    if isinstance(old, str) or isinstance(new, str):
        return fold(old or "").upper().strip() == fold(new or "").upper().strip()
    return old == new


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "—"
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value)


def _diff(employee: Employee, target: dict[str, Any]) -> dict[str, Any]:
    """The synced fields whose value the DSN changes; an empty job or PCS in the DSN keeps the portal's."""
    changed = {}
    for name in SYNCED:
        new = target[name]
        if name in ("job_title", "pcs_code") and not new:
            continue
        if not _same(name, getattr(employee, name), new):
            changed[name] = new
    return changed


Identity = tuple[str, str, date]


def _identities(individual: Individual) -> set[Identity]:
    """Who the individual is, as `imports.identity_key` says: with the first of their first names (what `_target`
    records) or all of them (what a hand-typed employee may hold, "Jean Pierre")."""
    first_names = individual.first_names.split()
    keys = {identity_key(individual.birth_name, first, individual.birth_date)
            for first in (first_names[0] if first_names else "", " ".join(first_names))}
    return {key for key in keys if key is not None}


# What planning reads of each employee: the whole company is read, so not the rest of its thirty columns. The rows
# that are written get their full record again (`_full_records`).
PLANNED = ("pk", "member_id", "nir_hash", "birth_date", "hire_date", "trial_end", "exit_date", *SYNCED)


class _Planner:
    """Finds each individual's employee. With `nir_full`, by NIR alone. Without, an individual is known only when
    the NIR's holder has their identity too (`imports.identity_key`: birth name, first name, birth date); a NIR held
    by someone else, or their identity held under another NIR or none, is a row to review by hand, which shows
    nothing of the employee found and is never written: what the account reads on the list anyway, no more."""

    def __init__(self, *, member: Member, month: date, lock: bool, nir_full: bool) -> None:
        employees = Employee.objects.filter(member=member).only(*PLANNED)
        if lock:
            employees = employees.select_for_update()
        self.existing: dict[str, Employee] = {}
        # Identities that a NIR the list does not hold must not meet. With `nir_full`, only the employees recorded
        # without a NIR: the DSN's individual may be one of them, and creating it would make a duplicate.
        self.identities: set[Identity] = set()
        for employee in employees:
            if employee.nir_hash:
                self.existing[employee.nir_hash] = employee
            if not (nir_full and employee.nir_hash):
                key = identity_key(employee.birth_name, employee.first_name, employee.birth_date)
                if key:
                    self.identities.add(key)
        self.nir_full = nir_full
        self.seen: set[str] = set()
        self.month = month

    def row(self, index: int, establishment: Establishment, individual: Individual) -> DsnRow:
        row = DsnRow(index, "skipped", f"{individual.birth_name} {individual.first_names}", establishment.siret,
                     individual.line)
        contract = _contract(individual)
        nir = individual.nir_with_key
        if contract is None:
            row.message = "aucun contrat de travail (mandat social ou d'élu) : pas de suivi en santé au travail."
        elif not nir:
            row.message = "pas de N° de Sécurité Sociale valide (numéro technique temporaire) : à saisir plus tard."
        else:
            self._classify(row, nir, individual, contract)
        return row

    def _classify(self, row: DsnRow, nir: str, individual: Individual, contract: Contract) -> None:
        digest = nirlib.keyed_hash(nir)
        if digest in self.seen:
            row.message = "ce N° de Sécurité Sociale figure deux fois pour cet adhérent dans le fichier."
            return
        self.seen.add(digest)
        target = _target(individual, contract, row.warnings)
        if contract.ended and contract.end is not None:
            row.exit = (contract.end.end_date, contract.end.exit_reason or "OTHER")
        employee = self.existing.get(digest)
        if self._unsure(employee, individual):
            row.action, row.message, row.exit = "review", REVIEW, None
            return
        row.employee = employee
        if employee is None:
            self._new(row, nir, target)
        else:
            self._known(row, employee, target, contract)

    def _unsure(self, employee: Employee | None, individual: Individual) -> bool:
        """Whether the NIR and the identity disagree on who this individual is. With `nir_full` the NIR alone finds
        its holder; a NIR found nowhere is still unsure when an employee without a NIR has the individual's identity."""
        keys = _identities(individual)
        if employee is not None:
            return not self.nir_full and (
                identity_key(employee.birth_name, employee.first_name, employee.birth_date) not in keys)
        return not keys.isdisjoint(self.identities)

    def _new(self, row: DsnRow, nir: str, target: dict[str, Any]) -> None:
        if target["birth_date"] is None:
            row.message = "date de naissance incomplète dans la DSN : ajoutez ce salarié à la main."
            return
        target["job_title"] = target["job_title"] or JOB_UNKNOWN
        try:  # the reader checked digits and key already; what is left is agreement with sex and birth date
            if nir[0] in "12":
                nirlib.check_consistency(nir, sex=target["sex"], birth_date=target["birth_date"])
        except nirlib.NirError as error:
            row.message = str(error)
            return
        if not self._valid(row, target):
            return
        row.nir, row.data, row.action = nir, target, "create"

    def _known(self, row: DsnRow, employee: Employee, target: dict[str, Any], contract: Contract) -> None:
        changed = _diff(employee, target)
        if employee.has_left and row.exit is None and contract.start_date > (employee.exit_date or date.min):
            if self._valid(row, {**target, "birth_date": employee.birth_date}):
                row.action, row.data = "rehire", target
                row.changes = [("Date d'embauche", _shown(employee.hire_date), _shown(contract.start_date))]
            return
        if row.exit is not None and employee.exit_date is None:
            if row.exit[0] < employee.hire_date:
                row.message = "la date de fin du contrat précède la date d'embauche connue du portail."
                return
            row.action = "exit"
            row.changes = [("Date de sortie", "—", _shown(row.exit[0]))]
            return
        if not changed or employee.exit_date is not None:
            row.action = "unchanged"
            return
        merged = {**{f: getattr(employee, f) for f in ("birth_date", "hire_date", "trial_end")},
                  **{f: getattr(employee, f) for f in SYNCED}, **changed}
        if not self._valid(row, merged):
            return
        row.action, row.data = "update", changed
        row.changes = [(LABELS[f], _shown(getattr(employee, f)), _shown(v)) for f, v in changed.items()]

    @staticmethod
    def _valid(row: DsnRow, data: dict[str, Any]) -> bool:
        errors = employee_dates_errors(data)
        if errors:
            row.message = " ".join(errors.values())
        return not errors


def dsn_plan(*, member: Member, dsn: DsnFile, establishments: list[Establishment], nir_full: bool,
             lock: bool = False) -> DsnPlan:
    """What the file would change in `member`'s list (read only; `lock` is for `dsn_apply`). `nir_full`: the
    account may find employees by NIR alone (`dsn_nir_full`)."""
    planner = _Planner(member=member, month=dsn.month, lock=lock, nir_full=nir_full)
    rows = [planner.row(i, e, p) for i, (e, p) in enumerate(_individuals(establishments))]
    sirets = {e.siret for e in establishments}
    anomalies = [str(a) for a in dsn.anomalies] if len(sirets) == len({e.siret for e in dsn.establishments}) else []
    return DsnPlan(month=dsn.month, rows=rows, anomalies=anomalies, nir_full=nir_full)


@dataclass(frozen=True)
class DsnChoice:
    """What the member kept on the preview: whole kinds of change, minus the rows they unticked."""

    actions: frozenset[str] = frozenset(ACTIONS)
    excluded: frozenset[int] = frozenset()

    def keeps(self, row: DsnRow) -> bool:
        # Only the kinds of change: a row to review (or skipped, unchanged) is never written, whatever was posted.
        return row.action in ACTIONS and row.action in self.actions and row.index not in self.excluded


@transaction.atomic
def dsn_apply(*, member: Member, actor, dsn: DsnFile, establishments: list[Establishment], choice: DsnChoice,
              nir_full: bool, request=None, progress: Callable[[int], None] | None = None) -> DsnPlan:
    """Plan again under lock and write the rows kept, all or nothing; returns the plan with what was applied.
    `nir_full` as for the preview (`dsn_nir_full`), so that what is written is what was shown.
    `progress(done)` is told how many individuals are done as the writes go (the background job's bar)."""
    plan = dsn_plan(member=member, dsn=dsn, establishments=establishments, nir_full=nir_full, lock=True)
    kept = [row for row in plan.rows if choice.keeps(row)]
    _full_records(kept)
    reason = dsn_history_reason(plan.month)
    user = actor if getattr(actor, "pk", None) else None
    tell = progress or (lambda done: None)
    done = len(plan.rows) - len(kept)  # nothing to write for the others
    tell(done)
    with one_stamp_for(member_id=member.pk):  # one new stamp for the member, not one per exit
        created = [r for r in kept if r.action == "create"]
        _create(member, user, created, reason)
        tell(done := done + len(created))
        updated = [r for r in kept if r.action == "update"]
        _update(updated, user, reason)
        tell(done := done + len(updated))
        for row in kept:
            if row.action in ("exit", "rehire"):
                _one_by_one(row, actor, reason, request)
                done += 1
                if done % 20 == 0:
                    tell(done)
    for row in plan.rows:
        if not choice.keeps(row) and row.action in ACTIONS:
            row.action = "ignored"
    counts = {a: sum(r.action == a for r in kept) for a in ACTIONS}
    event_record(action="employee.dsn_import", actor=actor, member=member, request=request,
                 summary=f"{reason} : {dsn_counts_text(counts)}",
                 data={"month": plan.month.isoformat(), **counts})
    return plan


def _full_records(rows: list[DsnRow]) -> None:
    """The known employees about to be written, read whole (their history row copies every field), in one query."""
    known = [row for row in rows if row.employee is not None]
    full = Employee.objects.in_bulk([row.employee.pk for row in known if row.employee is not None])
    for row in known:
        assert row.employee is not None
        row.employee = full[row.employee.pk]


def _new_employee(member: Member, user, row: DsnRow, today: date) -> Employee:
    employee = Employee(member=member, created_by=user, determinants=["NONE"], **row.data)
    if row.exit is not None:
        employee.exit_date, employee.exit_reason = row.exit
    checked = nirlib.check(row.nir, sex=employee.sex, birth_date=employee.birth_date)
    employee.nir_encrypted = nirlib.encrypt(checked.value)
    employee.nir_hash = nirlib.keyed_hash(checked.value)
    employee.nir_masked = nirlib.mask(checked.value)
    employee.nir_temporary = bool(checked.warning)
    employee.refresh_name_keys()
    employee.declared_category = str(categorize_employee(
        codes=employee.determinants, birth_date=employee.birth_date, hire_date=employee.hire_date,
        today=today).category)
    return employee


def _create(member: Member, user, rows: list[DsnRow], reason: str) -> None:
    """A batch of employees built, written with their history rows, and let go before the next (a first DSN
    brings the whole company: 20,000 employees and as many history rows held at once weigh on memory)."""
    today = timezone.localdate()
    for start in range(0, len(rows), BATCH):
        employees = [_new_employee(member, user, row, today) for row in rows[start:start + BATCH]]
        bulk_create_with_history(employees, Employee, batch_size=BATCH, default_user=user,
                                 default_change_reason=reason)


def _update(rows: list[DsnRow], user, reason: str) -> None:
    employees = []
    fields = {"version", "birth_name_key", "usage_name_key", "first_name_key", "updated"}
    now = timezone.now()
    for row in rows:
        employee = row.employee
        assert employee is not None
        for name, value in row.data.items():
            setattr(employee, name, value)
            fields.add(name)
        employee.refresh_name_keys()
        employee.version += 1  # an edit form still open on this employee must notice (core.concurrency)
        employee.updated = now
        if any(name in row.data for name in FACTS):  # a new contract: the follow-up rules must run again
            employee.facts_changed = now
            fields.add("facts_changed")
        employees.append(employee)
    if employees:
        bulk_update_with_history(employees, Employee, sorted(fields), batch_size=BATCH, default_user=user,
                                 default_change_reason=reason)


def _one_by_one(row: DsnRow, actor, reason: str, request) -> None:
    employee = row.employee
    assert employee is not None
    employee._change_reason = reason
    try:
        if row.action == "exit" and row.exit is not None:
            services.employee_exit(employee=employee, actor=actor, exit_date=row.exit[0], exit_reason=row.exit[1],
                                   request=request)
        else:
            services.employee_rehire(employee=employee, actor=actor, hire_date=row.data["hire_date"],
                                     contract=row.data["contract"], contract_end=row.data["contract_end"],
                                     request=request)
    except ValidationError as error:
        raise DsnError(" ".join(error.messages), line=row.line) from None
