"""Invoices issued before snapshots existed take theirs now, from the data as it is at migration time: the
member's name, SIRET and "Facturation" address (else its own address), the service, the billing settings.
Their PDF is archived at its first download, drawn from this snapshot only (billing.archive)."""

from django.conf import settings
from django.db import migrations

BATCH = 500


def _service(apps):
    Service = apps.get_model("members", "Service")
    service = Service.objects.order_by("pk").first()
    if service is None:  # as billing.selectors.billing_service: an unsaved default
        defaults = settings.SERVICE_DEFAULTS
        service = Service(name=defaults["name"], hotline_email=defaults["hotline_email"])
    return service


def freeze(apps, schema_editor):
    from portail.billing.snapshot import snapshot_build

    Invoice = apps.get_model("billing", "Invoice")
    BillingSettings = apps.get_model("billing", "BillingSettings")
    MemberAddress = apps.get_model("members", "MemberAddress")
    service = _service(apps)
    terms = BillingSettings.objects.filter(pk=1).first() or BillingSettings()
    billing_addresses = {}
    for address in MemberAddress.objects.filter(kind="billing").order_by("pk"):
        billing_addresses[address.member_id] = address  # the latest one wins, as member_billing_address
    pending = []
    issued = Invoice.objects.filter(status="issued", snapshot__isnull=True).select_related("member").order_by("pk")
    for invoice in issued.iterator(chunk_size=BATCH):
        invoice.snapshot = snapshot_build(
            invoice=invoice, member=invoice.member, billing_address=billing_addresses.get(invoice.member_id),
            service=service, terms=terms,
        ).to_json()
        pending.append(invoice)
        if len(pending) >= BATCH:
            Invoice.objects.bulk_update(pending, ["snapshot"])
            pending = []
    Invoice.objects.bulk_update(pending, ["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("billing", "0006_invoice_snapshot_archive")]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
