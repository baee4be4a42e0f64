from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from portail.core.formatting import count_fr, money_fr
from portail.declarations.late_additions import late_additions_bill
from portail.declarations.models import Campaign


class Command(BaseCommand):
    help = "Facture les salariés embauchés après la déclaration d'effectif (un avis par adhérent). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, default=date.today().year, help="année de la campagne")

    def handle(self, *args, annee: int, **options):
        with scopes_disabled():
            campaign = Campaign.objects.filter(year=annee).first()
            if campaign is None:
                raise CommandError(f"Aucune campagne de déclaration {annee}.")
            invoices = late_additions_bill(campaign=campaign)
        total = sum(i.total_ttc for i in invoices)
        self.stdout.write(f"{count_fr(len(invoices), 'facture émise')} pour {annee}, {money_fr(total)} TTC.")
