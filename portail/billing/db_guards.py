"""SQLite twin of the PostgreSQL triggers of migrations 0003/0008: an issued invoice, its lines and its archived
PDF are refused any change by the database itself, whatever the path (ORM, admin, raw SQL).

SQLite rebuilds a table for some schema changes and its triggers go with it: `sqlite_guards_install` runs after
every `migrate` (apps.py), `IF NOT EXISTS` making it a no-op when they are in place."""

INVOICE_COLUMNS = (
    "member_id", "kind", "series", "number", "sequence_value", "status", "issue_date", "due_date", "period_label",
    "period_year", "corrects_id", "total_ht", "total_vat", "total_ttc", "legacy", "snapshot",
)
LINE_COLUMNS = ("invoice_id", "position", "description", "quantity", "unit_price_ht", "vat_rate", "total_ht",
                "total_vat", "total_ttc")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _issued(ref: str) -> str:
    # Reviewed: `ref` is one of two constants of this module (NEW/OLD.invoice_id), never input.
    return f"(SELECT status FROM billing_invoice WHERE id = {ref}) = 'issued'"  # noqa: S608  # nosec B608


TRIGGERS = {
    "billing_invoice_protect_update": f"""BEFORE UPDATE ON billing_invoice FOR EACH ROW
        WHEN OLD.status = 'issued' AND ({_changed(INVOICE_COLUMNS)})
        BEGIN SELECT RAISE(ABORT, 'billing: issued invoice cannot be modified'); END""",
    "billing_invoice_protect_delete": """BEFORE DELETE ON billing_invoice FOR EACH ROW WHEN OLD.status = 'issued'
        BEGIN SELECT RAISE(ABORT, 'billing: issued invoice cannot be deleted'); END""",
    "billing_invoiceline_protect_insert": f"""BEFORE INSERT ON billing_invoiceline FOR EACH ROW
        WHEN {_issued("NEW.invoice_id")}
        BEGIN SELECT RAISE(ABORT, 'billing: lines of an issued invoice are read-only'); END""",
    "billing_invoiceline_protect_update": f"""BEFORE UPDATE ON billing_invoiceline FOR EACH ROW
        WHEN {_issued("OLD.invoice_id")} AND ({_changed(LINE_COLUMNS)})
        BEGIN SELECT RAISE(ABORT, 'billing: lines of an issued invoice are read-only'); END""",
    "billing_invoiceline_protect_delete": f"""BEFORE DELETE ON billing_invoiceline FOR EACH ROW
        WHEN {_issued("OLD.invoice_id")}
        BEGIN SELECT RAISE(ABORT, 'billing: lines of an issued invoice are read-only'); END""",
    "billing_invoicearchive_protect_insert": """BEFORE INSERT ON billing_invoicearchive FOR EACH ROW
        WHEN (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) IS NOT 'issued'
        BEGIN SELECT RAISE(ABORT, 'billing: only an issued invoice is archived'); END""",
    "billing_invoicearchive_protect_update": """BEFORE UPDATE ON billing_invoicearchive FOR EACH ROW
        BEGIN SELECT RAISE(ABORT, 'billing: the archived PDF cannot be changed'); END""",
    "billing_invoicearchive_protect_delete": """BEFORE DELETE ON billing_invoicearchive FOR EACH ROW
        BEGIN SELECT RAISE(ABORT, 'billing: the archived PDF cannot be deleted'); END""",
}


def sqlite_guards_install(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def sqlite_guards_drop(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
