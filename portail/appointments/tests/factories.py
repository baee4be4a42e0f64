from datetime import timedelta

import factory
from django.utils import timezone

from portail.appointments.models import Appointment, AppointmentRequest, Slot, VisitKind
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
