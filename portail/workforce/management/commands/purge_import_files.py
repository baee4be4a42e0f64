"""Nightly job (systemd timer `portail-purge-imports.timer`): uploaded employee files hold clear NIRs, so
none may outlive an abandoned import by more than a day."""

from django.core.management.base import BaseCommand

from portail.workforce.import_tasks import import_files_purge


class Command(BaseCommand):
    help = "Supprime les fichiers d'import de salariés déposés il y a plus de 24 heures."

    def handle(self, *args, **options):
        count = import_files_purge()
        self.stdout.write(f"{count} fichier(s) d'import supprimé(s).")
