"""The nightly compliance_refresh in chunks of members (background tasks): the same snapshots and categories as the
member-by-member pass, resumed after a crash without redoing the done chunks, a failed chunk retried."""

from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.appointments import nightly
from portail.appointments.models import (
    AppointmentStatus,
    ChunkStatus,
    ComplianceChunk,
    ComplianceRun,
    ComplianceSnapshot,
    VisitKind,
)
from portail.appointments.snapshots import snapshots_refresh
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.members.models import Member
from portail.members.tests.factories import MemberFactory
from portail.workforce.models import Employee
from portail.workforce.services import employees_recategorize
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")
NIGHT = datetime(2026, 12, 10, 2, tzinfo=PARIS)
SNAPSHOT_FIELDS = ("employee_id", "member_id", "facts_changed", "computed_on", "stable_until", "has_due", "due_by",
                   "before_assignment", "exit_date")


@pytest.fixture(autouse=True)
def _frozen_night():
    with time_machine.travel(NIGHT, tick=False):
        yield


def _held(employee, on: date, kind=VisitKind.PERIODIC):
    AppointmentFactory(employee=employee, visit_kind=kind, status=AppointmentStatus.DONE,
                       start=datetime.combine(on, time(9), tzinfo=PARIS))


def _workforce(member, n: int):
    """A few employees of every kind the rules tell apart, different per member."""
    EmployeeFactory(member=member, hire_date=date(2026, 11, 2 + n))
    EmployeeFactory(member=member, hire_date=date(2020, 1, 6))
    _held(EmployeeFactory(member=member, hire_date=date(2019, 1, 6)), date(2025, 10, 1 + n))
    _held(EmployeeFactory(member=member, hire_date=date(2018, 3, 1), determinants=["CMR"], declared_category="SIR"),
          date(2024, 1, 10), kind=VisitKind.HIRING)
    # Turns 18 tonight (member 0) or later: the stored category follows on the birthday.
    minor = EmployeeFactory(member=member, birth_date=date(2008, 12, 10 + n), hire_date=date(2025, 1, 6),
                            determinants=["NONE"], declared_category="SIA")
    _held(minor, date(2025, 2, 3), kind=VisitKind.HIRING)
    away = EmployeeFactory(member=member, hire_date=date(2021, 5, 3))
    AppointmentRequestFactory(member=member, employees=[away], visit_kind=VisitKind.RETURN,
                              absence_type="ILLNESS", absence_start=date(2026, 9, 1), absence_end=date(2026, 11, 30))
    EmployeeFactory(member=member, hire_date=date(2020, 1, 6), exit_date=date(2026, 6, 30))
    EmployeeFactory(member=member, hire_date=date(2020, 1, 6), exit_date=date(2026, 12, 31))


@pytest.fixture
def members(db):
    created = [MemberFactory() for _ in range(5)]
    for n, member in enumerate(created):
        _workforce(member, n)
    return created


def _state() -> tuple[list[tuple], list[tuple]]:
    with scopes_disabled():
        snapshots = list(ComplianceSnapshot.objects.order_by("employee_id").values_list(*SNAPSHOT_FIELDS))
        categories = list(Employee.objects.order_by("pk").values_list("pk", "declared_category", "updated"))
    return snapshots, categories


def _reset(categories: list[tuple]) -> None:
    """Back to the state before any nightly pass: no snapshot, the categories as they were (update() leaves
    Employee.updated alone)."""
    with scopes_disabled():
        ComplianceSnapshot.objects.all().delete()
        for pk, category, _updated in categories:
            Employee.objects.filter(pk=pk).update(declared_category=category)


def _sequential() -> tuple[list[tuple], list[tuple]]:
    """The member-by-member pass the command made before the chunks."""
    today = timezone.localdate()
    with scopes_disabled():
        for member in Member.objects.order_by("pk"):
            employees_recategorize(member=member, today=today)
            snapshots_refresh(member=member, today=today)
    return _state()


def _command(*args: str) -> str:
    out = StringIO()
    call_command("compliance_refresh", *args, stdout=out)
    return out.getvalue()


def _chunks() -> list[ComplianceChunk]:
    return list(ComplianceChunk.objects.order_by("number"))


@pytest.mark.parametrize("chunk_size", [1, 2, 200])
def test_chunked_run_gives_the_same_snapshots_and_categories_as_member_by_member(members, chunk_size):
    before = _state()
    expected = _sequential()
    assert len(expected[0]) == 5 * 7  # every present employee, and the one leaving at the end of the month
    assert expected[1] != before[1]  # the minor of the first member came of age tonight
    _reset(before[1])

    assert "35 salarié(s) recalculé(s), dont 1 changé(s) de catégorie." in _command("--chunk-size", str(chunk_size))

    assert _state() == expected
    run = ComplianceRun.objects.get()
    assert run.finished_at is not None and run.day == date(2026, 12, 10)
    assert [c.status for c in _chunks()] == [ChunkStatus.DONE] * len(range(0, 5, chunk_size))


def test_chunks_cover_every_member_once_in_id_order(members):
    run, resumed = nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)
    ids = sorted(m.pk for m in members)
    assert not resumed
    assert [(c.first_member_id, c.last_member_id) for c in _chunks()] == [
        (ids[0], ids[1]), (ids[2], ids[3]), (ids[4], ids[4])]


def test_a_restart_skips_the_chunks_done_before_the_crash(members):
    before = _state()
    expected = _sequential()
    _reset(before[1])
    run, _ = nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)
    first, second, third = _chunks()
    nightly.compliance_chunk_run(chunk_id=first.pk)  # then the process died

    out = _command("--chunk-size", "2")

    assert "Reprise du calcul du 10/12/2026 : 1 lot(s) sur 3 déjà faits ou en cours." in out
    assert "35 salarié(s) recalculé(s)" in out  # the night's total, the first chunk's rows included
    assert [c.attempts for c in _chunks()] == [1, 1, 1]
    assert ComplianceRun.objects.count() == 1
    assert _state() == expected


def test_a_failed_chunk_is_retried_by_the_next_command_and_the_others_are_not(members, monkeypatch):
    before = _state()
    expected = _sequential()
    _reset(before[1])
    refresh = nightly.snapshots_refresh_members
    ids = sorted(m.pk for m in members)

    def crash_on_the_second_chunk(**bounds):
        if bounds["first_member_id"] == ids[2]:
            raise RuntimeError("connexion perdue")
        return refresh(**bounds)

    monkeypatch.setattr(nightly, "snapshots_refresh_members", crash_on_the_second_chunk)
    with pytest.raises(CommandError, match="1 lot"):
        _command("--chunk-size", "2")
    assert [(c.status, c.error) for c in _chunks()] == [
        (ChunkStatus.DONE, ""), (ChunkStatus.FAILED, "connexion perdue"), (ChunkStatus.DONE, "")]
    assert ComplianceRun.objects.get().finished_at is None

    monkeypatch.setattr(nightly, "snapshots_refresh_members", refresh)
    out = _command("--chunk-size", "2")

    assert "2 lot(s) sur 3 déjà faits" in out
    assert "dont 1 changé(s) de catégorie" in out  # recategorized in the failed attempt, counted once
    assert [(c.status, c.attempts) for c in _chunks()] == [
        (ChunkStatus.DONE, 1), (ChunkStatus.DONE, 2), (ChunkStatus.DONE, 1)]
    assert ComplianceRun.objects.get().finished_at is not None
    assert _state() == expected


def test_a_chunk_whose_worker_died_is_taken_again_but_not_one_still_running(members):
    run, _ = nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)
    first, second, third = _chunks()
    long_ago = timezone.now() - nightly.CLAIM_TIMEOUT - timedelta(minutes=1)
    ComplianceChunk.objects.filter(pk=first.pk).update(status=ChunkStatus.RUNNING, claimed_at=long_ago, attempts=1)
    ComplianceChunk.objects.filter(pk=second.pk).update(status=ChunkStatus.RUNNING, claimed_at=timezone.now(),
                                                        attempts=1)

    assert nightly.compliance_chunks_to_run(run=run) == [first.pk, third.pk]
    assert nightly.compliance_chunk_run(chunk_id=second.pk) == 0  # another worker has it: not run twice
    assert nightly.compliance_chunk_run(chunk_id=first.pk) > 0
    first.refresh_from_db()
    assert (first.status, first.attempts) == (ChunkStatus.DONE, 2)
    assert nightly.compliance_chunk_run(chunk_id=first.pk) == 0  # a task delivered twice: done stays done


def test_a_finished_run_is_not_resumed_and_another_day_starts_a_new_run(members):
    assert "35 salarié(s)" in _command()
    assert "0 salarié(s)" in _command()  # same day, nothing stale: a new, empty-handed run
    assert ComplianceRun.objects.count() == 2

    nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)  # unfinished, then the day passed
    with time_machine.travel(NIGHT + timedelta(days=1), tick=False):
        out = _command()
    assert "Reprise" not in out
    assert ComplianceRun.objects.filter(day=date(2026, 12, 11), finished_at__isnull=False).count() == 1


def test_a_run_whose_chunks_all_ended_is_not_resumed_even_if_left_unfinished(members):
    """Two workers ending the last two chunks at once may each see the other's as running: nobody closes the run."""
    run, _ = nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)
    run.chunks.update(status=ChunkStatus.DONE)

    out = _command("--chunk-size", "2")

    assert "Reprise" not in out and "35 salarié(s) recalculé(s)" in out
    run.refresh_from_db()
    assert run.finished_at is not None
    assert ComplianceRun.objects.filter(finished_at__isnull=False).count() == 2


def test_with_a_task_queue_the_command_only_enqueues_the_chunks(members, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = _command("--chunk-size", "2")
    assert "3 lot(s) mis en file pour les workers (3 au total)." in out
    assert [c.status for c in _chunks()] == [ChunkStatus.PENDING] * 3
    with scopes_disabled():
        assert not ComplianceSnapshot.objects.exists()


def test_a_bad_chunk_size_is_refused(db):
    with pytest.raises(CommandError, match="au moins 1"):
        _command("--chunk-size", "0")


def _queue_without_running(settings):
    """A task queue (db_worker) whose workers run only what the test says."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_wait_gives_up_naming_the_stuck_chunks_when_no_worker_moves(members, settings, monkeypatch):
    _queue_without_running(settings)
    run, _ = nightly.compliance_run_start(today=date(2026, 12, 10), chunk_size=2)
    first, second, _third = _chunks()
    nightly.compliance_chunk_run(chunk_id=first.pk)
    ComplianceChunk.objects.filter(pk=second.pk).update(status=ChunkStatus.RUNNING, claimed_at=timezone.now(),
                                                        attempts=1)  # its worker then vanished
    waited = []
    with time_machine.travel(NIGHT, tick=False) as clock:
        def sleep(seconds):
            waited.append(seconds)
            clock.shift(timedelta(seconds=seconds))

        monkeypatch.setattr("portail.appointments.management.commands.compliance_refresh.sleep", sleep)
        with pytest.raises(CommandError) as refused:
            _command("--wait", "--poll", "60")
    message = str(refused.value)
    assert "aucun lot n'a avancé depuis 15 minutes (1 lot(s) terminé(s) sur 3)" in message
    assert "lot 2 (pris par un worker le 10/12/2026 à 02:00, jamais terminé)" in message
    assert "lot 3 (jamais pris par un worker)" in message and "lot 1 " not in message
    assert "relancez la commande" in message
    assert 15 * 60 < sum(waited) <= 17 * 60


def test_wait_goes_on_while_workers_end_chunks_however_long_the_whole(members, settings, monkeypatch):
    _queue_without_running(settings)
    with time_machine.travel(NIGHT, tick=False) as clock:
        def sleep(seconds):  # a slow worker: one chunk every 10 minutes, 30 in all
            clock.shift(timedelta(minutes=10))
            pending = nightly.compliance_chunks_unfinished(run=ComplianceRun.objects.get())
            nightly.compliance_chunk_run(chunk_id=pending[0].pk)

        monkeypatch.setattr("portail.appointments.management.commands.compliance_refresh.sleep", sleep)
        out = _command("--wait", "--chunk-size", "2")
    assert "35 salarié(s) recalculé(s)" in out
    assert all(c.status == ChunkStatus.DONE for c in _chunks())


def test_wait_takes_a_shorter_timeout(members, settings, monkeypatch):
    _queue_without_running(settings)
    with time_machine.travel(NIGHT, tick=False) as clock:
        monkeypatch.setattr("portail.appointments.management.commands.compliance_refresh.sleep",
                            lambda seconds: clock.shift(timedelta(seconds=seconds)))
        with pytest.raises(CommandError, match="depuis 2 minutes"):
            _command("--wait", "--timeout", "2", "--poll", "30", "--chunk-size", "2")
    with pytest.raises(CommandError, match="supérieur à 0"):
        _command("--wait", "--timeout", "0")
