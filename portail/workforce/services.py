"""Writes on employees. Every write is one transaction, checks its domain rules and is audited.

The NIR is never passed to the audit log; only "NIR modifié" is said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portail.audit.services import event_record
from portail.audit.services import events_record as event_record_many
from portail.core.concurrency import version_claim
from portail.followup.determinants import MAJORITY_AGE, categorize_employee, resolve, validate_selection
from portail.members.freshness import member_change_record, member_data_changed
from portail.workforce import nir as nirlib
from portail.workforce.models import FIXED_TERM, Employee, present_q

if TYPE_CHECKING:
    from portail.accounts.models import User
    from portail.members.models import Member

MIN_AGE_AT_HIRE = 14

EDITABLE_FIELDS = (
    "birth_name",
    "usage_name",
    "first_name",
    "birth_date",
    "sex",
    "hire_date",
    "job_title",
    "contract",
    "pcs_code",
    "trial_end",
    "contract_end",
    "determinants",
    "employer_risk_justification",
    "scheduling_constraints",
    "comments",
)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def employee_dates_errors(data: dict[str, Any]) -> dict[str, str]:
    """French messages per field for the date rules of issue §3 (pure, used by the form too)."""
    errors: dict[str, str] = {}
    birth, hire = data.get("birth_date"), data.get("hire_date")
    if birth and hire:
        if birth >= hire:
            errors["birth_date"] = "La date de naissance doit précéder la date d'embauche."
        elif _age_on(birth, hire) < MIN_AGE_AT_HIRE:
            errors["birth_date"] = "Le salarié doit avoir au moins 14 ans à la date d'embauche."
    for field, label in (("trial_end", "de fin de période d'essai"), ("contract_end", "de fin de contrat")):
        if hire and data.get(field) and data[field] <= hire:
            errors[field] = f"La date {label} doit être postérieure à la date d'embauche."
    if data.get("contract") in FIXED_TERM and not data.get("contract_end"):
        errors.setdefault("contract_end", "La date de fin de contrat est obligatoire pour ce type de contrat.")
    return errors


DUPLICATE_NIR = "Ce N° de Sécurité Sociale est déjà utilisé par un autre salarié de votre entreprise."


def _duplicate_error(employee: Employee) -> ValidationError:
    """Names no one: whoever reads it may not see NIRs in clear (a mandataire, an import), and typing numbers would
    otherwise tell who holds each one. `params["pk"]` lets the form and the API name the holder to those who may
    see them (`duplicate_nir_disclosed`)."""
    return ValidationError({"nir": ValidationError(DUPLICATE_NIR, code="duplicate_nir",
                                                   params={"pk": employee.pk})})


def duplicate_nir_named(holder: Employee) -> ValidationError:
    """The same refusal naming who holds the NIR, with a link to their record (workforce/form.html): only for an
    account whose `nir_access` is "full"."""
    return ValidationError("Ce N° de Sécurité Sociale est déjà utilisé par %(name)s.", code="duplicate_nir",
                           params={"name": f"{holder.birth_name} {holder.first_name}", "pk": holder.pk})


def duplicate_nir_disclosed(*, error: ValidationError, member: Member, nir_full: bool) -> ValidationError:
    """A write's refusal as its account may read it: a duplicate NIR names its holder (`duplicate_nir_named`) only
    when `nir_full` (`nir.nir_access` is "full" for the account and its role: the screen and the API alike)."""
    if not nir_full or not hasattr(error, "error_dict"):
        return error

    def named(refusal: ValidationError) -> ValidationError:
        pk = (refusal.params or {}).get("pk") if refusal.code == "duplicate_nir" else None
        holder = Employee.objects.filter(member=member, pk=pk).first() if pk else None
        return duplicate_nir_named(holder) if holder else refusal

    nir = [named(refusal) for refusal in error.error_dict.get("nir", [])]
    return ValidationError({**error.error_dict, "nir": nir}) if nir else error


def _apply_nir(employee: Employee, raw_nir: str) -> None:
    checked = nirlib.check(raw_nir, sex=employee.sex, birth_date=employee.birth_date)
    digest = nirlib.keyed_hash(checked.value)
    other = Employee.objects.filter(member=employee.member, nir_hash=digest).exclude(pk=employee.pk).first()
    if other is not None:
        raise _duplicate_error(other)
    employee.nir_encrypted = nirlib.encrypt(checked.value)
    employee.nir_hash = digest
    employee.nir_masked = nirlib.mask(checked.value)
    employee.nir_temporary = bool(checked.warning)


def _check(employee: Employee) -> None:
    data = {f: getattr(employee, f) for f in EDITABLE_FIELDS}
    errors = employee_dates_errors(data)
    selection_errors = validate_selection(
        codes=employee.determinants, justification=employee.employer_risk_justification
    )
    if selection_errors:
        errors["determinants"] = " ".join(selection_errors)
    if errors:
        raise ValidationError(errors)
    # "Aucun suivi particulier" is what an empty selection means; store it explicitly.
    employee.determinants = _ordered(employee.determinants) or ["NONE"]
    employee.refresh_name_keys()
    employee.declared_category = str(categorize_employee(
        codes=employee.determinants, birth_date=employee.birth_date, hire_date=employee.hire_date,
        today=timezone.localdate()).category)


def _ordered(codes: list[str]) -> list[str]:
    return [d.code for d in resolve(codes)]


def _assign(employee: Employee, data: dict[str, Any]) -> None:
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            setattr(employee, field, value.strip() if isinstance(value, str) else value)
    if "EMPLOYER" not in (employee.determinants or []):
        employee.employer_risk_justification = ""


@transaction.atomic
def employee_create(*, member: Member, actor: User | None, data: dict[str, Any],
                    request: HttpRequest | None = None) -> Employee:
    employee = Employee(member=member, created_by=actor if getattr(actor, "pk", None) else None)
    _assign(employee, data)
    _check(employee)
    _apply_nir(employee, data.get("nir", ""))
    employee._history_user = actor
    employee.save()
    member_change_record(action="employee.create", actor=actor, member=employee.member, obj=employee, request=request,
                         summary=f"Ajout du salarié {employee}", data={"category": employee.declared_category})
    return employee


def employee_build(*, member: Member, actor: User | None, data: dict[str, Any]) -> Employee:
    """A new employee checked as `employee_create` checks it, not saved (for `employees_create_bulk`); the NIR's
    uniqueness among the member's employees is checked there, for all of them at once."""
    employee = Employee(member=member, created_by=actor if getattr(actor, "pk", None) else None)
    _assign(employee, data)
    _check(employee)
    checked = nirlib.check(data.get("nir", ""), sex=employee.sex, birth_date=employee.birth_date)
    employee.nir_encrypted = nirlib.encrypt(checked.value)
    employee.nir_hash = nirlib.keyed_hash(checked.value)
    employee.nir_masked = nirlib.mask(checked.value)
    employee.nir_temporary = bool(checked.warning)
    return employee


BULK_BATCH = 1000


@transaction.atomic
def employees_create_bulk(*, member: Member, actor: User | None, employees: list[Employee],
                          request: HttpRequest | None = None) -> list[Employee]:
    """`employee_create` for many employees of one member built by `employee_build` (an import): one query for
    the NIRs already used, inserts of 1,000 employees and of their history rows, one audit event each, one stamp.
    A NIR already used raises the ValidationError of `employee_create`, with `employee` set to the one refused."""
    digests = [e.nir_hash for e in employees]
    used = {e.nir_hash: e for e in Employee.objects.filter(member=member, nir_hash__in=digests)}
    for employee in employees:
        holder = used.get(employee.nir_hash)
        if holder is not None:
            error = _duplicate_error(holder)
            error.employee = employee  # type: ignore[attr-defined]
            raise error
    if not employees:
        return []
    history_user = actor if getattr(actor, "pk", None) else None
    created: list[Employee] = bulk_create_with_history(employees, Employee, batch_size=BULK_BATCH,
                                                       default_user=history_user)
    member_data_changed(member_ids=[member.pk])
    event_record_many(action="employee.create", actor=actor, member=member, objs=created, request=request,
                      summaries=[f"Ajout du salarié {e}" for e in created],
                      data=[{"category": e.declared_category} for e in created])
    return created


@transaction.atomic
def employee_update(*, employee: Employee, actor: User | None, data: dict[str, Any], version: int | None = None,
                    request: HttpRequest | None = None) -> Employee:
    """`version`: the one the edit form showed (optimistic locking); None for imports and staff corrections."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk, member=employee.member)
    version_claim(employee, version=version)
    before = {f: getattr(employee, f) for f in EDITABLE_FIELDS}
    _assign(employee, data)
    _check(employee)
    changed = [f for f in EDITABLE_FIELDS if getattr(employee, f) != before[f]]
    if data.get("nir"):
        old_hash = employee.nir_hash
        _apply_nir(employee, data["nir"])
        if employee.nir_hash != old_hash:
            changed.append("nir")
    elif employee.nir_encrypted and ("sex" in changed or "birth_date" in changed):
        # The stored NIR must still agree with the corrected civil data.
        _apply_nir(employee, nirlib.decrypt(employee.nir_encrypted))
    employee._history_user = actor
    employee.save()
    member_change_record(action="employee.update", actor=actor, member=employee.member, obj=employee, request=request,
                         summary=f"Modification du salarié {employee}", data={"fields": changed})
    return employee


# What an exit means to the apps built on this one (appointments: the visits after it cancelled or flagged, the
# open requests updated), each `(*, employee, exit_date, actor, request)` returning an object with `messages`
# and `as_data()`. Registered in their AppConfig.ready, so that workforce never imports them.
EXIT_CONSEQUENCES: list[Callable[..., Any]] = []


def _merged(dicts: Iterable[Mapping[str, object]]) -> dict[str, object]:
    return {key: value for data in dicts for key, value in data.items()}


@transaction.atomic
def employee_exit(*, employee: Employee, actor: User | None, exit_date: date, exit_reason: str,
                  request: HttpRequest | None = None) -> Employee:
    """Record the exit (today, past or planned) and apply its consequences in the same transaction: the
    appointments after it are cancelled or flagged to the service, the open requests updated
    (`EXIT_CONSEQUENCES`). `employee.exit_consequences` lists them in French for the member."""
    if exit_date < employee.hire_date:
        raise ValidationError({"exit_date": "La date de sortie ne peut pas précéder la date d'embauche."})
    if employee.exit_date is not None:
        if employee.is_present_on(timezone.localdate()):
            raise ValidationError(f"La sortie de ce salarié est déjà prévue le {employee.exit_date:%d/%m/%Y}.")
        raise ValidationError("Ce salarié est déjà sorti de votre effectif.")
    version_claim(employee, version=None)  # an edit form still open on this employee must notice
    employee.exit_date, employee.exit_reason = exit_date, exit_reason
    employee._history_user = actor
    employee.save(update_fields=["exit_date", "exit_reason", "updated"])
    member_data_changed(member_ids=[employee.member_id])
    consequences = [apply(employee=employee, exit_date=exit_date, actor=actor, request=request)
                    for apply in EXIT_CONSEQUENCES]
    event_record(
        action="employee.exit", actor=actor, member=employee.member, obj=employee, request=request,
        summary=f"Sortie du salarié {employee}",
        data={"reason": exit_reason, "date": exit_date.isoformat(), **_merged(c.as_data() for c in consequences)})
    employee.exit_consequences = [message for c in consequences for message in c.messages]
    return employee


@transaction.atomic
def employee_rehire(*, employee: Employee, actor: User | None, hire_date: date, contract: str,
                    contract_end: date | None = None, request: HttpRequest | None = None) -> Employee:
    if employee.exit_date is None or employee.is_present_on(timezone.localdate()):
        raise ValidationError("Ce salarié fait déjà partie de votre effectif.")
    if hire_date < employee.exit_date:
        raise ValidationError({"hire_date": "La date de réembauche ne peut pas précéder la date de sortie."})
    data = {"hire_date": hire_date, "contract": contract, "contract_end": contract_end, "trial_end": None}
    errors = employee_dates_errors({**{"birth_date": employee.birth_date}, **data})
    if errors:
        raise ValidationError(errors)
    for field, value in data.items():
        setattr(employee, field, value)
    employee.exit_date, employee.exit_reason = None, ""
    version_claim(employee, version=None)
    employee._history_user = actor
    employee.save()
    member_change_record(action="employee.rehire", actor=actor, member=employee.member, obj=employee, request=request,
                         summary=f"Réembauche du salarié {employee}")
    return employee


def employees_recategorize(*, member: Member, today: date) -> int:
    """Time alone changes a category on the 18th birthday (R4624-17, R4624-18): the stored category, which
    lists, filters and exports read, follows on that day rather than at the employee's next save."""
    return _recategorize(Employee.objects.filter(member=member), today=today)


def employees_recategorize_members(*, first_member_id: int, last_member_id: int, today: date) -> int:
    """`employees_recategorize` for every member whose id lies in the range, in one read and one write (the nightly
    job's chunks)."""
    return _recategorize(Employee.objects.filter(member_id__gte=first_member_id, member_id__lte=last_member_id),
                         today=today)


def _recategorize(employees: QuerySet[Employee], *, today: date) -> int:
    young = employees.filter(present_q(today)).filter(birth_date__gte=date(today.year - MAJORITY_AGE - 1, 1, 1)).only(
        "id", "member_id", "determinants", "birth_date", "hire_date", "declared_category")
    changed: list[Employee] = []
    for employee in young:
        category = str(categorize_employee(codes=employee.determinants, birth_date=employee.birth_date,
                                           hire_date=employee.hire_date, today=today).category)
        if category != employee.declared_category:
            employee.declared_category = category
            employee.facts_changed = timezone.now()
            changed.append(employee)
    if changed:
        with transaction.atomic():
            Employee.objects.bulk_update(changed, ["declared_category", "facts_changed"], batch_size=1000)
            member_data_changed(member_ids=sorted({employee.member_id for employee in changed}))
    return len(changed)


def employee_nir_reveal(*, employee: Employee, actor: User | None, request: HttpRequest | None = None) -> str:
    """The clear NIR, for the "Afficher" button; the reveal itself is audited (never the value)."""
    event_record(action="employee.nir_reveal", actor=actor, member=employee.member, obj=employee, request=request,
                 summary=f"Affichage du N° de Sécurité Sociale de {employee}")
    return nirlib.decrypt(employee.nir_encrypted)


def employee_export_record(*, member: Member, actor: User | None, fmt: str, rows: int | None = None, with_nir: bool,
                           request: HttpRequest | None = None) -> None:
    event_record(action="employee.export", actor=actor, member=member, request=request,
                 summary=f"Export de la liste des salariés ({fmt})", data={"format": fmt, "nir": with_nir})
