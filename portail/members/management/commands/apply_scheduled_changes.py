"""Daily (systemd timer / cron): write on members' records the changes whose effective date has come."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from portail.members.services import scheduled_changes_apply


class Command(BaseCommand):
    help = "Applique les modifications programmées (changements d'adresse) arrivées à leur date d'effet."

    def handle(self, *args, **options):
        with scopes_disabled():
            count = scheduled_changes_apply()
        self.stdout.write(f"{count} modification(s) appliquée(s).")
