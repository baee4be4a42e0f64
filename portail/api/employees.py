"""Employees (2.3): list with filters and a cursor, read, create, update, exit — the forms' validation, the
services' history and audit. The NIR is accepted on writes and never returned."""

import base64
import binascii
from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from ninja import Field as NField
from ninja import Query, Router, Schema, Status

from portail.accounts.roles import WRITE
from portail.accounts.roles import Capability as C
from portail.accounts.selectors import member_role
from portail.api.access import acting_for, token_of
from portail.api.forms_bridge import form_data, validated
from portail.api.schemas import Category, Contract, EmployeeIn, EmployeeOut, EmployeePage, EmployeePatch, Error, ExitIn
from portail.core.concurrency import EditConflict
from portail.members.models import Member
from portail.workforce import selectors, services
from portail.workforce.forms import EmployeeForm, ExitForm
from portail.workforce.nir import nir_access

router = Router(tags=["Salariés"])
ERRORS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
DUPLICATE_NIR = ("Ce N° de Sécurité Sociale vient d'être enregistré pour un autre salarié de votre entreprise : "
                 "consultez la liste des salariés.")


class EmployeeQuery(Schema):
    q: str = NField("", max_length=80, description="Début du nom de naissance, du nom marital ou du prénom")
    category: Category | Literal[""] = ""
    contract: Contract | Literal[""] = ""
    status: Literal["presents", "anciens", "tous"] = "presents"
    updated_since: datetime | None = NField(None, description="Seulement les fiches modifiées depuis (ISO 8601)")
    cursor: str = NField("", max_length=40)
    limit: int = NField(100, ge=1, le=100)


def _cursor(value: int) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        text = ""
    kind, _, number = text.partition(":")
    if kind != "id" or not number.isdigit() or len(number) > 12:
        raise ValidationError({"cursor": "Curseur invalide : reprenez celui de la page précédente."})
    return int(number)


@router.get("/members/{number}/employees", response={200: EmployeePage, **ERRORS}, url_name="employee_list",
            summary="Liste des salariés")
def employee_list(request: HttpRequest, number: str, filters: Query[EmployeeQuery]):
    after = _after(filters.cursor)
    with acting_for(request, number, C.EMPLOYEES) as member:
        wanted = selectors.EmployeeFilters(q=filters.q, category=filters.category, contract=filters.contract,
                                           status=filters.status)
        rows = selectors.employee_rows_after(member=member, filters=wanted, after_id=after,
                                             updated_since=filters.updated_since, limit=filters.limit)
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"results": rows, "next_cursor": _cursor(rows[-1].pk) if more else None}


@router.get("/members/{number}/employees/{employee_id}", response={200: EmployeeOut, **ERRORS},
            url_name="employee_detail", summary="Fiche d'un salarié")
def employee_detail(request: HttpRequest, number: str, employee_id: int):
    with acting_for(request, number, C.EMPLOYEES) as member:
        return selectors.employee_get(member=member, pk=employee_id)


def _saved(request: HttpRequest, member: Member, call):
    try:
        return call()
    except EditConflict:
        raise
    except ValidationError as error:
        # Who already holds the NIR, as the employee form says it: only to an account whose role shows NIRs in
        # clear (the token's account and its current role in the company; no token scope grants more).
        user = token_of(request).user
        nir_full = nir_access(user, role=member_role(user=user, member_id=member.pk)) == "full"
        raise services.duplicate_nir_disclosed(error=error, member=member, nir_full=nir_full) from None
    except IntegrityError:
        # The same NIR saved a moment ago by another request.
        raise ValidationError({"nir": DUPLICATE_NIR}) from None


@router.post("/members/{number}/employees", response={201: EmployeeOut, **ERRORS}, url_name="employee_create",
             summary="Ajouter un salarié")
def employee_create(request: HttpRequest, number: str, payload: EmployeeIn):
    with acting_for(request, number, C.EMPLOYEES, WRITE) as member:
        data = validated(EmployeeForm(form_data(payload.dict()), initial={"determinants": ["NONE"]}))
        data.pop("version", None)
        employee = _saved(request, member, lambda: services.employee_create(
            member=member, actor=token_of(request).user, data=data, request=request))
    return Status(201, employee)


@router.patch("/members/{number}/employees/{employee_id}", response={200: EmployeeOut, 409: Error, **ERRORS},
              url_name="employee_update", summary="Modifier un salarié")
def employee_update(request: HttpRequest, number: str, employee_id: int, payload: EmployeePatch):
    with acting_for(request, number, C.EMPLOYEES, WRITE) as member:
        employee = selectors.employee_get(member=member, pk=employee_id)
        values = {**EmployeeForm.initial_for(employee), "version": None, **payload.dict(exclude_unset=True)}
        data = validated(EmployeeForm(form_data(values), employee=employee))
        version = data.pop("version", None)
        return _saved(request, member, lambda: services.employee_update(
            employee=employee, actor=token_of(request).user, data=data, version=version, request=request))


class ExitOut(Schema):
    employee: EmployeeOut
    consequences: list[str]


@router.post("/members/{number}/employees/{employee_id}/exit", response={200: ExitOut, **ERRORS},
             url_name="employee_exit", summary="Sortir un salarié de l'effectif")
def employee_exit(request: HttpRequest, number: str, employee_id: int, payload: ExitIn):
    with acting_for(request, number, C.EMPLOYEES, WRITE) as member:
        employee = selectors.employee_get(member=member, pk=employee_id)
        data = validated(ExitForm(form_data(payload.dict())))
        employee = services.employee_exit(employee=employee, actor=token_of(request).user, request=request, **data)
    return {"employee": employee, "consequences": employee.exit_consequences}
