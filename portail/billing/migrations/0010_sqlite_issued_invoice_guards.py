"""Issued-invoice protection on SQLite too (billing.db_guards): the PostgreSQL triggers of 0003/0008 had no
SQLite equivalent, so `make run` and the SQLite test suite let an issued invoice be edited."""

from django.db import migrations


def forward(apps, schema_editor):
    from portail.billing.db_guards import sqlite_guards_install

    sqlite_guards_install(schema_editor.connection)


def backward(apps, schema_editor):
    from portail.billing.db_guards import sqlite_guards_drop

    sqlite_guards_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("billing", "0009_sepa_collections_dunning_credit")]

    operations = [migrations.RunPython(forward, backward)]
