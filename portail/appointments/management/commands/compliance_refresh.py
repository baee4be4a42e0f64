"""Nightly job (cron / systemd timer): recompute the compliance snapshots that time made stale, so
that no member's first home page of the day pays for it. Requests recompute them anyway if missed."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from portail.appointments.snapshots import snapshots_refresh
from portail.members.models import Member


class Command(BaseCommand):
    help = "Recalcule les échéances de suivi des salariés dont les données ont changé ou que le temps a rendues caduques."

    def handle(self, *args, **options):
        total = 0
        with scopes_disabled():
            for member in Member.objects.order_by("pk").iterator():
                total += snapshots_refresh(member=member)
        self.stdout.write(f"{total} salarié(s) recalculé(s).")
