"""Nightly job (cron / systemd timer): recompute the compliance snapshots that time made stale, so
that no member's first home page of the day pays for it, and move to the adults' category those who
turned 18. Requests recompute them anyway if missed.

The members are cut into chunks, one background task each (portail.appointments.nightly): with
`TASKS_BACKEND=django_tasks_db.DatabaseBackend` the `db_worker` processes share them; with the default
ImmediateBackend they run here, one after the other. Run again the same day, the command resumes an
unfinished run and skips its done chunks.

`--wait` gives up, with a non-zero status, once no worker has taken or ended a chunk for `--timeout` minutes
(by default the delay after which a chunk taken by a vanished worker is retaken): a dead worker must not keep
the timer's unit, or a deployment script, waiting for ever."""

from datetime import timedelta
from time import sleep

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portail.appointments.models import ChunkStatus, ComplianceRun
from portail.appointments.nightly import (
    CHUNK_MEMBERS,
    CLAIM_TIMEOUT,
    compliance_chunks_unfinished,
    compliance_run_enqueue,
    compliance_run_start,
    compliance_run_summary,
)

DEFAULT_TIMEOUT_MINUTES = CLAIM_TIMEOUT.total_seconds() / 60
STUCK_LISTED = 20


class Command(BaseCommand):
    help = "Recalcule les échéances de suivi des salariés dont les données ont changé ou que le temps a rendues caduques."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=CHUNK_MEMBERS,
                            help=f"Adhérents par lot (une tâche de fond par lot ; défaut {CHUNK_MEMBERS}).")
        parser.add_argument("--wait", action="store_true",
                            help="Attendre que les workers (db_worker) aient traité tous les lots.")
        parser.add_argument("--poll", type=float, default=2.0, help="Intervalle de vérification avec --wait (s).")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_MINUTES,
                            help="Avec --wait : abandonner (en échec) quand aucun lot n'a été pris ni terminé depuis "
                                 f"ce nombre de minutes (défaut {DEFAULT_TIMEOUT_MINUTES:g}, le délai de reprise "
                                 "d'un lot pris par un worker disparu).")

    def handle(self, *args, **options):
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size doit être au moins 1.")
        if options["timeout"] <= 0:
            raise CommandError("--timeout doit être un nombre de minutes supérieur à 0.")
        run, resumed = compliance_run_start(today=timezone.localdate(), chunk_size=options["chunk_size"])
        enqueued = compliance_run_enqueue(run=run)
        summary = compliance_run_summary(run=run)
        if resumed:
            self.stdout.write(f"Reprise du calcul du {run.day:%d/%m/%Y} : {summary.chunks - enqueued} lot(s) sur "
                              f"{summary.chunks} déjà faits ou en cours.")
        stall = timedelta(minutes=options["timeout"])
        progress, moved = summary.progress, timezone.now()
        while options["wait"] and summary.done + summary.failed < summary.chunks:
            sleep(options["poll"])
            summary = compliance_run_summary(run=run)
            if summary.progress != progress:
                progress, moved = summary.progress, timezone.now()
            elif timezone.now() - moved > stall:
                raise CommandError(self._stalled(run, options["timeout"], summary.done, summary.chunks))
        if summary.done + summary.failed < summary.chunks:
            self.stdout.write(f"{enqueued} lot(s) mis en file pour les workers ({summary.chunks} au total).")
            return
        self.stdout.write(f"{summary.refreshed} salarié(s) recalculé(s), dont {summary.recategorized} changé(s) de "
                          "catégorie.")
        if summary.failed:
            raise CommandError(f"{summary.failed} lot(s) en échec : relancez la commande pour les reprendre.")

    @staticmethod
    def _stalled(run: ComplianceRun, minutes: float, done: int, chunks: int) -> str:
        stuck = []
        for chunk in compliance_chunks_unfinished(run=run):
            if chunk.status == ChunkStatus.RUNNING and chunk.claimed_at is not None:
                taken = timezone.localtime(chunk.claimed_at)
                stuck.append(f"lot {chunk.number} (pris par un worker le {taken:%d/%m/%Y à %H:%M}, jamais terminé)")
            else:
                stuck.append(f"lot {chunk.number} (jamais pris par un worker)")
        if len(stuck) > STUCK_LISTED:  # no worker at all leaves every chunk pending: the first ones say enough
            stuck = [*stuck[:STUCK_LISTED], f"et {len(stuck) - STUCK_LISTED} autre(s)"]
        return (f"Attente abandonnée : aucun lot n'a avancé depuis {minutes:g} minutes ({done} lot(s) terminé(s) "
                f"sur {chunks}). Lots bloqués : {', '.join(stuck)}. Vérifiez que les workers (portail-worker) "
                "tournent, puis relancez la commande : elle reprendra ces lots.")
