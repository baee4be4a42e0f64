"""The shapes the API reads and writes (OpenAPI comes from them). Field names follow the code (English), values
the portal's codes; the NIR is write-only: no output schema has it, only whether one is recorded."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from portail.workforce.models import ContractType, ExitReason

Contract = ContractType
Reason = ExitReason
Category = Literal["SI", "SIA", "SIR"]
Sex = Literal["H", "F", ""]


class Error(Schema):
    message: str
    errors: dict[str, list[str]] | None = None


class MemberOut(Schema):
    number: str
    name: str
    siret: str
    role: str | None = Field(None, description="Le rôle du compte du jeton dans cette entreprise")


class EmployeeOut(Schema):
    id: int
    birth_name: str
    usage_name: str
    first_name: str
    birth_date: date
    sex: str
    nir_recorded: bool = Field(description="Un N° de sécurité sociale est enregistré (jamais renvoyé)")
    nir_temporary: bool
    hire_date: date
    job_title: str
    contract: str
    pcs_code: str
    trial_end: date | None
    contract_end: date | None
    determinants: list[str]
    employer_risk_justification: str
    declared_category: str
    service_category: str | None = Field(description="Catégorie corrigée par le service, le cas échéant")
    category: str = Field(description="La catégorie retenue : celle du service, sinon celle déclarée")
    scheduling_constraints: str
    comments: str
    exit_date: date | None
    exit_reason: str
    version: int = Field(description="À renvoyer dans une modification pour détecter une modification concurrente")
    updated: datetime

    @staticmethod
    def resolve_nir_recorded(obj) -> bool:
        return bool(obj.nir_masked)


class EmployeePage(Schema):
    results: list[EmployeeOut]
    next_cursor: str | None = Field(description="À passer en `cursor` pour la page suivante ; null : dernière page")


class EmployeeIn(Schema):
    birth_name: str = Field(max_length=80)
    usage_name: str = Field("", max_length=80)
    first_name: str = Field(max_length=80)
    birth_date: date
    sex: Sex = ""
    nir: str = Field(max_length=25, description="N° de sécurité sociale (13 caractères et la clé) ; jamais renvoyé")
    hire_date: date
    job_title: str = Field(max_length=120)
    contract: Contract
    pcs_code: str = Field("", max_length=200)
    trial_end: date | None = None
    contract_end: date | None = None
    determinants: list[str] = Field(default_factory=list, max_length=30)
    employer_risk_justification: str = Field("", max_length=2000)
    scheduling_constraints: str = Field("", max_length=2000)
    comments: str = Field("", max_length=2000)


class EmployeePatch(Schema):
    """Only the fields sent change; `version` (from a read) refuses the change if someone saved meanwhile."""

    birth_name: str | None = Field(None, max_length=80)
    usage_name: str | None = Field(None, max_length=80)
    first_name: str | None = Field(None, max_length=80)
    birth_date: date | None = None
    sex: Sex | None = None
    nir: str | None = Field(None, max_length=25, description="Nouveau N° de sécurité sociale ; absent : inchangé")
    hire_date: date | None = None
    job_title: str | None = Field(None, max_length=120)
    contract: Contract | None = None
    pcs_code: str | None = Field(None, max_length=200)
    trial_end: date | None = None
    contract_end: date | None = None
    determinants: list[str] | None = Field(None, max_length=30)
    employer_risk_justification: str | None = Field(None, max_length=2000)
    scheduling_constraints: str | None = Field(None, max_length=2000)
    comments: str | None = Field(None, max_length=2000)
    version: int | None = Field(None, ge=1, le=2**31 - 1)


class ExitIn(Schema):
    exit_date: date
    exit_reason: Reason


class InvoiceOut(Schema):
    id: int
    number: str | None
    kind: str
    issue_date: date | None
    due_date: date | None
    period_label: str
    total_ht: Decimal
    total_vat: Decimal
    total_ttc: Decimal
    corrects_id: int | None


class DeclarationOut(Schema):
    id: int
    year: int
    version: int
    status: str
    number: str | None
    submitted_at: datetime | None
    validated: bool
    count_si: int
    count_sia: int
    count_sir: int
    amount_ht: Decimal
    amount_vat: Decimal
    amount_ttc: Decimal

    @classmethod
    def of(cls, obj) -> "DeclarationOut":
        return cls.model_validate({**{f: getattr(obj, f) for f in cls.model_fields if f != "year"},
                                   "year": obj.campaign.year})


class AppointmentOut(Schema):
    id: int
    employee_id: int | None
    start: datetime
    end: datetime
    visit_kind: str
    status: str
    centre: str

    @classmethod
    def of(cls, obj) -> "AppointmentOut":
        return cls.model_validate({**{f: getattr(obj, f) for f in cls.model_fields if f != "centre"},
                                   "centre": str(obj.centre)})


class AppointmentRequestIn(Schema):
    employees: list[int] = Field(min_length=1, max_length=100)
    visit_kind: str = Field(max_length=20)
    absence_type: str = Field("", max_length=24)
    absence_start: date | None = None
    absence_end: date | None = None
    employer_reason: str = Field("", max_length=20)
    preferred_periods: str = Field("", max_length=300)
    constraints: str = Field("", max_length=500)


class AppointmentRequestOut(Schema):
    id: int
    visit_kind: str
    status: str
    created_at: datetime
    employees: list[int]

    @classmethod
    def of(cls, obj) -> "AppointmentRequestOut":
        return cls.model_validate({**{f: getattr(obj, f) for f in cls.model_fields if f != "employees"},
                                   "employees": sorted(e.pk for e in obj.employees.all())})
