"""Fast bulk inserts for scale data: COPY on PostgreSQL, bulk_create elsewhere."""

import json

from django.db import connection


def bulk_insert(model, objects: list, *, batch_size: int = 5_000) -> None:
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objects:
                f.pre_save(obj, add=True)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([_value(f, obj) for f in fields])


def _value(field, obj):
    value = field.get_db_prep_save(getattr(obj, field.attname), connection)
    if field.get_internal_type() == "JSONField":
        return json.dumps(getattr(obj, field.attname))
    return value
