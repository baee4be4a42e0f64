"""On PostgreSQL the audit log refuses UPDATE and DELETE (issue 7 §5).

The audit app stays database-agnostic; the trigger lives here because the back office is what
makes the log a legal record. One narrow exception: Django's on_delete=SET_NULL on the actor
and member foreign keys must still work when an account or a member row is erased, so an UPDATE
that only blanks those two columns, and changes nothing else, is let through.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.member_id IS NULL OR NEW.member_id = OLD.member_id)
       AND (to_jsonb(NEW) - 'actor_id' - 'member_id') = (to_jsonb(OLD) - 'actor_id' - 'member_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the '%' of RAISE must not be taken for a placeholder.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
