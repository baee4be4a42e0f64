"""`flush` that also works on SQLite, whose issued-invoice triggers (billing.db_guards) refuse the row deletes
it runs (PostgreSQL truncates, which row triggers do not see). The guards are dropped first; the post_migrate
signal that flush sends afterwards installs them again (billing.apps)."""

from django.core.management.commands import flush
from django.db import connections

from portail.billing.db_guards import sqlite_guards_drop


class Command(flush.Command):
    def handle(self, **options):
        sqlite_guards_drop(connections[options["database"]])
        return super().handle(**options)
