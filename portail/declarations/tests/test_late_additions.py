from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from portail.billing.models import Invoice
from portail.declarations import services
from portail.declarations.late_additions import late_additions_bill
from portail.declarations.models import BilledAddition
from portail.workforce.tests.factories import EmployeeFactory


def test_employees_hired_after_the_declaration_are_billed_once(declaration_a, member_admin, employees_a, member_a,
                                                               member_b, campaign):
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2026, 3, 2))
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2026, 4, 1), declared_category="SIR",
                    determinants=["ASBESTOS"])
    EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2026, 9, 1))  # after "today"
    EmployeeFactory(member=member_b, pcs_code="344B", hire_date=date(2026, 3, 2))  # B has not declared
    invoices = late_additions_bill(campaign=campaign, today=date(2026, 6, 30))
    assert len(invoices) == 1
    invoice = invoices[0]
    assert invoice.member == member_a and invoice.kind == "cotisation" and invoice.period_year == 2026
    assert invoice.total_ht == Decimal("230.00")  # 100 (SI) + 130 (SIR)
    assert invoice.total_ttc == Decimal("276.00")
    assert late_additions_bill(campaign=campaign, today=date(2026, 6, 30)) == []
    assert BilledAddition.objects.count() == 2
    # the next run picks up the one hired later, alone
    again = late_additions_bill(campaign=campaign, today=date(2026, 12, 31))
    assert len(again) == 1 and again[0].total_ht == Decimal("100.00")


def test_command(campaign):
    out = StringIO()
    call_command("bill_late_additions", "--annee", "2026", stdout=out)
    assert "0 facture émise pour 2026" in out.getvalue()
    assert Invoice.objects.count() == 0
