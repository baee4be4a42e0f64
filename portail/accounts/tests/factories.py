import factory
from factory.django import DjangoModelFactory

from portail.accounts.models import AccountKind, Mandate, User
from portail.members.tests.factories import MemberFactory

PASSWORD = "Un-Mot-De-Passe-Solide-42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    kind = AccountKind.MEMBER
    member = factory.SubFactory(MemberFactory)
    password = factory.django.Password(PASSWORD)


class MemberUserFactory(UserFactory):
    username = factory.LazyAttribute(lambda u: u.member.number)


class MandataireFactory(UserFactory):
    kind = AccountKind.MANDATAIRE
    member = None
    username = factory.Sequence(lambda n: f"cabinet{n}")
    organisation = "Cabinet Test"


class StaffFactory(UserFactory):
    kind = AccountKind.STAFF
    member = None
    is_staff = True
    username = factory.Sequence(lambda n: f"staff{n}")
    password = factory.django.Password("Personnel-Tres-Solide-2026")


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate

    mandataire = factory.SubFactory(MandataireFactory)
    member = factory.SubFactory(MemberFactory)
