"""Writes on campaigns and declarations. Each write is one transaction, checks its rules and is audited.

Status machine of a declaration (one version):
    À saisir --save draft--> En cours --submit--> Confirmée --validate--> Confirmée (validée)
    À saisir / En cours --campaign closed, by choice--> Non saisissable
    À saisir / En cours of a year after the member's radiation --radiation--> Sans objet (radiation)
    Confirmée (validated or not) --reopen (reason)--> new version "À saisir", linked to this one
Everything else is refused with a French message (DeclarationError).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from sequences import get_next_value

from portail.accounts.models import User
from portail.accounts.notices import members_notify
from portail.audit.models import Event
from portail.audit.services import event_record
from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus
from portail.billing.selectors import billing_service
from portail.billing.services import credit_note_issue, invoice_create_draft, invoice_issue
from portail.core.formatting import count_fr, money_fr
from portail.declarations import selectors
from portail.declarations.models import (
    CATEGORIES,
    FILLABLE,
    Campaign,
    CampaignStatus,
    Declaration,
    DeclarationLine,
    DeclarationStatus,
)
from portail.declarations.pdf import acknowledgement_pdf
from portail.members.freshness import member_change_record, member_data_changed, shared_settings_changed
from portail.members.models import Member, NoticeKind
from portail.workforce.models import Employee, ExitReason
from portail.workforce.services import employee_exit


class DeclarationError(ValidationError):
    """A transition the status machine does not allow, or a submission that fails its checks."""


def _lock(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("campaign", "member").get(pk=declaration.pk)


def _ensure_fillable(declaration: Declaration) -> None:
    if declaration.status not in FILLABLE:
        raise DeclarationError(
            f"Cette déclaration est « {declaration.status_label} » : elle ne peut plus être modifiée."
        )
    if declaration.opens_later:
        raise DeclarationError(declaration.opening_message)


# --- campaigns ---------------------------------------------------------------------------------


@transaction.atomic
def campaign_open(*, actor: User | None, year: int, reference_date: date, opens_on: date, closes_on: date,
                  tariff_si: Decimal, tariff_sia: Decimal, tariff_sir: Decimal, vat_rate: Decimal,
                  change_threshold_pct: int = 20, request: HttpRequest | None = None) -> Campaign:
    """Open the year's campaign: one "À saisir" declaration for every active member (bulk insert)."""
    if Campaign.objects.filter(year=year).exists():
        raise DeclarationError(f"Une campagne {year} existe déjà.")
    if closes_on < opens_on:
        raise DeclarationError("La date limite doit suivre la date d'ouverture.")
    campaign = Campaign.objects.create(
        year=year, reference_date=reference_date, opens_on=opens_on, closes_on=closes_on, tariff_si=tariff_si,
        tariff_sia=tariff_sia, tariff_sir=tariff_sir, vat_rate=vat_rate,
        change_threshold_pct=change_threshold_pct, created_by=actor if getattr(actor, "pk", None) else None,
    )
    member_ids = selectors.campaign_members(year=year).values_list("pk", flat=True)
    Declaration.objects.bulk_create(
        [Declaration(member_id=pk, campaign=campaign) for pk in member_ids.iterator()], batch_size=1000
    )
    shared_settings_changed()  # a campaign is the service's: every member's pages show it
    members_notify(members=Member.objects.filter(pk__in=member_ids), kind=NoticeKind.CAMPAIGN,
                   subject=f"Déclaration d'effectif {year} : la campagne est ouverte",
                   body=f"Déclarez votre effectif au {reference_date:%d/%m/%Y} avant le {closes_on:%d/%m/%Y}.",
                   url=reverse("declarations:list"))
    event_record(action="declarations.campaign_opened", actor=actor, obj=campaign, request=request,
                 summary=f"Ouverture de la campagne de déclaration {year}",
                 data={"declarations": campaign.declarations.count()})
    return campaign


@transaction.atomic
def declarations_void_after_radiation(*, member: Member, on: date, actor: User | None,
                                      request: HttpRequest | None = None) -> int:
    """Radiation consequence: the member's unfiled declarations of campaigns for years after `on` become
    "Sans objet (radiation)". Submitted ones stay as they are (records); returns how many changed."""
    voided = Declaration.objects.filter(member=member, status__in=FILLABLE, campaign__year__gt=on.year)
    changed = voided.update(status=DeclarationStatus.VOID)
    member_data_changed(member_ids=[member.pk])
    if changed:
        event_record(action="declarations.voided_by_radiation", actor=actor, member=member, obj=member,
                     request=request, summary=f"{count_fr(changed, 'déclaration')} sans objet après la radiation au "
                                              f"{on:%d/%m/%Y}", data={"count": changed, "on": on.isoformat()})
    return changed


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: User | None, mark_unfileable: bool,
                   request: HttpRequest | None = None) -> int:
    """Close the campaign. Unfiled declarations become "Non saisissable", or stay open for late filers."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise DeclarationError("Cette campagne est déjà clôturée.")
    campaign.status, campaign.closed_at = CampaignStatus.CLOSED, timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    changed = 0
    if mark_unfileable:
        changed = Declaration.objects.filter(campaign=campaign, status__in=FILLABLE).update(
            status=DeclarationStatus.CLOSED)
    shared_settings_changed()
    event_record(action="declarations.campaign_closed", actor=actor, obj=campaign, request=request,
                 summary=f"Clôture de la campagne {campaign.year}",
                 data={"unfileable": changed, "left_open": not mark_unfileable})
    return changed


# --- the member's workflow ---------------------------------------------------------------------------


@transaction.atomic
def declaration_save_draft(*, declaration: Declaration, actor: User | None, headcount_change_confirmed: bool = False,
                           request: HttpRequest | None = None) -> Declaration:
    """"Enregistrer le brouillon": the declaration becomes "En cours" (kept in the database)."""
    declaration = _lock(declaration)
    _ensure_fillable(declaration)
    declaration.status = DeclarationStatus.IN_PROGRESS
    declaration.headcount_change_confirmed = headcount_change_confirmed
    declaration.saved_at = timezone.now()
    declaration.save(update_fields=["status", "headcount_change_confirmed", "saved_at"])
    member_change_record(action="declarations.draft_saved", actor=actor, member=declaration.member, obj=declaration,
                         request=request, summary=f"Déclaration {declaration.campaign.year} enregistrée en brouillon")
    return declaration


@transaction.atomic
def declaration_employee_exit(*, declaration: Declaration, employee: Employee, actor: User | None, exit_date: date,
                              exit_reason: str, request: HttpRequest | None = None) -> Declaration:
    """Mark an exit from the filling page: through the workforce service (history, audit)."""
    declaration = _lock(declaration)
    _ensure_fillable(declaration)
    employee_exit(employee=employee, actor=actor, exit_date=exit_date, exit_reason=exit_reason, request=request)
    if declaration.status == DeclarationStatus.TO_FILL:
        declaration.status, declaration.saved_at = DeclarationStatus.IN_PROGRESS, timezone.now()
        declaration.save(update_fields=["status", "saved_at"])
    member_data_changed(member_ids=[declaration.member_id])
    return declaration


@transaction.atomic
def declaration_expired_contracts_exit(*, declaration: Declaration, actor: User | None, employee_ids: list[int],
                                       request: HttpRequest | None = None) -> list[Employee]:
    """"Déclarer la sortie de tous les salariés dont le contrat a pris fin avant la date de référence": each one
    the preview page showed (`employee_ids`) and still in that case leaves on their contract's end date, through
    the workforce service (history, audit, appointments). Returns the employees exited, with their
    `exit_consequences`."""
    declaration = _lock(declaration)
    _ensure_fillable(declaration)
    shown = set(employee_ids)
    leaving = [e for e in selectors.expired_contracts(declaration=declaration) if e.pk in shown]
    if not leaving:
        raise DeclarationError("Aucun salarié à sortir : la liste a changé depuis l'aperçu, vérifiez-la à nouveau.")
    for employee in leaving:
        assert employee.contract_end is not None, "expired_contracts() only lists contracts with an end"
        employee_exit(employee=employee, actor=actor, exit_date=employee.contract_end, exit_reason=ExitReason.END_CDD,
                      request=request)
    if declaration.status == DeclarationStatus.TO_FILL:
        declaration.status, declaration.saved_at = DeclarationStatus.IN_PROGRESS, timezone.now()
        declaration.save(update_fields=["status", "saved_at"])
    member_change_record(action="declarations.expired_contracts_exit", actor=actor, member=declaration.member,
                         obj=declaration, request=request,
                         summary=f"Sortie de {count_fr(len(leaving), 'salarié')} en fin de contrat avant la date "
                                 "de référence",
                         data={"employees": [e.pk for e in leaving]})
    return leaving


def _next_number(year: int) -> str:
    return f"D{year}-{get_next_value(f'declaration-{year}'):06d}"


@transaction.atomic
def declaration_submit(*, declaration: Declaration, actor: User | None, headcount_change_confirmed: bool = False,
                       request: HttpRequest | None = None, send_email: bool = True) -> Declaration:
    """Checks, then freezes the nominative list, counts and amounts; number and timestamp; acknowledgement."""
    declaration = _lock(declaration)
    _ensure_fillable(declaration)
    current = selectors.preview(declaration=declaration)
    if current.problems:
        raise DeclarationError([p.message for p in current.problems])
    if current.warning and not headcount_change_confirmed:
        raise DeclarationError(current.warning + " Cochez la case de confirmation pour transmettre.")
    if not current.total:
        raise DeclarationError("Votre liste ne comporte aucun salarié à la date de référence : "
                               "ajoutez vos salariés avant de transmettre la déclaration.")
    DeclarationLine.objects.bulk_create([
        DeclarationLine(
            declaration=declaration, employee=e, birth_name=e.birth_name, usage_name=e.usage_name,
            first_name=e.first_name, job_title=e.job_title, contract=e.get_contract_display(),
            hire_date=e.hire_date, contract_end=e.contract_end, exit_date=e.exit_date, category=e.category,
            determinants=list(e.determinants or []), determinants_label=selectors.determinants_label(e.determinants),
        )
        for e in selectors.declared_employees(declaration=declaration)
    ])
    declaration.count_si, declaration.count_sia, declaration.count_sir = (current.counts[c] for c in CATEGORIES)
    declaration.amount_ht, declaration.amount_vat = current.amount_ht, current.amount_vat
    declaration.amount_ttc, declaration.already_invoiced_ttc = current.amount_ttc, current.invoiced_ttc
    declaration.headcount_change_confirmed = bool(current.warning) and headcount_change_confirmed
    declaration.number = _next_number(declaration.campaign.year)
    declaration.status = DeclarationStatus.CONFIRMED
    declaration.submitted_at = timezone.now()
    declaration.submitted_by = actor
    declaration.save()
    member_change_record(
        action="declarations.submitted", actor=actor, member=declaration.member, obj=declaration, request=request,
        summary=f"Déclaration n° {declaration.number} transmise ({declaration.total_count} salariés)",
        data={c: current.counts[c] for c in CATEGORIES},
    )
    if send_email:
        transaction.on_commit(lambda: acknowledgement_send(declaration=declaration))
    return declaration


def acknowledgement_recipients(*, declaration: Declaration) -> list[str]:
    """The member's contacts, the member's own accounts and whoever submitted (e.g. the mandataire)."""
    member = declaration.member
    emails = list(member.contacts.exclude(email="").values_list("email", flat=True))
    emails += list(User.objects.filter(member=member, is_active=True).exclude(email="")
                   .values_list("email", flat=True))
    emails += [e for e in (member.email, getattr(declaration.submitted_by, "email", "")) if e]
    return list(dict.fromkeys(e.lower() for e in emails))


def acknowledgement_send(*, declaration: Declaration) -> bool:
    recipients = acknowledgement_recipients(declaration=declaration)
    if not recipients:
        return False
    provider = billing_service()
    body = (
        f"Madame, Monsieur,\n\nNous accusons réception de votre déclaration d'effectif n° {declaration.number} "
        f"pour l'{declaration.period_label.lower()}, transmise le {timezone.localtime(declaration.submitted_at):%d/%m/%Y à %H:%M} "
        f"({count_fr(declaration.total_count, 'salarié')}). Vous trouverez l'accusé de réception en pièce jointe.\n\n"
        f"{provider.name}"
    )
    message = EmailMessage(subject=f"Accusé de réception de votre déclaration n° {declaration.number}", body=body,
                           to=recipients, reply_to=[provider.hotline_email] if provider.hotline_email else None)
    message.attach(f"accuse-reception-{declaration.number}.pdf", acknowledgement_pdf(declaration=declaration),
                   "application/pdf")
    message.send()
    return True


# --- the service's side ---------------------------------------------------------------------------


@transaction.atomic
def declaration_validate(*, declaration: Declaration, actor: User | None,
                         request: HttpRequest | None = None) -> Declaration:
    """Validate (darker "Confirmée") and bill. Running it again changes and bills nothing."""
    declaration = _lock(declaration)
    if declaration.status != DeclarationStatus.CONFIRMED:
        raise DeclarationError("Seule une déclaration confirmée par l'adhérent peut être validée.")
    if hasattr(declaration, "reopened_as"):
        raise DeclarationError("Cette version a été rouverte : validez la nouvelle version.")
    if not declaration.validated:
        declaration.validated, declaration.validated_at = True, timezone.now()
        declaration.validated_by = actor
        declaration.save(update_fields=["validated", "validated_at", "validated_by"])
        member_change_record(action="declarations.validated", actor=actor, member=declaration.member, obj=declaration,
                             request=request, summary=f"Déclaration n° {declaration.number} validée par le service")
    declaration_bill(declaration=declaration, actor=actor, request=request)
    declaration.refresh_from_db()
    return declaration


def _category_lines(declaration: Declaration) -> list[dict[str, Any]]:
    campaign = declaration.campaign
    labels = {"SI": "suivi individuel simple (SI)", "SIA": "suivi individuel adapté (SIA)",
              "SIR": "suivi individuel renforcé (SIR)"}
    return [
        {"description": f"Cotisation {campaign.year} – {labels[c]}", "quantity": getattr(declaration, f"count_{c.lower()}"),
         "unit_price_ht": campaign.tariff(c), "vat_rate": campaign.vat_rate}
        for c in CATEGORIES if getattr(declaration, f"count_{c.lower()}")
    ]


@transaction.atomic
def declaration_bill(*, declaration: Declaration, actor: User | None,
                     request: HttpRequest | None = None) -> Invoice | None:
    """The invoice a validated declaration drives (idempotent: billed_at is the marker).

    - nothing invoiced yet for the year: the year's Cotisation, one line per category (headcount × tariff HT);
    - a provisional contribution exists and the declared amount is higher: a Facture d'Ajustement listing the
      declared lines and deducting what was already invoiced (HT);
    - the declared amount is lower: an Avoir (credit_note_issue) on the latest contribution invoice for the
      difference, so the accounting keeps the "credit note cites the invoice it corrects" rule;
    - equal: no document, but the declaration is marked billed.
    """
    declaration = _lock(declaration)
    if declaration.billed_at is not None:
        return declaration.invoice
    if not declaration.validated:
        raise DeclarationError("La déclaration doit être validée avant d'être facturée.")
    campaign, member = declaration.campaign, declaration.member
    invoiced_ht, _ = selectors.contribution_invoiced(member=member, year=campaign.year)
    lines = _category_lines(declaration)
    difference = declaration.amount_ht - invoiced_ht
    invoice = None
    has_previous = Invoice.objects.filter(member=member, period_year=campaign.year, status=InvoiceStatus.ISSUED,
                                          kind__in=selectors.CONTRIBUTION_KINDS).exists()
    if not has_previous and lines:
        draft = invoice_create_draft(member=member, kind=InvoiceKind.CONTRIBUTION, lines=lines,
                                     period_label=campaign.period_label, period_year=campaign.year, actor=actor)
        invoice = invoice_issue(invoice=draft, actor=actor, request=request)
    elif has_previous and difference > 0:
        deduction = {"description": f"Déduction : cotisation {campaign.year} déjà facturée", "quantity": 1,
                     "unit_price_ht": -invoiced_ht, "vat_rate": campaign.vat_rate}
        draft = invoice_create_draft(member=member, kind=InvoiceKind.ADJUSTMENT, lines=[*lines, deduction],
                                     period_label=campaign.period_label, period_year=campaign.year, actor=actor)
        invoice = invoice_issue(invoice=draft, actor=actor, request=request)
    elif has_previous and difference < 0:
        corrected = Invoice.objects.filter(
            member=member, period_year=campaign.year, status=InvoiceStatus.ISSUED,
            kind__in=selectors.CONTRIBUTION_KINDS, total_ttc__gt=0,
        ).order_by("-total_ttc", "-issue_date").first()
        assert corrected is not None, "a difference below zero comes from an issued contribution"
        invoice = credit_note_issue(
            invoice=corrected, actor=actor, request=request,
            reason=f"Déclaration n° {declaration.number}",
            lines=[{"description": (f"Régularisation cotisation {campaign.year} : effectif déclaré "
                                    f"(déclaration n° {declaration.number}) inférieur au montant facturé"),
                    "quantity": 1, "unit_price_ht": difference, "vat_rate": campaign.vat_rate}],
        )
    declaration.invoice, declaration.billed_at = invoice, timezone.now()
    declaration.save(update_fields=["invoice", "billed_at"])
    member_change_record(
        action="declarations.billed", actor=actor, member=member, obj=declaration, request=request,
        summary=(f"Déclaration n° {declaration.number} : {invoice} ({money_fr(invoice.total_ttc)} TTC)" if invoice
                 else f"Déclaration n° {declaration.number} : rien à facturer"),
    )
    return invoice


@transaction.atomic
def declaration_reopen(*, declaration: Declaration, actor: User | None, reason: str,
                       request: HttpRequest | None = None) -> Declaration:
    """A new version, linked to the submitted one (which stays as it was), for the member to complete."""
    declaration = _lock(declaration)
    reason = (reason or "").strip()
    if not reason:
        raise DeclarationError("Indiquez le motif de la réouverture.")
    if declaration.status != DeclarationStatus.CONFIRMED:
        raise DeclarationError("Seule une déclaration confirmée peut être rouverte.")
    if Declaration.objects.filter(reopens=declaration).exists():
        raise DeclarationError("Cette déclaration a déjà été rouverte.")
    new = Declaration.objects.create(
        member=declaration.member, campaign=declaration.campaign, version=declaration.version + 1,
        reopens=declaration, reopen_reason=reason, status=DeclarationStatus.TO_FILL,
    )
    member_change_record(action="declarations.reopened", actor=actor, member=declaration.member, obj=new,
                         request=request,
                         summary=f"Déclaration n° {declaration.number} rouverte (version {new.version})",
                         data={"reason": reason[:200]})
    return new


def _reminded_today(*, declaration: Declaration) -> bool:
    return Event.objects.filter(action="declarations.reminder_sent", member=declaration.member,
                                object_id=str(declaration.pk), at__date=timezone.localdate()).exists()


def reminders_send(*, campaign: Campaign, actor: User | None, request: HttpRequest | None = None) -> int:
    """One e-mail per member who has not filed yet, with the deadline. A member already reminded today is
    skipped: a second click sends nothing twice. Returns how many were sent."""
    provider, sent = billing_service(), 0
    for declaration in selectors.campaign_declarations(campaign=campaign).filter(status__in=FILLABLE):
        member = declaration.member
        if _reminded_today(declaration=declaration):
            continue
        recipients = list(dict.fromkeys(
            [*member.contacts.exclude(email="").values_list("email", flat=True), *([member.email] if member.email else [])]
        ))
        if not recipients:
            continue
        body = (
            f"Madame, Monsieur,\n\nSauf erreur de notre part, votre déclaration d'effectif {campaign.year} "
            f"(adhérent n° {member.number}) n'a pas encore été transmise. La date limite est le "
            f"{campaign.closes_on:%d/%m/%Y}.\n\nVous pouvez la saisir dans votre espace adhérent, "
            f"rubrique « Vos déclarations ».\n\n{provider.name}"
        )
        EmailMessage(subject=f"Rappel : déclaration d'effectif {campaign.year} à transmettre avant le "
                             f"{campaign.closes_on:%d/%m/%Y}", body=body, to=recipients).send()
        event_record(action="declarations.reminder_sent", actor=actor, member=member, obj=declaration,
                     request=request, summary=f"Rappel de la déclaration {campaign.year}")
        sent += 1
    return sent

