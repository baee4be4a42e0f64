"""Nightly job (cron / systemd timer): recompute the compliance snapshots that time made stale, so
that no member's first home page of the day pays for it, and move to the adults' category those who
turned 18. Requests recompute them anyway if missed.

The members are cut into chunks, one background task each (portail.appointments.nightly): with
`TASKS_BACKEND=django_tasks_db.DatabaseBackend` the `db_worker` processes share them; with the default
ImmediateBackend they run here, one after the other. Run again the same day, the command resumes an
unfinished run and skips its done chunks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portail.appointments.nightly import (
    CHUNK_MEMBERS,
    compliance_run_enqueue,
    compliance_run_start,
    compliance_run_summary,
)


class Command(BaseCommand):
    help = "Recalcule les échéances de suivi des salariés dont les données ont changé ou que le temps a rendues caduques."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=CHUNK_MEMBERS,
                            help=f"Adhérents par lot (une tâche de fond par lot ; défaut {CHUNK_MEMBERS}).")
        parser.add_argument("--wait", action="store_true",
                            help="Attendre que les workers (db_worker) aient traité tous les lots.")
        parser.add_argument("--poll", type=float, default=2.0, help="Intervalle de vérification avec --wait (s).")

    def handle(self, *args, **options):
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size doit être au moins 1.")
        run, resumed = compliance_run_start(today=timezone.localdate(), chunk_size=options["chunk_size"])
        enqueued = compliance_run_enqueue(run=run)
        summary = compliance_run_summary(run=run)
        if resumed:
            self.stdout.write(f"Reprise du calcul du {run.day:%d/%m/%Y} : {summary.chunks - enqueued} lot(s) sur "
                              f"{summary.chunks} déjà faits ou en cours.")
        while options["wait"] and summary.done + summary.failed < summary.chunks:
            time.sleep(options["poll"])
            summary = compliance_run_summary(run=run)
        if summary.done + summary.failed < summary.chunks:
            self.stdout.write(f"{enqueued} lot(s) mis en file pour les workers ({summary.chunks} au total).")
            return
        self.stdout.write(f"{summary.refreshed} salarié(s) recalculé(s), dont {summary.recategorized} changé(s) de "
                          "catégorie.")
        if summary.failed:
            raise CommandError(f"{summary.failed} lot(s) en échec : relancez la commande pour les reprendre.")
