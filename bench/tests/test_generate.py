"""The scale-data generator, tier XS: every domain filled in proportion and consistent with what the application
writes (runs on SQLite and PostgreSQL)."""

from datetime import date
from io import StringIO

import pytest
from django.db import transaction
from django.db.models import Sum
from django_scopes import scopes_disabled
from sequences.models import Sequence

from bench.generate import generate
from portail.accounts.models import AccountKind, User
from portail.activity.models import ActionKind, WorkplaceAction
from portail.appointments.models import Appointment, AppointmentRequest, AppointmentStatus, Slot
from portail.billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentAllocation
from portail.billing.selectors import statement
from portail.billing.services import invoice_create_draft, invoice_issue
from portail.declarations.models import Declaration, DeclarationLine, DeclarationStatus
from portail.declarations.selectors import determinants_label
from portail.members.models import Member
from portail.workforce.models import Employee

pytestmark = pytest.mark.django_db
VOLUME = {"member__number__startswith": "S"}


def _generate(seed: int = 2026) -> str:
    out = StringIO()
    generate(tier="XS", seed=seed, stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    """What the generator wrote, by natural keys (database ids may differ between runs)."""
    with scopes_disabled():
        return {
            "employees": sorted(Employee.objects.filter(**VOLUME).values_list(
                "member__number", "birth_name", "first_name", "birth_date", "hire_date", "nir_hash")),
            "invoices": sorted(Invoice.objects.filter(**VOLUME).values_list(
                "member__number", "number", "kind", "issue_date", "due_date", "total_ttc")),
            "payments": sorted(Payment.objects.filter(**VOLUME).values_list(
                "member__number", "method", "date", "amount")),
            "declarations": sorted(Declaration.objects.filter(**VOLUME).values_list(
                "member__number", "campaign__year", "status", "number", "count_si", "count_sir", "amount_ttc")),
            "appointments": sorted(Appointment.objects.filter(**VOLUME).values_list(
                "member__number", "employee__birth_name", "start", "status")),
            "actions": sorted(WorkplaceAction.objects.filter(**VOLUME).values_list("member__number", "date", "kind")),
        }


def test_xs_tier_fills_every_app_in_proportion():
    output = _generate()
    assert "billing" in output and "declarations" in output and "appointments" in output and "activity" in output
    with scopes_disabled():
        members = Member.objects.filter(number__startswith="S").count()
        present = Employee.objects.filter(**VOLUME, exit_date__isnull=True).count()
        invoices = Invoice.objects.filter(**VOLUME)
        assert members == 100
        assert not invoices.exclude(status=InvoiceStatus.ISSUED).exists()
        assert members <= invoices.count() <= 4 * members
        assert invoices.filter(kind=InvoiceKind.CONTRIBUTION, period_year=date.today().year - 1).count() >= 0.9 * members
        assert Payment.objects.filter(**VOLUME).count() >= 0.6 * invoices.count()
        assert Declaration.objects.filter(**VOLUME).count() == 2 * members
        current = Declaration.objects.filter(**VOLUME, campaign__year=date.today().year)
        assert current.filter(status__in=[DeclarationStatus.TO_FILL, DeclarationStatus.IN_PROGRESS]).exists()
        assert current.filter(status=DeclarationStatus.CONFIRMED).exists()
        past = Appointment.objects.filter(**VOLUME).exclude(status=AppointmentStatus.PLANNED).count()
        assert 0.2 * present <= past <= 0.45 * present
        assert Appointment.objects.filter(**VOLUME, status=AppointmentStatus.PLANNED, slot__isnull=False).exists()
        assert Slot.objects.count() > Appointment.objects.filter(status=AppointmentStatus.PLANNED).count()
        assert AppointmentRequest.objects.filter(**VOLUME).exists()
        sheets = WorkplaceAction.objects.filter(**VOLUME, kind=ActionKind.COMPANY_SHEET_CREATION).count()
        assert 0.7 * members <= sheets <= members


def test_invoice_numbers_continue_the_gapless_series():
    _generate()
    with scopes_disabled():
        values = sorted(Invoice.objects.filter(series="F").values_list("sequence_value", flat=True))
        assert values == list(range(1, len(values) + 1))
        assert Sequence.objects.get(name="invoice-F").last == values[-1]
        member = Member.objects.get(number="S0000000")
        draft = invoice_create_draft(member=member, kind=InvoiceKind.ADJUSTMENT,
                                     lines=[{"description": "Test", "unit_price_ht": "10.00"}])
        assert invoice_issue(invoice=draft).sequence_value == values[-1] + 1
        by_date = list(Invoice.objects.filter(series="F").order_by("sequence_value").values_list("issue_date", flat=True))
        assert by_date[:-1] == sorted(by_date[:-1])


def test_validated_declarations_carry_their_invoice_and_list():
    _generate()
    with scopes_disabled():
        validated = Declaration.objects.filter(**VOLUME, validated=True, invoice__isnull=False).select_related("invoice")
        assert validated.exists()
        for declaration in validated[:20]:
            assert declaration.invoice.total_ttc == declaration.amount_ttc
            assert declaration.lines.count() == declaration.total_count
        # The PostgreSQL path (INSERT … SELECT) and the Python one write the same labels as declaration_submit.
        for line in DeclarationLine.objects.filter(declaration__in=validated).select_related("employee")[:200]:
            assert line.contract == line.employee.get_contract_display()
            assert line.determinants_label == determinants_label(line.employee.determinants)
            assert line.category == line.employee.category
        numbers = Declaration.objects.filter(status=DeclarationStatus.CONFIRMED, campaign__year=date.today().year - 1)
        assert Sequence.objects.get(name=f"declaration-{date.today().year - 1}").last == numbers.count()


def test_same_seed_same_rows():
    with transaction.atomic():
        _generate(seed=11)
        first = _snapshot()
        transaction.set_rollback(True)
    _generate(seed=11)
    assert _snapshot() == first
    assert first["invoices"] and first["appointments"] and first["actions"]


def test_generated_member_sees_invoices_and_a_balanced_statement(client):
    _generate()
    with scopes_disabled():
        unpaid = [m for m in Member.objects.filter(number__startswith="S").order_by("number")
                  if statement(member=m).balance > 0]
        assert unpaid, "some volume members owe money"
        member = unpaid[0]
        user = User.objects.get(member=member, kind=AccountKind.MEMBER)
        numbers = list(Invoice.objects.filter(member=member).values_list("number", flat=True))
        invoiced = Invoice.objects.filter(member=member).aggregate(s=Sum("total_ttc"))["s"]
        allocated = PaymentAllocation.objects.filter(invoice__member=member).aggregate(s=Sum("amount"))["s"] or 0
        paid = Payment.objects.filter(member=member).aggregate(s=Sum("amount"))["s"] or 0
        account = statement(member=member)
    assert paid == allocated  # every payment is fully allocated: nothing left on account
    assert account.balance == invoiced - allocated == account.total_debit - account.total_credit
    client.force_login(user)
    response = client.get("/factures/")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(number in page for number in numbers)
    for row in account.rows:
        assert row.number in page


def test_shared_nir_ciphertexts_still_decrypt_to_the_hashed_value():
    """Employees with the same generated NIR share one ciphertext; each row must still be consistent."""
    from portail.workforce import nir as nirlib

    _generate()
    with scopes_disabled():
        rows = Employee.objects.filter(**VOLUME).values_list("nir_encrypted", "nir_hash", "nir_masked", "sex",
                                                             "birth_date")[:300]
        for encrypted, hashed, masked, sex, birth in rows:
            value = nirlib.decrypt(encrypted)
            assert nirlib.keyed_hash(value) == hashed and nirlib.mask(value) == masked
            nirlib.check(value, sex=sex, birth_date=birth)


@pytest.mark.postgres
def test_every_foreign_key_resolves_though_the_load_skips_the_checks():
    """As a superuser the load runs with session_replication_role = replica (no per-row foreign-key check):
    the rows it builds must be consistent on their own, and the session must get its checks back."""
    from django.db import connection

    _generate()
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname
               FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
               WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.connamespace = 'public'::regnamespace"""
        )
        keys = cursor.fetchall()
        names = {(child, parent) for child, _, parent, _ in keys}
        for pair in [("workforce_employee", "members_member"), ("billing_invoice", "members_member"),
                     ("declarations_declarationline", "declarations_declaration"),
                     ("appointments_appointment", "workforce_employee")]:
            assert pair in names
        orphans = {}
        for child, column, parent, target in keys:
            cursor.execute(
                f'SELECT count(*) FROM "{child}" c WHERE c."{column}" IS NOT NULL '  # noqa: S608 - catalog names
                f'AND NOT EXISTS (SELECT 1 FROM "{parent}" p WHERE p."{target}" = c."{column}")'
            )
            if count := cursor.fetchone()[0]:
                orphans[f"{child}.{column} → {parent}"] = count
    assert orphans == {}
