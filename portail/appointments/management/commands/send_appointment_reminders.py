"""Periodic job (cron / systemd timer, e.g. hourly): e-mail the 7-day and 1-day reminders once each."""

from django.core.management.base import BaseCommand

from portail.appointments.services import reminders_send


class Command(BaseCommand):
    help = "Envoie les rappels de rendez-vous à J-7 et J-1 (chaque rappel une seule fois)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
