"""Nightly job (cron / systemd timer): recompute the compliance snapshots that time made stale, so
that no member's first home page of the day pays for it, and move to the adults' category those who
turned 18. Requests recompute them anyway if missed."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.appointments.snapshots import snapshots_refresh
from portail.members.models import Member
from portail.workforce.services import employees_recategorize


class Command(BaseCommand):
    help = "Recalcule les échéances de suivi des salariés dont les données ont changé ou que le temps a rendues caduques."

    def handle(self, *args, **options):
        total = recategorized = 0
        today = timezone.localdate()
        with scopes_disabled():
            for member in Member.objects.order_by("pk").iterator():
                recategorized += employees_recategorize(member=member, today=today)
                total += snapshots_refresh(member=member)
        self.stdout.write(f"{total} salarié(s) recalculé(s), dont {recategorized} changé(s) de catégorie.")
