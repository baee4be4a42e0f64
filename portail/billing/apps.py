from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "portail.billing"
    label = "billing"

    def ready(self) -> None:
        # Imports inside ready(): apps.py is imported before the models are loaded.
        # A radiation drops the invoice drafts of later years (issued invoices stay, visible and payable).
        from portail.billing.services import invoice_drafts_delete_after_radiation
        from portail.members.services import RADIATION_CONSEQUENCES

        if invoice_drafts_delete_after_radiation not in RADIATION_CONSEQUENCES:
            RADIATION_CONSEQUENCES.append(invoice_drafts_delete_after_radiation)
