"""An issued invoice has its snapshot (check constraint), and on PostgreSQL the triggers of 0003 now also
refuse any change to it; an archived PDF can be neither changed nor deleted, and only an issued invoice has one."""

from django.db import migrations, models

BASE_COLUMNS = (
    "member_id", "kind", "series", "number", "sequence_value", "status", "issue_date", "due_date", "period_label",
    "period_year", "corrects_id", "total_ht", "total_vat", "total_ttc", "legacy",
)


def _invoice_function(columns) -> str:
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    return f"""
CREATE OR REPLACE FUNCTION billing_invoice_protect() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'issued' THEN
            RAISE EXCEPTION 'billing: issued invoice % cannot be deleted', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'issued' AND ROW({new}) IS DISTINCT FROM ROW({old}) THEN
        RAISE EXCEPTION 'billing: issued invoice % cannot be modified', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


ARCHIVE = """
CREATE OR REPLACE FUNCTION billing_invoicearchive_protect() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) IS DISTINCT FROM 'issued' THEN
            RAISE EXCEPTION 'billing: only an issued invoice is archived'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'billing: the archived PDF of invoice % cannot be changed or deleted', OLD.invoice_id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_invoicearchive_protect
    BEFORE INSERT OR UPDATE OR DELETE ON billing_invoicearchive
    FOR EACH ROW EXECUTE FUNCTION billing_invoicearchive_protect();
"""

DROP_ARCHIVE = """
DROP TRIGGER IF EXISTS billing_invoicearchive_protect ON billing_invoicearchive;
DROP FUNCTION IF EXISTS billing_invoicearchive_protect();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_invoice_function((*BASE_COLUMNS, "snapshot")) + ARCHIVE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_ARCHIVE + _invoice_function(BASE_COLUMNS), params=None)


class Migration(migrations.Migration):
    dependencies = [("billing", "0007_freeze_issued_invoices")]

    operations = [
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(condition=models.Q(("status", "draft"), ("snapshot__isnull", False),
                                                                 _connector="OR"),
                                              name="billing_invoice_issued_has_snapshot"),
        ),
        migrations.RunPython(forward, backward),
    ]
