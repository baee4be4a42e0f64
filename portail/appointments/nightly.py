"""The nightly `compliance_refresh`, in chunks of members that background tasks (django-tasks) share.

A run (ComplianceRun) is planned for one day: the members, in id order, cut into ranges of `chunk_size`
(ComplianceChunk rows). Each chunk is one task: it recategorizes the employees who turned 18, then recomputes the
stale compliance snapshots of its members, one query per kind of data for the whole range. N `db_worker`
processes divide the chunks between them; with the default ImmediateBackend (`make run`, tests) the command runs
them one after the other in its own process.

Restart: the work of a chunk is idempotent (a snapshot is recomputed only while stale, a category only while it
differs), so a chunk interrupted half-way is simply run again. A done chunk is never run again: the next command of
the same day resumes the unfinished run and enqueues only the chunks not done — failed ones, and running ones whose
claim is older than CLAIM_TIMEOUT (their worker died). Each chunk commits its own writes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from portail.appointments.models import ChunkStatus, ComplianceChunk, ComplianceRun
from portail.appointments.snapshots import snapshots_refresh_members
from portail.members.models import Member
from portail.workforce.services import employees_recategorize_members

logger = logging.getLogger(__name__)

# Members per chunk: at the L tier (15 employees a member on average) ≈ 3,000 employees, a few seconds of work,
# small enough for two workers to end together, large enough for the per-chunk queries not to matter.
CHUNK_MEMBERS = 200
# A chunk claimed longer ago than this is taken to have lost its worker (killed, machine restarted).
CLAIM_TIMEOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class RunSummary:
    chunks: int
    done: int
    failed: int
    refreshed: int
    recategorized: int
    claims: int = 0  # every time a worker took a chunk, retakes included

    @property
    def finished(self) -> bool:
        return self.done == self.chunks

    @property
    def progress(self) -> tuple[int, int, int]:
        """Changes whenever a worker takes or ends a chunk: what `compliance_refresh --wait` watches."""
        return self.done, self.failed, self.claims


def compliance_run_start(*, today: date, chunk_size: int = CHUNK_MEMBERS) -> tuple[ComplianceRun, bool]:
    """Today's unfinished run if there is one (resumed: True), else a new run with its chunks."""
    unfinished = ComplianceRun.objects.filter(day=today, finished_at__isnull=True).order_by("-pk").first()
    if unfinished is not None:
        # Two workers ending the last chunks at once may each have seen the other's still running.
        _finish_if_done(unfinished)
        unfinished.refresh_from_db(fields=["finished_at"])
        if unfinished.finished_at is None:
            return unfinished, True
    with scopes_disabled():
        ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        run = ComplianceRun.objects.create(day=today, chunk_size=chunk_size)
        ComplianceChunk.objects.bulk_create([
            ComplianceChunk(run=run, number=number, first_member_id=ids[start],
                            last_member_id=ids[min(start + chunk_size, len(ids)) - 1])
            for number, start in enumerate(range(0, len(ids), chunk_size), start=1)
        ])
        if not ids:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
    return run, False


def _claimable(now) -> Q:
    return ~Q(status=ChunkStatus.DONE) & (~Q(status=ChunkStatus.RUNNING) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))


def compliance_chunks_to_run(*, run: ComplianceRun) -> list[int]:
    """The ids of the run's chunks still to do: pending, failed, or claimed by a worker that is gone."""
    return list(run.chunks.filter(_claimable(timezone.now())).order_by("number").values_list("pk", flat=True))


def compliance_run_enqueue(*, run: ComplianceRun) -> int:
    """One task per chunk still to do; returns how many were enqueued."""
    chunk_ids = compliance_chunks_to_run(run=run)
    for chunk_id in chunk_ids:
        compliance_chunk_task.enqueue(chunk_id=chunk_id)
    return len(chunk_ids)


@task()
def compliance_chunk_task(chunk_id: int) -> int:
    return compliance_chunk_run(chunk_id=chunk_id)


def _claim(chunk_id: int) -> ComplianceChunk | None:
    """Take the chunk for this worker, unless it is done or another live worker has it (a task enqueued twice)."""
    now = timezone.now()
    taken = ComplianceChunk.objects.filter(Q(pk=chunk_id) & _claimable(now)).update(
        status=ChunkStatus.RUNNING, claimed_at=now, attempts=F("attempts") + 1, error="")
    return ComplianceChunk.objects.select_related("run").get(pk=chunk_id) if taken else None


def compliance_chunk_run(*, chunk_id: int) -> int:
    """Refresh one chunk; returns how many snapshots it recomputed (0 when it was not ours to run)."""
    chunk = _claim(chunk_id)
    if chunk is None:
        return 0
    try:
        with scopes_disabled():
            first, last, today = chunk.first_member_id, chunk.last_member_id, chunk.run.day
            # Added to an earlier attempt's: those employees are not counted again.
            chunk.recategorized += employees_recategorize_members(first_member_id=first, last_member_id=last,
                                                                  today=today)
            chunk.refreshed = snapshots_refresh_members(first_member_id=first, last_member_id=last, today=today)
    except Exception as error:
        # Visible on the chunk and retried by the next command; the worker's log keeps the traceback.
        logger.exception("compliance_refresh: chunk %s failed", chunk_id)
        chunk.status, chunk.error = ChunkStatus.FAILED, str(error)[:2000] or error.__class__.__name__
        chunk.save(update_fields=["status", "error", "recategorized"])
        raise
    chunk.status, chunk.finished_at = ChunkStatus.DONE, timezone.now()
    chunk.save(update_fields=["status", "finished_at", "recategorized", "refreshed"])
    _finish_if_done(chunk.run)
    return chunk.refreshed


def _finish_if_done(run: ComplianceRun) -> None:
    if not run.chunks.exclude(status=ChunkStatus.DONE).exists():
        ComplianceRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(finished_at=timezone.now())


def compliance_run_summary(*, run: ComplianceRun) -> RunSummary:
    chunks = run.chunks.all()
    totals = chunks.aggregate(refreshed=Sum("refreshed"), recategorized=Sum("recategorized"), claims=Sum("attempts"))
    return RunSummary(
        chunks=chunks.count(),
        done=chunks.filter(status=ChunkStatus.DONE).count(),
        failed=chunks.filter(status=ChunkStatus.FAILED).count(),
        refreshed=totals["refreshed"] or 0,
        recategorized=totals["recategorized"] or 0,
        claims=totals["claims"] or 0,
    )


def compliance_chunks_unfinished(*, run: ComplianceRun) -> list[ComplianceChunk]:
    """The run's chunks neither done nor failed, in order: pending, or taken by a worker that has not ended them."""
    return list(run.chunks.exclude(status__in=(ChunkStatus.DONE, ChunkStatus.FAILED)).order_by("number"))
