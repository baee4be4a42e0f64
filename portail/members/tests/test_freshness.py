"""Cached page summaries (members/freshness.py) are never older than the member's data: every kind of write
gives the member a new stamp, another member's writes do not, and a rolled-back write changes nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portail.activity.tests.factories import WorkplaceActionFactory
from portail.appointments.models import AppointmentStatus
from portail.appointments.services import appointment_outcome_record
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.billing.tests.factories import issued_invoice
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.members.freshness import member_cached
from portail.members.models import Member
from portail.members.tests.factories import MemberAddressFactory, MemberContactFactory
from portail.workforce import imports
from portail.workforce import nir as nirlib
from portail.workforce.services import employee_create
from portail.workforce.tests.factories import EmployeeFactory
from portail.workforce.tests.test_import import csv_bytes, line


def _stamp(member) -> int:
    return Member.objects.get(pk=member.pk).data_stamp


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def _read(member, compute) -> int:
    fresh = Member.objects.get(pk=member.pk)  # as the next request would load it
    return member_cached(member=fresh, name="test", compute=compute)


@pytest.mark.django_db
def test_a_summary_is_computed_once_then_again_after_the_member_s_data_changes(member_a):
    compute = Counter()
    assert _read(member_a, compute) == 1
    assert _read(member_a, compute) == 1
    EmployeeFactory(member=member_a)
    assert _read(member_a, compute) == 2


WRITES = {
    "salarié": lambda m: EmployeeFactory(member=m),
    "facture émise": lambda m: issued_invoice(m),
    "rendez-vous": lambda m: AppointmentFactory(employee=EmployeeFactory(member=m)),
    "demande de rendez-vous": lambda m: AppointmentRequestFactory(member=m),
    "action en milieu de travail": lambda m: WorkplaceActionFactory(member=m),
    "adresse": lambda m: MemberAddressFactory(member=m),
    "contact": lambda m: MemberContactFactory(member=m),
    "déclaration": lambda m: DeclarationFactory(member=m),
    "fiche adhérent": lambda m: Member.objects.get(pk=m.pk).save(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_each_kind_of_write_gives_the_member_a_new_stamp_and_leaves_others_alone(member_a, member_b, write):
    before_a, before_b = _stamp(member_a), _stamp(member_b)
    write(member_a)
    assert _stamp(member_a) != before_a
    assert _stamp(member_b) == before_b


@pytest.mark.django_db
def test_a_deleted_row_gives_a_new_stamp(member_a):
    employee = EmployeeFactory(member=member_a)
    before = _stamp(member_a)
    employee.delete()
    assert _stamp(member_a) != before


@pytest.mark.django_db
def test_a_status_written_by_update_gives_a_new_stamp(member_a, staff_user):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a),
                                     start=timezone.now() - timedelta(days=1))
    before = _stamp(member_a)
    appointment_outcome_record(appointment=appointment, actor=staff_user, status=AppointmentStatus.DONE,
                               version=appointment.version)
    assert _stamp(member_a) != before


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_stamp_as_it_was(member_a):
    before = _stamp(member_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        EmployeeFactory(member=member_a)
        raise RuntimeError
    assert _stamp(member_a) == before


@pytest.mark.django_db
def test_a_shared_setting_change_recomputes_every_member_s_summaries(member_a):
    compute = Counter()
    _read(member_a, compute)
    CampaignFactory(year=2031)
    assert _read(member_a, compute) == 2


@pytest.mark.django_db
def test_the_next_day_recomputes(member_a):
    compute = Counter()
    with time_machine.travel(date(2026, 3, 16), tick=False):
        _read(member_a, compute)
    with time_machine.travel(date(2026, 3, 17), tick=False):
        assert _read(member_a, compute) == 2


@pytest.mark.django_db
def test_an_import_of_many_rows_stamps_the_member_once(member_a, member_admin):
    plan = imports.plan_import(member=member_a, name="x.csv",
                               content=csv_bytes(*(line(f"NOM{i}", order=i + 1) for i in range(20))))
    before = _stamp(member_a)
    with CaptureQueriesContext(connection) as queries:
        imports.import_apply(member=member_a, actor=member_admin, plan=plan)
    stamps = [q for q in queries.captured_queries if "data_stamp" in q["sql"]]
    assert len(stamps) == 1
    assert _stamp(member_a) != before


def _incomplete_tile(client) -> int:
    tiles = {tile.key: tile for tile in client.get("/").context["tiles"]}
    return int(tiles["workforce"].value)


@pytest.mark.django_db
def test_home_counts_a_new_hire_right_after_a_cached_view(client_a, member_a, member_admin):
    EmployeeFactory(member=member_a, pcs_code="")
    assert _incomplete_tile(client_a) == 1
    assert _incomplete_tile(client_a) == 1  # served from the cache
    employee_create(member=member_a, actor=member_admin, data={
        "birth_name": "NOUVELLE", "first_name": "Aline", "birth_date": date(1990, 1, 2), "sex": "F",
        "hire_date": date.today(), "job_title": "Comptable", "contract": "CDI", "pcs_code": "",
        "nir": nirlib.generate(sex="F", birth_date=date(1990, 1, 2), order=7),
    })
    assert _incomplete_tile(client_a) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_row_held_by_another_writer_is_stamped_after_this_write_commits(member_a):
    """The other writer stamps first and commits first: without the second stamp, a summary computed between the
    two commits would be kept under the last stamp without this write's data."""
    import threading

    from django.db import connections

    from portail.members.freshness import members_touched

    if connection.vendor != "postgresql":
        pytest.skip("verrous de ligne : PostgreSQL")
    held, release, done = threading.Event(), threading.Event(), threading.Event()

    def other_writer():
        with transaction.atomic():
            Member.objects.select_for_update().get(pk=member_a.pk)
            members_touched(member_ids=[member_a.pk])  # its own stamp, then it commits before us
            held.set()
            release.wait(10)
        connections.close_all()
        done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert held.wait(10)
    with transaction.atomic():
        EmployeeFactory(member=member_a)  # our write: the member row is held, our stamp is skipped for now
        release.set()
        assert done.wait(10)  # the other writer has committed its stamp
        their_stamp = _stamp(member_a)
    thread.join()
    assert _stamp(member_a) != their_stamp  # stamped again after our commit
