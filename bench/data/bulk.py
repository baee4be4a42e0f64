"""Fast bulk inserts for scale data: COPY on PostgreSQL, bulk_create elsewhere."""

import json
from contextlib import contextmanager

from django.db import connection, transaction


def reserve_ids(model, count: int) -> int:
    """First id of a block of `count` ids for rows inserted with explicit keys (scale data only: one writer).
    Knowing the ids up front lets children (lines, allocations) be streamed without reading parents back."""
    from django.db.models import Max

    start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    if connection.vendor == "postgresql" and count:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count - 1])
    return start


def copy_rows(model, columns: list[str], rows, *, batch_size: int = 5_000) -> int:
    """Insert plain tuples (values ready for the database, in `columns` order, attnames): COPY on PostgreSQL,
    bulk_create elsewhere. Avoids building one model instance per row for millions of rows."""
    count = 0
    if connection.vendor != "postgresql":
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) >= batch_size:
                model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        model.objects.bulk_create(batch)
        return count + len(batch)
    fields, constants = _copy_fields(model, columns)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    dumped: dict[tuple, str] = {}  # scale data repeats a few small lists: serialise each once
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            if json_at:
                row = list(row)
                for i in json_at:
                    if not isinstance(row[i], list):
                        row[i] = json.dumps(row[i])
                        continue
                    key = tuple(row[i])
                    if key not in dumped:
                        dumped[key] = json.dumps(row[i])
                    row[i] = dumped[key]
            copy.write_row(tuple(row) + constants if constants else row)
            count += 1
    return count


def _copy_fields(model, columns: list[str]) -> tuple[list, tuple]:
    """The fields COPY lists: the caller's columns, then the NOT NULL fields it does not list with their
    constant database value."""
    fields = [model._meta.get_field(_field_name(model, c)) for c in columns]
    # A NOT NULL field the caller does not list (e.g. a `version` or an `answer` added later) gets its Django
    # default ("" for text), as bulk_create would give it: COPY has no model to fill it and the column has
    # no database default.
    defaults = [f for f in model._meta.concrete_fields
                if f not in fields and not f.null and not f.primary_key and f.get_default() is not None]
    constants = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaults)
    return fields + defaults, constants


def copy_text(model, columns: list[str], lines, *, chunk: int = 10_000) -> int:
    """PostgreSQL only: COPY lines the caller has already formatted in COPY text format (values in `columns`
    order, tab-separated, `\\N` for NULL, no newline at the end, only values that need no escaping).

    For the tables of millions of rows: an f-string per row costs a third of psycopg's per-value adaptation
    in write_row. Callers keep copy_rows for other databases."""
    fields, constants = _copy_fields(model, columns)
    end = "".join("\t" + _text(value) for value in constants) + "\n"  # the unlisted NOT NULL fields
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count, batch = 0, []
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for line in lines:
            batch.append(line)
            if len(batch) >= chunk:
                copy.write(end.join(batch) + end)
                count += len(batch)
                batch = []
        if batch:
            copy.write(end.join(batch) + end)
    return count + len(batch)


def _text(value) -> str:
    """One constant in COPY text format (the few types a field default takes)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@contextmanager
def deferred_indexes(model):
    """On PostgreSQL, drop the table's secondary indexes (not those backing a primary key or a unique
    constraint), let the caller load rows, then recreate them from their saved definitions — one sort per
    index instead of millions of insertions. All in one transaction: on failure nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        # Deferred foreign-key checks must run before an index can be built on the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        # Back to Django's default (its foreign keys are DEFERRABLE INITIALLY DEFERRED) for the rest of an
        # enclosing transaction.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _field_name(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model.__name__} has no column {attname}")
