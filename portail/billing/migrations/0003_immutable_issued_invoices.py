"""PostgreSQL triggers: an issued invoice (and its lines) can be neither changed nor deleted, whatever
the path (ORM, admin, raw SQL). Only the draft → issued transition writes to a row that was a draft."""

from django.db import migrations

CONTENT_COLUMNS = (
    "member_id, kind, series, number, sequence_value, status, issue_date, due_date, period_label, "
    "period_year, corrects_id, total_ht, total_vat, total_ttc, legacy"
)

FORWARD = f"""
CREATE OR REPLACE FUNCTION billing_invoice_protect() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'issued' THEN
            RAISE EXCEPTION 'billing: issued invoice % cannot be deleted', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'issued' AND
       ROW({", ".join("NEW." + c.strip() for c in CONTENT_COLUMNS.split(","))})
         IS DISTINCT FROM ROW({", ".join("OLD." + c.strip() for c in CONTENT_COLUMNS.split(","))}) THEN
        RAISE EXCEPTION 'billing: issued invoice % cannot be modified', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_invoice_protect
    BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_protect();

CREATE OR REPLACE FUNCTION billing_invoiceline_protect() RETURNS trigger AS $$
DECLARE
    parent_status varchar;
BEGIN
    SELECT status INTO parent_status FROM billing_invoice
        WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.invoice_id ELSE OLD.invoice_id END);
    IF parent_status = 'issued' THEN
        RAISE EXCEPTION 'billing: lines of an issued invoice are read-only'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_invoiceline_protect
    BEFORE INSERT OR UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_protect();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS billing_invoiceline_protect ON billing_invoiceline;
DROP FUNCTION IF EXISTS billing_invoiceline_protect();
DROP TRIGGER IF EXISTS billing_invoice_protect ON billing_invoice;
DROP FUNCTION IF EXISTS billing_invoice_protect();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_billingsettings_sepamandate_creditor_id_and_more")]

    operations = [migrations.RunPython(forward, backward)]
