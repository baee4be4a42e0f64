"""Nightly job (systemd timer `portail-purge-imports.timer`): uploaded employee files hold clear NIRs, so
none may outlive an abandoned import by more than a day."""

from django.core.management.base import BaseCommand

from portail.core.formatting import count_fr
from portail.workforce.import_tasks import import_files_purge


class Command(BaseCommand):
    help = "Supprime les fichiers d'import de salariés déposés il y a plus de 24 heures."

    def handle(self, *args, **options):
        count = import_files_purge()
        self.stdout.write(count_fr(count, "fichier d'import supprimé", "fichiers d'import supprimés") + ".")
