"""One-row reads done on every portal request, with SQL written once per process.

Every logged-in page reads its session, its user and its current member before any of its own work. For such
one-row reads the ORM spends more CPU building the SQL and walking its iterators than PostgreSQL spends answering
(measured on this project: 0.50 ms for `User.objects.get(pk=…)` against 0.20 ms for the same row read by a cursor,
of which 0.13 ms is the round trip). These three reads are the whole per-request overhead of the portal above the
framework, so they go through `read_one`, which keeps the ORM's meaning: every concrete field, the backend's
converters (SQLite datetimes and booleans), and a model instance built by `Model.from_db` as a queryset does.

Only for hot, fixed-shape reads; everything else stays in the ORM.
"""

from functools import cache

from django.db import connections
from django.db.models import Model


@cache
def _select(model: type[Model], alias: str) -> tuple[str, list[str], list]:
    """SELECT list, attnames and per-column converters of a model's concrete fields (what a queryset reads)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = model._meta.concrete_fields
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in fields)
    converters = []
    for field in fields:
        column = field.get_col(model._meta.db_table)
        converters.append((column, connection.ops.get_db_converters(column) + field.get_db_converters(connection)))
    return columns, [field.attname for field in fields], converters


def read_one(model: type[Model], *, where: str, params: list | tuple, using: str = "default") -> Model | None:
    """The first row of `model` matching `where` (SQL over its quoted table, %s placeholders), or None.

    `where` must come from code, never from input: values go in `params`.
    """
    connection = connections[using]
    columns, attnames, converters = _select(model, using)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where} LIMIT 1", params)  # noqa: S608 # nosec B608
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, column_converters) in zip(row, converters, strict=True):
        for converter in column_converters:
            value = converter(value, column, connection)
        values.append(value)
    return model.from_db(using, attnames, values)


def quoted(model: type[Model], field_name: str, using: str = "default") -> str:
    """`"table"."column"` of a model field, for the `where` of read_one."""
    quote = connections[using].ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field_name).column)}"


def quote_name(name: str, using: str = "default") -> str:
    return connections[using].ops.quote_name(name)
