import contextlib
import threading
from collections.abc import Callable
from datetime import timedelta

import factory
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.appointments import services
from portail.appointments.models import (
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    ComplianceSnapshot,
    Slot,
    VisitKind,
)
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    centre = factory.SubFactory(CentreFactory)
    professional = factory.SubFactory(TeamMemberFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=30))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    member = factory.LazyAttribute(lambda o: o.employee.member)
    employee = factory.SubFactory(EmployeeFactory)
    centre = factory.SubFactory(CentreFactory)
    professional = factory.SubFactory(TeamMemberFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=30))
    visit_kind = VisitKind.PERIODIC


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentRequest
        skip_postgeneration_save = True

    visit_kind = VisitKind.PERIODIC

    @factory.post_generation
    def employees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.employees.set(extracted)


def overdue_snapshot(employee, *, today, days_late: int) -> ComplianceSnapshot:
    """The employee's compliance snapshot computed `today`: a visit due `days_late` days ago, not held."""
    return ComplianceSnapshot.objects.create(
        employee=employee, member=employee.member, facts_changed=employee.facts_changed, computed_on=today,
        stable_until=today + timedelta(days=30), has_due=True, due_by=today - timedelta(days=days_late),
    )


def _reads_planned(filters: dict) -> bool:
    return filters.get("status") == AppointmentStatus.PLANNED


def booking_race(
    *attempts: Callable[[], object], lock: bool, waits_on: Callable[[dict], bool] = _reads_planned
) -> list[Exception | None]:
    """Runs each attempt in its own thread, all reading "is it free?" (an `Appointment.objects.filter` call
    whose keywords `waits_on` matches) before any of them writes, unless the row lock (`services.LOCK_SLOTS`,
    set to `lock`) serialises them. Returns each attempt's outcome in the order they end: None when it
    passed, else the exception it raised."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Exception | None] = []
    original_filter = Appointment.objects.filter

    def slow_filter(*args, **kwargs):
        qs = original_filter(*args, **kwargs)
        if waits_on(kwargs):
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=2)
        return qs

    def run(attempt: Callable[[], object]) -> None:
        try:
            with scopes_disabled():
                attempt()
            outcomes.append(None)
        except Exception as error:  # noqa: BLE001 - the loser is refused; the caller judges the outcomes
            outcomes.append(error)
        finally:
            connection.close()

    services.LOCK_SLOTS = lock
    Appointment.objects.filter = slow_filter  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        Appointment.objects.filter = original_filter  # type: ignore[method-assign]
        services.LOCK_SLOTS = True
    return outcomes
