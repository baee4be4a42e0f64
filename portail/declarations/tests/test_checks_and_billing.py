"""Checks before submission, the headcount-change warning, and the invoices a validation drives."""

from datetime import date
from decimal import Decimal

import pytest

from portail.billing.models import Invoice, InvoiceKind
from portail.billing.services import invoice_create_draft, invoice_issue
from portail.declarations import selectors, services
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.conftest import staff_employees
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory


def messages_of(declaration, user):
    with pytest.raises(services.DeclarationError) as caught:
        services.declaration_submit(declaration=declaration, actor=user, send_email=False)
    return " ".join(caught.value.messages)


def test_missing_pcs_and_nir_are_warnings_that_do_not_block_submission(declaration_a, member_admin, member_a):
    """Issue 16 §3: missing optional data changes neither the headcount nor a category."""
    employee = EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", pcs_code="", job_title="")
    Employee = type(employee)
    Employee.objects.filter(pk=employee.pk).update(nir_hash="", nir_encrypted="", nir_masked="")
    current = selectors.preview(declaration=declaration_a)
    assert current.problems == []
    assert [p.message for p in current.warnings] == [
        "DURAND Léa : le N° de Sécurité Sociale est manquant.",
        "DURAND Léa : le code PCS est manquant.",
        "DURAND Léa : le poste de travail est manquant.",
    ]
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.CONFIRMED and declaration_a.total_count == 1


def test_what_changes_the_headcount_or_a_category_blocks(declaration_a, member_admin, member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", first_name="Paul", pcs_code="", contract="CDD",
                    hire_date=date(2025, 6, 1), contract_end=date(2025, 11, 30))
    EmployeeFactory(member=member_a, birth_name="PETIT", first_name="Léo", pcs_code="344B", declared_category="SIR",
                    determinants=["NONE"])
    current = selectors.preview(declaration=declaration_a)
    assert all(p.blocking for p in current.problems) and len(current.problems) == 2
    assert [p.message for p in current.warnings] == ["MARTIN Paul : le code PCS est manquant."]
    text = messages_of(declaration_a, member_admin)
    assert "a pris fin le 30/11/2025" in text and "sans déterminant" in text and "code PCS" not in text
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.TO_FILL and declaration_a.number is None


def test_cdd_ended_before_reference_date_still_present(declaration_a, member_admin, member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN", pcs_code="344B", contract="CDD",
                    hire_date=date(2025, 6, 1), contract_end=date(2025, 11, 30))
    assert "le contrat (contrat à durée déterminée) a pris fin le 30/11/2025" in messages_of(declaration_a, member_admin)


def test_sir_without_determinant(declaration_a, member_admin, member_a):
    EmployeeFactory(member=member_a, birth_name="PETIT", pcs_code="344B", declared_category="SIR",
                    determinants=["NONE"])
    assert "suivi renforcé (SIR) sans déterminant" in messages_of(declaration_a, member_admin)


def test_employer_risk_without_justification(declaration_a, member_admin, member_a):
    EmployeeFactory(member=member_a, birth_name="ROUX", pcs_code="344B", declared_category="SIR",
                    determinants=["EMPLOYER"], employer_risk_justification="")
    assert "« Risques particuliers motivés par l'employeur » doit être justifié" in messages_of(
        declaration_a, member_admin)


def test_empty_list_cannot_be_submitted(declaration_a, member_admin):
    assert "aucun salarié" in messages_of(declaration_a, member_admin)


@pytest.fixture
def last_year(member_a, member_admin):
    """2025 declared 10 employees; the threshold is 20 %."""
    previous = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2025),
                                  status=DeclarationStatus.CONFIRMED, number="D2025-000001", count_si=10)
    return previous


def test_headcount_change_beyond_threshold_asks_for_confirmation(declaration_a, member_admin, member_a, last_year):
    staff_employees(member_a, si=5)
    text = messages_of(declaration_a, member_admin)
    assert "diffère de 50 %" in text and "Cochez la case de confirmation" in text
    declaration = services.declaration_submit(declaration=declaration_a, actor=member_admin,
                                              headcount_change_confirmed=True, send_email=False)
    assert declaration.status == DeclarationStatus.CONFIRMED and declaration.headcount_change_confirmed


def test_headcount_change_within_threshold_needs_nothing(declaration_a, member_admin, member_a, last_year):
    staff_employees(member_a, si=9)
    assert selectors.preview(declaration=declaration_a).warning == ""
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)


# --- billing on validation -------------------------------------------------------------------------


def submitted(declaration, user):
    return services.declaration_submit(declaration=declaration, actor=user, send_email=False)


def provisional(member, amount_ht, year=2026):
    draft = invoice_create_draft(member=member, kind=InvoiceKind.CONTRIBUTION, period_label=f"Année {year}",
                                 period_year=year, lines=[{"description": "Appel provisionnel",
                                                           "unit_price_ht": amount_ht}])
    return invoice_issue(invoice=draft)


def test_validation_issues_the_years_cotisation_per_category(declaration_a, member_admin, employees_a, staff_user):
    declaration = services.declaration_validate(declaration=submitted(declaration_a, member_admin), actor=staff_user)
    invoice = declaration.invoice
    assert declaration.validated and declaration.status_key == "validated"
    assert invoice.kind == InvoiceKind.CONTRIBUTION and invoice.is_issued and invoice.period_year == 2026
    lines = [(line.quantity, line.unit_price_ht) for line in invoice.lines.all()]
    assert lines == [(Decimal("2"), Decimal("100.00")), (Decimal("1"), Decimal("110.00")),
                     (Decimal("1"), Decimal("130.00"))]
    assert (invoice.total_ht, invoice.total_vat, invoice.total_ttc) == (
        Decimal("440.00"), Decimal("88.00"), Decimal("528.00"))


def test_validation_is_idempotent(declaration_a, member_admin, employees_a, staff_user):
    declaration = submitted(declaration_a, member_admin)
    services.declaration_validate(declaration=declaration, actor=staff_user)
    services.declaration_validate(declaration=declaration, actor=staff_user)
    services.declaration_bill(declaration=declaration, actor=staff_user)
    assert Invoice.objects.filter(member=declaration.member).count() == 1


def test_provisional_lower_gives_an_adjustment_for_the_difference(declaration_a, member_admin, employees_a,
                                                                  staff_user, member_a):
    provisional(member_a, Decimal("300.00"))
    preview = selectors.preview(declaration=declaration_a)
    assert preview.invoiced_ttc == Decimal("360.00") and preview.balance_ttc == Decimal("168.00")
    declaration = services.declaration_validate(declaration=submitted(declaration_a, member_admin), actor=staff_user)
    invoice = declaration.invoice
    assert invoice.kind == InvoiceKind.ADJUSTMENT
    assert (invoice.total_ht, invoice.total_vat, invoice.total_ttc) == (
        Decimal("140.00"), Decimal("28.00"), Decimal("168.00"))
    assert declaration.already_invoiced_ttc == Decimal("360.00")


def test_provisional_higher_gives_a_credit_note(declaration_a, member_admin, employees_a, staff_user, member_a):
    call = provisional(member_a, Decimal("500.00"))
    declaration = services.declaration_validate(declaration=submitted(declaration_a, member_admin), actor=staff_user)
    credit = declaration.invoice
    assert credit.kind == InvoiceKind.CREDIT_NOTE and credit.corrects == call
    assert (credit.total_ht, credit.total_ttc) == (Decimal("-60.00"), Decimal("-72.00"))
    assert selectors.contribution_invoiced(member=member_a, year=2026) == (Decimal("440.00"), Decimal("528.00"))


def test_provisional_equal_bills_nothing_but_once(declaration_a, member_admin, employees_a, staff_user, member_a):
    provisional(member_a, Decimal("440.00"))
    declaration = services.declaration_validate(declaration=submitted(declaration_a, member_admin), actor=staff_user)
    assert declaration.invoice is None and declaration.billed_at is not None
    services.declaration_validate(declaration=declaration, actor=staff_user)
    assert Invoice.objects.filter(member=member_a).count() == 1


def test_reopened_and_revalidated_bills_only_the_difference(declaration_a, member_admin, employees_a, staff_user,
                                                            member_a):
    first = services.declaration_validate(declaration=submitted(declaration_a, member_admin), actor=staff_user)
    staff_employees(member_a, si=1)
    new = services.declaration_reopen(declaration=first, actor=staff_user, reason="Salarié oublié")
    second = services.declaration_validate(declaration=submitted(new, member_admin), actor=staff_user)
    assert second.invoice.kind == InvoiceKind.ADJUSTMENT
    assert second.invoice.total_ht == Decimal("100.00")
