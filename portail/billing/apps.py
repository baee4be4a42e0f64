from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from portail.billing.db_guards import sqlite_guards_install


def _sqlite_guards(sender, using, **kwargs) -> None:
    sqlite_guards_install(connections[using])


class BillingConfig(AppConfig):
    name = "portail.billing"
    label = "billing"

    def ready(self) -> None:
        # Schema, not business logic: a later migration rebuilding a table on SQLite drops its triggers.
        post_migrate.connect(_sqlite_guards, sender=self)
        # Imports inside ready(): apps.py is imported before the models are loaded.
        # A radiation drops the invoice drafts of later years (issued invoices stay, visible and payable).
        from portail.billing.services import invoice_drafts_delete_after_radiation
        from portail.members.services import RADIATION_CONSEQUENCES

        if invoice_drafts_delete_after_radiation not in RADIATION_CONSEQUENCES:
            RADIATION_CONSEQUENCES.append(invoice_drafts_delete_after_radiation)
