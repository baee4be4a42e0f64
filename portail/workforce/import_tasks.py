"""Large imports run as a django-tasks background task, tracked by an ImportJob row.

The task first validates every row (phase "check"), then writes them (phase "write"); the
page shows "N / M lignes" for the current phase.

Atomicity: the rows are written by `imports.import_apply`, one transaction around all the writes,
so a failure on the last row writes nothing. Progress: the page polls the job's `done` counter
while that transaction is open. On PostgreSQL the job row is therefore updated through a second,
autocommit connection (`_progress_writer`: the ORM under an alias of its own), otherwise the update
would stay invisible until the final commit. On SQLite (dev/tests, ImmediateBackend) a second writer would only lock the file,
and the task finishes within the request anyway, so progress goes through the default connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task

from portail.audit.services import event_record
from portail.dsn import DsnError
from portail.workforce import dsn_sync, import_files, imports, nir
from portail.workforce.dsn_stored import dsn_unseal
from portail.workforce.models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)
DEFAULT_BACKGROUND_ROWS = 2000
IMPORT_DIR = "imports"
MAX_FILE_AGE = timedelta(hours=24)


def background_threshold() -> int:
    """Above this many rows, applying an import runs in the background."""
    return int(getattr(settings, "WORKFORCE_IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))


def import_job_start(*, member, actor, name: str, path: str, mapping: list[str], total: int,
                     valid_only: bool = False) -> ImportJob:
    """Create the job and enqueue it; the uploaded file at `path` now belongs to the job."""
    job = ImportJob.objects.create(
        member=member, created_by=actor, name=name[:255], path=path, mapping=mapping, total=total,
        valid_only=valid_only,
    )
    event_record(
        action="employee.import_started",
        actor=actor,
        member=member,
        obj=job,
        summary=f"Import en arrière-plan de {total} lignes",
        data={"total": total},
    )
    import_job_run.enqueue(job_id=job.pk)
    return job


def dsn_job_start(*, member, actor, name: str, path: str, choice: dict[str, list], total: int) -> ImportJob:
    """The same for a DSN: `path` holds its parsed result (portail.dsn.stored), `choice` what the preview kept."""
    job = ImportJob.objects.create(member=member, created_by=actor, kind="dsn", name=name[:255], path=path,
                                   choice=choice, total=total, phase="write")
    event_record(action="employee.dsn_import_started", actor=actor, member=member, obj=job,
                 summary=f"Application en arrière-plan d'une DSN de {total} salariés", data={"total": total})
    import_job_run.enqueue(job_id=job.pk)
    return job


@task()
def import_job_run(job_id: int) -> None:
    with scopes_disabled():
        job = ImportJob.objects.select_related("member", "created_by").get(pk=job_id)
    if job.finished:  # a retried task must not import twice
        return
    with scope(member=job.member):
        _run(job)


def _run(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)
    try:
        if not default_storage.exists(job.path):
            raise import_files.ImportRefused("Le fichier déposé n'est plus disponible : déposez-le de nouveau.")
        with default_storage.open(job.path, "rb") as handle:
            content = handle.read()
        plan: imports.ImportPlan | dsn_sync.DsnPlan = _dsn(job, content) if job.kind == "dsn" else _csv(job, content)
    except Exception as error:  # the job must end in a state the page can show, whatever happened
        if isinstance(error, DsnError):
            error = import_files.ImportRefused(f"{error} Rien n'a été enregistré.")
        if not isinstance(error, import_files.ImportRefused):
            logger.exception("Background import %s failed", job.pk)
            error = import_files.ImportRefused("Une erreur inattendue a interrompu l'import : rien n'a été importé.")
        job.status = ImportJobStatus.FAILED
        job.errors = [[0, "", str(error)], *job.errors]
        job.done = 0
    else:
        job.status = ImportJobStatus.DONE
        # A DSN's rows to review were left out by the preview already; the job page says so again after the apply.
        actions = (*dsn_sync.ACTIONS, "review") if job.kind == "dsn" else ("create", "update", "exit", "unchanged")
        job.counts = {a: plan.count(a) for a in actions}
        job.done = job.total = len(plan.rows)
    finally:
        # The file holds clear NIRs: it goes whatever happened, and so does the job's pointer to it.
        if job.path and default_storage.exists(job.path):
            default_storage.delete(job.path)
        job.path = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "counts", "done", "total", "finished_at", "path"])


def _dsn(job: ImportJob, content: bytes) -> dsn_sync.DsnPlan:
    dsn = dsn_unseal(content)
    choice = dsn_sync.DsnChoice(actions=frozenset(job.choice.get("actions", ())),
                                excluded=frozenset(job.choice.get("excluded", ())))
    establishments = [e for e in dsn.establishments if e.siret == job.member.siret]
    with _progress_writer(job.pk, phase="write") as progress:
        return dsn_sync.dsn_apply(member=job.member, actor=job.created_by, dsn=dsn, establishments=establishments,
                                  choice=choice, progress=progress,
                                  nir_full=dsn_sync.dsn_job_nir_full(user=job.created_by, member_id=job.member_id))


def _csv(job: ImportJob, sealed: bytes) -> imports.ImportPlan:
    content = nir.decrypt_bytes(sealed)  # stored encrypted by the upload (import_views._stash)
    if content is None:
        raise import_files.ImportRefused("Le fichier déposé n'est plus lisible : déposez-le de nouveau.")
    with _progress_writer(job.pk, phase="check") as progress:
        plan = imports.plan_import(
            member=job.member, name=job.name, content=content, mapping=job.mapping, progress=progress,
            nir_full=_nir_full(job),
        )
    if plan.errors:
        job.errors = [list(e) for e in plan.errors[:500]]
        if not job.valid_only:
            raise import_files.ImportRefused("Le fichier contient des erreurs : rien n'a été importé.")
    with _progress_writer(job.pk, phase="write") as progress:
        return imports.import_apply(member=job.member, actor=job.created_by, plan=plan, progress=progress,
                                    valid_only=job.valid_only)


def _nir_full(job: ImportJob) -> bool:
    """As on the preview (import_views._nir_full), with the role the account holds in the member now: a row's NIR
    finds the employee it updates only for whom NIRs are shown in clear."""
    return nir.nir_full_in(user=job.created_by, member_id=job.member_id)


class _progress_writer:  # noqa: N801 - used as a context manager
    """Yields progress(done): through a separate autocommit connection on PostgreSQL (see module doc)."""

    SIDE_ALIAS = "import_progress"

    def __init__(self, job_id: int, phase: str = "write"):
        self.job_id = job_id
        self.phase = phase
        self.using = DEFAULT_DB_ALIAS

    def __enter__(self) -> Callable[[int], None]:
        default = connections[DEFAULT_DB_ALIAS]
        # Always on PostgreSQL: the writer is entered before the transaction of the writes opens (import_apply,
        # dsn_apply), and an update through the default connection would then wait for its commit to be seen.
        if default.vendor == "postgresql":
            # A second connection to the same database, known to the ORM under an alias of its own.
            connections[self.SIDE_ALIAS] = type(default)(default.settings_dict, self.SIDE_ALIAS)
            self.using = self.SIDE_ALIAS
        self.update(0)
        return self.update

    def __exit__(self, *exc) -> None:
        if self.using == self.SIDE_ALIAS:
            connections[self.SIDE_ALIAS].close()
            del connections[self.SIDE_ALIAS]

    def update(self, done: int) -> None:
        ImportJob.objects.using(self.using).filter(pk=self.job_id).update(done=done, phase=self.phase)


def _stored_files(directory: str):
    """Every file under `directory` of the default storage, at any depth."""
    if not default_storage.exists(directory):
        return
    subdirectories, files = default_storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}"
    for sub in subdirectories:
        yield from _stored_files(f"{directory}/{sub}")


def import_files_purge(*, now: datetime | None = None) -> int:
    """Delete uploaded import files older than 24 h (an abandoned import, a job whose worker never ran),
    and clear the path their job kept; a job that never finished is marked failed. Returns the file count."""
    now = now or timezone.now()
    cutoff = now - MAX_FILE_AGE
    deleted = 0
    for path in list(_stored_files(IMPORT_DIR)):
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    with scopes_disabled():
        stale = ImportJob.objects.filter(created_at__lt=cutoff).exclude(path="")
        for job in stale:
            if default_storage.exists(job.path):
                default_storage.delete(job.path)
                deleted += 1
        stale.exclude(status__in=(ImportJobStatus.DONE, ImportJobStatus.FAILED)).update(
            status=ImportJobStatus.FAILED, finished_at=now,
            errors=[[0, "", "Le fichier déposé n'est plus disponible : déposez-le de nouveau."]],
        )
        stale.update(path="")
    return deleted
