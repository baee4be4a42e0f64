"""Invoices (2.4), declarations (2.5) and appointments (2.6) as the API serves them: the portal's selectors and
services, for the company the path names."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from portail.accounts.roles import WRITE
from portail.accounts.roles import Capability as C
from portail.api.access import acting_for, token_of
from portail.api.forms_bridge import form_data, validated
from portail.api.schemas import (
    AppointmentOut,
    AppointmentRequestIn,
    AppointmentRequestOut,
    DeclarationOut,
    Error,
    InvoiceOut,
)
from portail.appointments import selectors as appointment_selectors
from portail.appointments.compliance import STATUS_LABELS, compliance_board
from portail.appointments.forms import AppointmentRequestForm
from portail.appointments.services import appointment_request_create
from portail.billing import selectors as billing_selectors
from portail.billing.archive import invoice_document
from portail.core.downloads import file_response
from portail.declarations import selectors as declaration_selectors
from portail.followup.determinants import DETERMINANTS
from portail.workforce.models import CATEGORY_CHOICES

router = Router()
ERRORS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


class InvoiceQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2199, description="Année d'émission")


@router.get("/members/{number}/invoices", response={200: list[InvoiceOut], **ERRORS}, url_name="invoice_list",
            summary="Factures et avoirs émis", tags=["Factures"])
def invoice_list(request: HttpRequest, number: str, filters: Query[InvoiceQuery]):
    with acting_for(request, number, C.BILLING) as member:
        return [InvoiceOut.from_orm(i) for i in billing_selectors.invoices_issued(member=member, year=filters.year)]


@router.get("/members/{number}/invoices/{invoice_id}/pdf", response={200: None, **ERRORS}, url_name="invoice_pdf",
            summary="PDF d'une facture (Factur-X)", tags=["Factures"])
def invoice_pdf(request: HttpRequest, number: str, invoice_id: int):
    with acting_for(request, number, C.BILLING) as member:
        invoice = billing_selectors.invoice_get(member=member, pk=invoice_id)
        content = invoice_document(invoice=invoice)
    return file_response(content=content, filename=f"facture-{invoice.number}.pdf", cache_control="private, no-store")


class StatementOut(Schema):
    rows: list[billing_selectors.StatementRow]
    total_debit: Decimal
    total_credit: Decimal
    balance: Decimal = Field(description="Débits − crédits : positif, la somme due")


@router.get("/members/{number}/statement", response={200: StatementOut, **ERRORS}, url_name="statement",
            summary="Échéancier : pièces ouvertes et solde", tags=["Factures"])
def statement(request: HttpRequest, number: str):
    with acting_for(request, number, C.BILLING) as member:
        current = billing_selectors.statement(member=member, today=timezone.localdate())
    return {"rows": current.rows, "total_debit": current.total_debit,
            "total_credit": current.total_credit, "balance": current.balance}


class DeterminantOut(Schema):
    code: str
    label: str
    category: str
    requires_justification: bool


@router.get("/determinants", response={200: list[DeterminantOut], 401: Error, 429: Error}, url_name="determinants",
            summary="Déterminants de suivi individuel (codes à envoyer dans `determinants`)", tags=["Salariés"])
def determinants(request: HttpRequest):
    return [{"code": d.code, "label": d.label, "category": str(d.category),
             "requires_justification": d.requires_justification} for d in DETERMINANTS]


@router.get("/members/{number}/declarations", response={200: list[DeclarationOut], **ERRORS},
            url_name="declaration_list", summary="Déclarations d'effectif", tags=["Déclarations"])
def declaration_list(request: HttpRequest, number: str):
    with acting_for(request, number, C.DECLARATIONS) as member:
        rows = declaration_selectors.declarations_for_member(member=member).order_by("-campaign__year", "-version")
        return [DeclarationOut.of(d) for d in rows]


@router.get("/members/{number}/declarations/{declaration_id}", response={200: DeclarationOut, **ERRORS},
            url_name="declaration_detail", summary="Une déclaration d'effectif", tags=["Déclarations"])
def declaration_detail(request: HttpRequest, number: str, declaration_id: int):
    with acting_for(request, number, C.DECLARATIONS) as member:
        return DeclarationOut.of(declaration_selectors.declaration_get(member=member, pk=declaration_id))


class AppointmentQuery(Schema):
    period: str = Field("upcoming", pattern="^(upcoming|past)$", description="upcoming : à venir ; past : passés")


@router.get("/members/{number}/appointments", response={200: list[AppointmentOut], **ERRORS},
            url_name="appointment_list", summary="Rendez-vous à venir ou passés", tags=["Rendez-vous"])
def appointment_list(request: HttpRequest, number: str, filters: Query[AppointmentQuery]):
    with acting_for(request, number, C.APPOINTMENTS) as member:
        rows = (appointment_selectors.upcoming_appointments(member=member) if filters.period == "upcoming"
                else appointment_selectors.past_appointments(member=member))
        return [AppointmentOut.of(a) for a in rows]


@router.get("/members/{number}/appointment-requests", response={200: list[AppointmentRequestOut], **ERRORS},
            url_name="appointment_request_list", summary="Demandes de rendez-vous en cours", tags=["Rendez-vous"])
def appointment_request_list(request: HttpRequest, number: str):
    with acting_for(request, number, C.APPOINTMENTS) as member:
        return [AppointmentRequestOut.of(r) for r in appointment_selectors.open_requests(member=member)]


@router.post("/members/{number}/appointment-requests", response={201: AppointmentRequestOut, **ERRORS},
             url_name="appointment_request_create", summary="Demander un rendez-vous", tags=["Rendez-vous"])
def appointment_request_create_view(request: HttpRequest, number: str, payload: AppointmentRequestIn):
    with acting_for(request, number, C.APPOINTMENTS, WRITE) as member:
        data = validated(AppointmentRequestForm(form_data(payload.dict()), member=member))
        created = appointment_request_create(member=member, actor=token_of(request).user,
                                             employees=list(data["employees"]), data=data, request=request)
        return Status(201, AppointmentRequestOut.of(created))


class BoardQuery(Schema):
    status: str = Field("", pattern=f"^({'|'.join(STATUS_LABELS)})?$", description="Ne garder qu'un état du suivi")
    category: str = Field("", pattern=f"^({'|'.join(code for code, _label in CATEGORY_CHOICES)})?$",
                          description="Ne garder qu'une catégorie de suivi (SI, SIA, SIR)")


class BoardRowOut(Schema):
    employee_id: int
    birth_name: str
    first_name: str
    category: str = Field(description="Catégorie de suivi déclarée")
    status: str = Field(description="a_jour, a_planifier, en_retard, demande_en_cours ou rdv_planifie")
    status_label: str
    visit: str | None = Field(description="La prochaine visite due, None si le salarié est à jour")
    due_by: date | None
    before_assignment: bool = Field(description="Visite à passer avant l'affectation au poste")
    next_appointment: datetime | None


class BoardOut(Schema):
    counts: dict[str, int] = Field(description="Salariés présents par état, tous filtres ôtés")
    rows: list[BoardRowOut]


@router.get("/members/{number}/visits-board", response={200: BoardOut, **ERRORS}, url_name="visits_board",
            summary="Suivi des visites : la prochaine visite due de chaque salarié présent", tags=["Rendez-vous"])
def visits_board(request: HttpRequest, number: str, filters: Query[BoardQuery]):
    with acting_for(request, number, C.APPOINTMENTS) as member:
        board = compliance_board(member=member, status=filters.status, category=filters.category)
    rows = [{"employee_id": r.employee.pk, "birth_name": r.employee.birth_name, "first_name": r.employee.first_name,
             "category": r.employee.declared_category, "status": r.status, "status_label": r.status_label,
             "visit": r.due.label if r.due else None, "due_by": r.due.due_by if r.due else None,
             "before_assignment": bool(r.due and r.due.before_assignment), "next_appointment": r.next_appointment}
            for r in board.rows]
    return {"counts": board.counts, "rows": rows}
