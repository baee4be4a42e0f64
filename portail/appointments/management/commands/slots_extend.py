"""Daily job (cron / systemd timer): generate the slots of the weekly patterns up to the horizon."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from portail.appointments.availability import HORIZON_DAYS, slots_extend


class Command(BaseCommand):
    help = f"Génère les créneaux des disponibilités hebdomadaires sur les {HORIZON_DAYS} prochains jours."

    def handle(self, *args, **options):
        with scopes_disabled():
            created = slots_extend()
        self.stdout.write(f"{created} créneau(x) créé(s).")
