"""Nightly safety net (to run from `portail-nightly.service`): every issued invoice is archived right after its
issue by a background task; any that is still without its archive (a task that failed or was lost, history
imported from the previous system) is drawn from its snapshot and archived here."""

from django.core.management.base import BaseCommand, CommandError

from portail.billing.archive import invoices_archive_missing
from portail.core.formatting import count_fr


class Command(BaseCommand):
    help = "Archive le PDF des factures émises qui n'ont pas encore d'archive, à partir de leurs données figées."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None,
                            help="Nombre maximal de factures à archiver (toutes par défaut).")

    def handle(self, *args, limit=None, **options):
        archived, failed = invoices_archive_missing(limit=limit)
        self.stdout.write(f"{count_fr(archived, 'facture archivée')}.")
        if failed:
            raise CommandError(f"{count_fr(len(failed), 'facture non archivée', 'factures non archivées')}, à reprendre la nuit prochaine : "
                               f"{', '.join(failed)}.")
