"""Bulk import of employees from CSV or XLSX (issue §5).

The file is read by import_files (which refuses hostile ones). Rows are validated with the same form as the screen, so the
messages are the same; applying is all or nothing, and re-importing the same file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from portail.audit.services import event_record
from portail.followup.determinants import DETERMINANTS
from portail.members.freshness import one_stamp_for
from portail.reference import pcs_normalize
from portail.reference.text import fold
from portail.workforce import nir as nirlib
from portail.workforce import services
from portail.workforce.import_files import ImportRefused, cell_text, read_rows
from portail.workforce.import_payroll import PAYROLL_ALIASES, PAYROLL_CONTRACTS, PAYROLL_EXIT_REASONS, PAYROLL_SEXES
from portail.workforce.models import ContractType, Employee, ExitReason, ImportMapping, Sex

# Header (folded) → form field. Our own export headers are recognised, so an export re-imports as is.
HEADER_ALIASES = {
    "nom de naissance": "birth_name",
    "nom": "birth_name",
    "nom marital": "usage_name",
    "nom d'usage": "usage_name",
    "prenom": "first_name",
    "date de naissance": "birth_date",
    "sexe": "sex",
    "n° securite sociale": "nir",
    "n securite sociale": "nir",
    "nir": "nir",
    "numero de securite sociale": "nir",
    "date d'embauche": "hire_date",
    "poste de travail": "job_title",
    "poste": "job_title",
    "contrat": "contract",
    "code pcs": "pcs_code",
    "date de fin de periode d'essai": "trial_end",
    "date de fin de contrat": "contract_end",
    "date de sortie": "exit_date",
    "motif de sortie": "exit_reason",
    "determinants": "determinants",
    "determinant suivi individuel": "determinants",
    "determinants de suivi individuel": "determinants",
    "justification": "employer_risk_justification",
}
HEADER_ALIASES = PAYROLL_ALIASES | {fold(k): v for k, v in HEADER_ALIASES.items()}
REQUIRED = ("birth_name", "first_name", "birth_date", "nir", "hire_date", "job_title", "contract")
LABELS = {
    "birth_name": "Nom de naissance",
    "usage_name": "Nom marital",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "sex": "Sexe",
    "nir": "N° Sécurité Sociale",
    "hire_date": "Date d'embauche",
    "job_title": "Poste de travail",
    "contract": "Contrat",
    "pcs_code": "Code PCS",
    "trial_end": "Date de fin de période d'essai",
    "contract_end": "Date de fin de contrat",
    "exit_date": "Date de sortie",
    "exit_reason": "Motif de sortie",
    "determinants": "Déterminants",
    "employer_risk_justification": "Justification",
    "__all__": "Ligne",
}
# Targets offered on the mapping screen, in the order of the employee form.
TARGETS = [(f, LABELS[f]) for f in LABELS if f != "__all__"]


def _choice_lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[fold(value)] = value
        table[fold(label)] = value
    return table


CONTRACTS = PAYROLL_CONTRACTS | _choice_lookup(ContractType.choices) | {"interim": "INTERIM", "cdi": "CDI", "cdd": "CDD"}
SEXES = PAYROLL_SEXES | _choice_lookup(Sex.choices) | {"m": "H", "1": "H", "2": "F"}
EXIT_REASONS = PAYROLL_EXIT_REASONS | _choice_lookup(ExitReason.choices)
# Codes ("CMR") and the seed's labels ("Salarié exposé au CMR") are both accepted.
DETERMINANT_NAMES = {fold(d.code): d.code for d in DETERMINANTS} | {fold(d.label): d.code for d in DETERMINANTS}


def parse_determinants(text: str) -> tuple[list[str], list[str]]:
    """Codes found in a cell separated by ";" or ","; and the pieces not recognised.

    Some seed labels contain a comma ("Femme enceinte, allaitante ou venant d'accoucher"), so the
    longest run of comma-separated pieces that forms a known label wins."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in text.split(";"):
        pieces = part.split(",")
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                code = DETERMINANT_NAMES.get(fold(",".join(pieces[start:end])))
                if code:
                    if code not in codes:
                        codes.append(code)
                    start = end
                    break
            else:
                if pieces[start].strip():
                    unknown.append(pieces[start].strip())
                start += 1
    return codes, unknown


def header_signature(header: list) -> str:
    """Same layout of columns → same signature, whatever the case or accents of the titles."""
    folded = "\x1f".join(fold(cell_text(title)) for title in header)
    return hashlib.sha256(folded.encode()).hexdigest()


def auto_mapping(header: list) -> list[str]:
    """One target per column ("" = ignored), recognised from the column titles."""
    mapping: list[str] = []
    for title in header:
        target = HEADER_ALIASES.get(fold(cell_text(title)).strip(" :*"), "")
        mapping.append("" if target in mapping else target)
    return mapping


def mapping_errors(mapping: list[str]) -> list[str]:
    """French errors for a chosen mapping: each required target once, no target twice."""
    errors = []
    targets = [t for t in mapping if t]
    doubled = sorted({t for t in targets if targets.count(t) > 1}, key=list(LABELS).index)
    if doubled:
        errors.append("Plusieurs colonnes ont la même correspondance : " + ", ".join(LABELS[t] for t in doubled) + ".")
    missing = [LABELS[f] for f in REQUIRED if f not in targets]
    if missing:
        errors.append("Colonnes obligatoires absentes : " + ", ".join(missing) + ".")
    return errors


def map_headers(header: list) -> dict[int, str]:
    mapping = auto_mapping(header)
    errors = mapping_errors(mapping)
    if errors:
        raise ImportRefused(" ".join(errors))
    return {index: target for index, target in enumerate(mapping) if target}


@dataclass
class RowPlan:
    line: int
    action: str  # create | update | exit | unchanged | error
    data: dict = field(default_factory=dict)
    employee: Employee | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    # An optional value not understood: the row imports without it (e.g. a PCS code of an older nomenclature).
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    # Whether a row's NIR found the employee it updates (an account that sees NIRs in clear), or its birth name,
    # first name and birth date did (`_Known`).
    nir_matched: bool = True

    def count(self, action: str) -> int:
        return sum(r.action == action for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "update", "exit", "unchanged", "error")}

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.line, LABELS.get(f, f), m) for r in self.rows for f, m in r.errors]

    @property
    def warnings(self) -> list[tuple[int, str, str]]:
        return [(r.line, LABELS.get(f, f), m) for r in self.rows if r.action != "error" for f, m in r.warnings]


def _normalise(values: dict[str, str]) -> dict[str, str]:
    for key, table in (("contract", CONTRACTS), ("sex", SEXES), ("exit_reason", EXIT_REASONS)):
        if values.get(key):
            values[key] = table.get(fold(values[key]), values[key])
    return values


NIR_HELD = (
    "Ce N° de Sécurité Sociale est déjà enregistré pour un salarié de l'entreprise dont le nom de naissance, "
    "le prénom ou la date de naissance diffèrent de cette ligne : vérifiez-les, ou faites importer cette ligne "
    "par un utilisateur habilité à voir les N° de Sécurité Sociale."
)
HOMONYMS = (
    "Plusieurs salariés de l'entreprise ont ce nom de naissance, ce prénom et cette date de naissance : "
    "modifiez-les depuis leur fiche."
)
ALREADY_ABOVE = "Ce salarié figure déjà plus haut dans le fichier."
WITHOUT_NIR = (
    "Un salarié enregistré sans N° de Sécurité Sociale a déjà ce nom de naissance, ce prénom et cette date de "
    "naissance : ajoutez son numéro depuis sa fiche, puis importez le fichier à nouveau."
)


def identity_key(birth_name: str, first_name: str, birth_date: date | None) -> tuple[str, str, date] | None:
    """Birth name and first name folded as `Employee.refresh_name_keys` does, and the birth date: who a row is for an
    account that may not match by NIR (`_Known` here, `dsn_sync._Planner` for a DSN), one rule for both."""
    names = (fold(birth_name or "").upper()[:80], fold(first_name or "").upper()[:80])
    return (*names, birth_date) if names[0] and names[1] and birth_date else None


class _Known:
    """The member's employees a row may update, and how a row finds its own.

    With NIRs in clear (`nir.nir_access` "full"), by the row's NIR, as the whole import always did. Without (a
    mandataire), the NIR is no key at all: a row whose number found its holder would update that person, and the
    preview, the import and the list afterwards would tell the importer who holds a number they typed, which the
    employee form never says to such an account (views._duplicate_named). The row is then found by its birth
    name, first name and birth date, which that account reads on the list anyway; its NIR is only checked, never
    compared with the one recorded, and a number held by another employee refuses the row without naming them."""

    def __init__(self, *, member, nir_full: bool) -> None:
        from portail.workforce.forms import typed_date  # forms imports this module

        self.nir_full = nir_full
        self._typed_date = typed_date
        employees = list(Employee.objects.filter(member=member))
        self.by_nir = {e.nir_hash: e for e in employees if e.nir_hash}
        # With NIRs in clear, only the employees recorded without a NIR: a row whose NIR is new may be one of them.
        self.by_identity: dict[tuple[str, str, date], list[Employee]] = {}
        for employee in employees:
            key = identity_key(employee.birth_name, employee.first_name, employee.birth_date)
            if key and not (nir_full and employee.nir_hash):
                self.by_identity.setdefault(key, []).append(employee)
        self.taken: set[int] = set()

    def find(self, digest: str, values: dict[str, Any]) -> tuple[Employee | None, tuple[str, str] | None]:
        """The employee the row updates (None: a new one), or the error that refuses it."""
        key = identity_key(values.get("birth_name", ""), values.get("first_name", ""),
                           self._typed_date(values.get("birth_date")))
        found = self.by_identity.get(key, []) if key else []
        if self.nir_full:
            if digest not in self.by_nir and found:
                return None, ("__all__", WITHOUT_NIR)
            return self.by_nir.get(digest), None
        if len(found) > 1:
            return None, ("__all__", HOMONYMS)
        if found:
            if found[0].pk in self.taken:
                return None, ("__all__", ALREADY_ABOVE)
            self.taken.add(found[0].pk)
            return found[0], None
        if digest in self.by_nir:
            return None, ("nir", NIR_HELD)
        return None, None


def _plan_row(member, line: int, values: dict[str, Any], existing: _Known, seen: set,
              forms: _Forms | None = None) -> RowPlan:
    warnings = optional_values_dropped(values)
    row = _plan_checked_row(member, line, values, existing, seen, forms)
    row.warnings = warnings
    return row


class _Forms:
    """The screen's forms, built once per file and bound again for every row: building an EmployeeForm deep-copies
    its 17 fields, which was most of the time of checking a 10,000-row file. One form for new employees, one for
    known ones (their NIR is then optional, as on the edit page)."""

    def __init__(self) -> None:
        # forms imports this module (the import's column names): importing it at the top would be a cycle.
        from portail.workforce.forms import EmployeeForm, ExitForm

        self.employee_form = EmployeeForm
        self._new = EmployeeForm(data={})
        self._known: Any = None
        self._exit = ExitForm(data={})

    def employee(self, data: dict[str, Any], employee: Employee | None):
        if employee is None:
            form = self._new
        else:
            if self._known is None:
                self._known = self.employee_form(data={}, employee=employee)
            form = self._known
            form.employee = employee
        return _rebound(form, data)

    def exit(self, data: dict[str, Any]):
        return _rebound(self._exit, data)


def _rebound(form, data: dict[str, Any]):
    form.data, form.is_bound, form._errors, form.cleaned_data = data, True, None, {}
    form._bound_fields_cache = {}
    form.nir_warning = ""
    return form


def _plan_checked_row(member, line: int, values: dict[str, Any], existing: _Known,
                      seen: set, forms: _Forms | None = None) -> RowPlan:
    from portail.workforce.forms import EmployeeForm

    forms = forms or _Forms()

    nir_value = nirlib.compact(values.get("nir", ""))
    digest = nirlib.keyed_hash(nir_value) if nir_value else ""
    if digest and digest in seen:
        return RowPlan(
            line, "error", errors=[("nir", "Ce N° de Sécurité Sociale figure déjà plus haut dans le fichier.")]
        )
    seen.add(digest)
    if "determinants" in values:
        cell = values.pop("determinants")
        if cell:
            codes, unknown = parse_determinants(cell)
            if unknown:
                message = (
                    "Déterminant inconnu : "
                    + ", ".join(f"« {u} »" for u in unknown)
                    + ". Indiquez un code (ex. CMR) ou l'intitulé exact du formulaire."
                )
                return RowPlan(line, "error", errors=[("determinants", message)])
            values["determinants"] = codes
    employee, refusal = existing.find(digest, values)
    if refusal:
        return RowPlan(line, "error", errors=[refusal])
    base: dict[str, object] = (
        {k: cell_text(v) for k, v in EmployeeForm.initial_for(employee).items()}
        if employee
        else {"determinants": ["NONE"]}
    )
    if employee:
        base["determinants"] = employee.determinants
    form = forms.employee({**base, **values}, employee)
    if not form.is_valid():
        return RowPlan(line, "error", errors=[(f, str(m)) for f, ms in form.errors.items() for m in ms])
    data = dict(form.cleaned_data)
    exit_values = {k: values[k] for k in ("exit_date", "exit_reason") if values.get(k)}
    if exit_values:
        exit_form = forms.exit({"exit_reason": "OTHER", **exit_values})
        if not exit_form.is_valid():
            return RowPlan(line, "error", errors=[(f, str(m)) for f, ms in exit_form.errors.items() for m in ms])
        data.update(exit_form.cleaned_data)
    return RowPlan(line, _action(employee, data, values), data=data, employee=employee)


def _action(employee, data, values) -> str:
    if employee is None:
        return "create"
    if data.get("exit_date") and employee.exit_date is None:
        return "exit"
    compared = [k for k in values if k not in ("nir", "exit_date", "exit_reason")]
    changed = any(
        set(data.get(k) or []) != set(getattr(employee, k) or [])
        if k == "determinants"
        else data.get(k) != getattr(employee, k)
        for k in compared
    )
    return "update" if changed else "unchanged"


def plan_import(
    *,
    member,
    name: str,
    content: bytes,
    nir_full: bool,
    mapping: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Validate every row; `mapping` is the per-column target chosen on the mapping screen
    (auto-recognised from the titles when None). `nir_full`: the importing account sees NIRs in clear
    (`nir.nir_access`), so a row's NIR finds the employee it updates (`_Known`)."""
    table = read_rows(name=name, content=content)
    if mapping is None:
        columns = map_headers(table[0])
    else:
        errors = mapping_errors(mapping)
        if errors:
            raise ImportRefused(" ".join(errors))
        columns = {index: target for index, target in enumerate(mapping) if target in LABELS}
    existing = _Known(member=member, nir_full=nir_full)
    seen: set[str] = set()
    rows = []
    forms = _Forms()
    step = max(1, len(table) // 100)
    for line, raw in enumerate(table[1:], start=2):
        values = _normalise({f: cell_text(raw[i]) if i < len(raw) else "" for i, f in columns.items()})
        rows.append(_plan_row(member, line, values, existing, seen, forms))
        if progress and (line - 1) % step == 0:
            progress(line - 1)
    return ImportPlan(rows, nir_matched=nir_full)


@transaction.atomic
def import_apply(
    *, member, actor, plan: ImportPlan, request=None, progress: Callable[[int], None] | None = None,
    valid_only: bool = False,
) -> ImportPlan:
    """All or nothing: any error (planned or raised by a service) writes nothing. `valid_only` ("Importer les
    lignes valides"): the rows in error are left out instead, the others written all or nothing.

    `progress(done)` is called as rows are written (the background task reports it to the page)."""
    if valid_only:
        plan = ImportPlan([row for row in plan.rows if row.action != "error"])
        if not plan.rows:
            raise ImportRefused("Aucune ligne valide à importer : corrigez le fichier.")
    if plan.errors:
        raise ImportRefused("Le fichier contient des erreurs : corrigez-les avant d'importer.")
    total = len(plan.rows)
    step = max(1, total // 100)
    created = [row for row in plan.rows if row.action == "create"]
    with one_stamp_for(member_id=member.pk):
        done = _create_rows(member, actor, created, request, progress)
        for row in plan.rows:
            if row.action == "create":
                continue
            try:
                _apply_row(member, actor, row)
            except ValidationError as error:
                raise ImportRefused(f"Ligne {row.line} : {' '.join(error.messages)}") from None
            done += 1
            if progress and (done % step == 0 or done == total):
                progress(done)
    event_record(
        action="employee.import",
        actor=actor,
        member=member,
        request=request,
        summary="Import de la liste des salariés",
        data={a: plan.count(a) for a in ("create", "update", "exit", "unchanged")},
    )
    return plan


def _create_rows(member, actor, rows: list[RowPlan], request, progress: Callable[[int], None] | None) -> int:
    """The new employees, written in bulk with the checks, history and audit of `employee_create`; then the exits
    some of them carry, one by one as `_apply_row` does. Returns how many rows are done."""
    employees = []
    for done, row in enumerate(rows, start=1):
        try:
            employees.append(services.employee_build(member=member, actor=actor, data=row.data))
        except ValidationError as error:
            raise ImportRefused(f"Ligne {row.line} : {' '.join(error.messages)}") from None
        if progress and done % 1000 == 0:
            progress(done // 2)
    try:
        services.employees_create_bulk(member=member, actor=actor, employees=employees, request=request)
    except ValidationError as error:
        refused = getattr(error, "employee", None)
        line = next((row.line for row, e in zip(rows, employees, strict=True) if e is refused), 0)
        raise ImportRefused(f"Ligne {line} : {' '.join(error.messages)}") from None
    if progress and rows:
        progress(len(rows))
    for row, employee in zip(rows, employees, strict=True):
        row.employee = employee
        if row.data.get("exit_date"):
            try:
                services.employee_exit(employee=employee, actor=actor, exit_date=row.data["exit_date"],
                                       exit_reason=row.data["exit_reason"])
            except ValidationError as error:
                raise ImportRefused(f"Ligne {row.line} : {' '.join(error.messages)}") from None
    return len(rows)


def _apply_row(member, actor, row: RowPlan) -> None:
    if row.action == "create":
        employee = services.employee_create(member=member, actor=actor, data=row.data)
    else:
        assert row.employee is not None, "every planned row but a creation carries its employee"
        employee = row.employee
        if row.action in ("update", "exit"):
            employee = services.employee_update(employee=employee, actor=actor, data={**row.data, "nir": ""})
    if row.data.get("exit_date") and employee.exit_date is None:
        services.employee_exit(
            employee=employee, actor=actor, exit_date=row.data["exit_date"], exit_reason=row.data["exit_reason"]
        )


def mapping_initial(*, member, header: list) -> list[str]:
    """The mapping this member chose last time for the same columns, else the auto-recognised one."""
    remembered = ImportMapping.objects.filter(member=member, signature=header_signature(header)).first()
    if (
        remembered
        and len(remembered.mapping) == len(header)
        and all(t in LABELS or t == "" for t in remembered.mapping)
    ):
        return list(remembered.mapping)
    return auto_mapping(header)


def import_mapping_remember(*, member, header: list, mapping: list[str]) -> None:
    """Kept per member and per layout of columns, offered again on the next import."""
    ImportMapping.objects.update_or_create(
        member=member, signature=header_signature(header), defaults={"mapping": list(mapping)}
    )


def optional_values_dropped(values: dict[str, str]) -> list[tuple[str, str]]:
    """Warnings for optional values not understood, which are dropped (or, for an exit, made "autre")."""
    warnings = []
    pcs = values.get("pcs_code", "").strip()
    if pcs and pcs_normalize(pcs.split("–")[0].split(" - ")[0].split(" ")[0]) is None:
        values["pcs_code"] = ""
        warnings.append(("pcs_code", f"Code PCS « {pcs[:20]} » inconnu de la nomenclature PCS-ESE 2017 : "
                                     "ligne importée sans code PCS."))
    if values.get("sex") and values["sex"] not in ("H", "F"):
        warnings.append(("sex", f"Sexe « {values['sex'][:20]} » non reconnu : ligne importée sans le sexe."))
        values["sex"] = ""
    if values.get("exit_date") and values.get("exit_reason") and values["exit_reason"] not in EXIT_REASONS.values():
        warnings.append(("exit_reason", f"Motif de sortie « {values['exit_reason'][:40]} » non reconnu : "
                                        "enregistré comme « autre »."))
        values["exit_reason"] = "OTHER"
    return warnings
