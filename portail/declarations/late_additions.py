"""Employees hired during the year after the declaration are billed at the year's tariff (as AISMT13 does
since 2023, REFERENCE §6.3). One Cotisation invoice per member and run, one line per category; run it
monthly (cron: `manage.py bill_late_additions`) for the "grouped monthly" setting, or daily for "each addition".
Idempotent: each billed employee gets a BilledAddition row, so a second run bills nobody twice."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef

from portail.audit.services import event_record
from portail.billing.models import Invoice, InvoiceKind
from portail.billing.services import invoice_create_draft, invoice_issue
from portail.core.formatting import count_fr
from portail.declarations.models import (
    CATEGORIES,
    BilledAddition,
    Campaign,
    Declaration,
    DeclarationLine,
    DeclarationStatus,
)
from portail.workforce.models import Employee

LABELS = {"SI": "SI", "SIA": "SIA", "SIR": "SIR"}


def late_additions(*, campaign: Campaign, today: date) -> dict[int, list[Employee]]:
    """Per member id: employees hired after the reference date (up to today, within the year) of a member
    whose declaration of the campaign is submitted, who are on none of its lines and not billed yet."""
    submitted = Declaration.objects.filter(campaign=campaign, status=DeclarationStatus.CONFIRMED,
                                           member=OuterRef("member"))
    on_a_line = DeclarationLine.objects.filter(employee=OuterRef("pk"), declaration__campaign=campaign)
    rows = (
        Employee.objects.filter(hire_date__gt=campaign.reference_date, hire_date__lte=min(today, date(campaign.year, 12, 31)))
        .filter(Exists(submitted)).exclude(Exists(on_a_line))
        .exclude(Exists(BilledAddition.objects.filter(employee=OuterRef("pk"))))
        .order_by("member_id", "hire_date", "pk")
    )
    grouped: dict[int, list[Employee]] = defaultdict(list)
    for employee in rows.select_related("member"):
        grouped[employee.member_id].append(employee)
    return grouped


@transaction.atomic
def late_additions_bill(*, campaign: Campaign, today: date | None = None, actor=None) -> list[Invoice]:
    today = today or date.today()
    invoices = []
    for employees in late_additions(campaign=campaign, today=today).values():
        member = employees[0].member
        by_category = defaultdict(list)
        for employee in employees:
            by_category[employee.category].append(employee)
        lines = [
            {"description": (f"Cotisation {campaign.year} – salariés embauchés après la déclaration ({c}) : "
                             + ", ".join(f"{e.birth_name} {e.first_name}" for e in by_category[c]))[:300],
             "quantity": len(by_category[c]), "unit_price_ht": campaign.tariff(c), "vat_rate": campaign.vat_rate}
            for c in CATEGORIES if by_category.get(c)
        ]
        draft = invoice_create_draft(member=member, kind=InvoiceKind.CONTRIBUTION, lines=lines,
                                     period_label=campaign.period_label, period_year=campaign.year, actor=actor)
        invoice = invoice_issue(invoice=draft, issue_date=today, actor=actor)
        BilledAddition.objects.bulk_create([
            BilledAddition(member=member, employee=e, campaign=campaign, invoice=invoice, category=e.category)
            for e in employees
        ])
        event_record(action="declarations.late_additions_billed", actor=actor, member=member, obj=invoice,
                     summary=f"Facturation de {count_fr(len(employees), 'salarié embauché')} après la déclaration "
                             f"{campaign.year}")
        invoices.append(invoice)
    return invoices
