"""Invoices issued before snapshots existed take theirs from the data as it is at migration time (Facturation
address included), then keep it: later changes of the member do not reach their PDF."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portail.billing.archive import invoice_document
from portail.billing.models import Invoice, InvoiceArchive
from portail.billing.tests.test_issued_frozen import _one, _text, _xml
from portail.members.models import Member

BEFORE = [("billing", "0006_invoice_snapshot_archive")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _issued_before_snapshots(apps) -> tuple[int, int]:
    """A member with a Facturation address and one invoice issued by the code of before (rows as it wrote them)."""
    Member = apps.get_model("members", "Member")
    MemberAddress = apps.get_model("members", "MemberAddress")
    Invoice = apps.get_model("billing", "Invoice")
    InvoiceLine = apps.get_model("billing", "InvoiceLine")
    member = Member.objects.create(number="900001", name="ENTREPRISE AVANT", siret="30000008000014",
                                   address_line1="1 rue de la Paix", postal_code="13001", city="MARSEILLE")
    MemberAddress.objects.create(member=member, kind="billing", company="SIÈGE", address_line1="3 quai Ancien",
                                 postal_code="66000", city="PERPIGNAN")
    invoice = Invoice.objects.create(member=member, kind="cotisation", total_ht=Decimal("100.00"),
                                     total_vat=Decimal("20.00"), total_ttc=Decimal("120.00"), period_label="Année 2025")
    InvoiceLine.objects.create(invoice=invoice, description="Cotisation", unit_price_ht=Decimal("100.00"),
                               total_ht=Decimal("100.00"), total_vat=Decimal("20.00"), total_ttc=Decimal("120.00"))
    Invoice.objects.filter(pk=invoice.pk).update(status="issued", series="F", number="F000007", sequence_value=7,
                                                 issue_date=date(2025, 3, 1), due_date=date(2025, 3, 31))
    return member.pk, invoice.pk


@pytest.mark.django_db(transaction=True)
def test_migration_freezes_earlier_invoices_from_the_data_at_migration_time():
    old_apps = _migrate(BEFORE)
    member_id, invoice_id = _issued_before_snapshots(old_apps)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    invoice = Invoice.objects.get(pk=invoice_id)
    buyer = invoice.frozen.buyer
    assert (buyer.name, buyer.recipient, buyer.street, buyer.city) == (
        "ENTREPRISE AVANT", "SIÈGE", ("3 quai Ancien",), "PERPIGNAN")
    assert invoice.payment_reference == "900001-F000007"
    assert not InvoiceArchive.objects.filter(invoice=invoice).exists()

    member = Member.objects.get(pk=member_id)
    member.name, member.city = "ENTREPRISE APRÈS", "PARIS"
    member.save()
    member.addresses.update(city="LYON")
    pdf = invoice_document(invoice=invoice)  # first download: archived now, from the migration's snapshot
    text = _text(pdf)
    assert "ENTREPRISE AVANT" in text and "3 quai Ancien" in text and "PERPIGNAN" in text
    assert "APRÈS" not in text and "LYON" not in text
    assert _one(_xml(pdf), "//ram:BuyerTradeParty/ram:Name") == "ENTREPRISE AVANT"
    assert invoice_document(invoice=invoice) == pdf
