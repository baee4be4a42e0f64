from datetime import timedelta

import factory
from django.test import Client
from django.utils import timezone
from factory.django import DjangoModelFactory

from portail.accounts.models import AccountKind, Invitation, Mandate, Membership, User
from portail.accounts.roles import Role
from portail.accounts.selectors import token_hash
from portail.core.tenancy import SESSION_KEY
from portail.members.tests.factories import MemberFactory

PASSWORD = "Un-Mot-De-Passe-Solide-42"


def logged_in(user) -> Client:
    """A browser of its own logged in as `user` (beside the test's `client`, which another user may hold)."""
    client = Client()
    client.force_login(user)
    return client


def client_acting_for(user, member) -> Client:
    """A browser logged in as `user` (a mandataire, a named user) acting for `member`, as after choosing it."""
    client = logged_in(user)
    session = client.session
    session[SESSION_KEY] = member.pk
    session.save()
    return client


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


class NamedUserFactory(UserFactory):
    kind = AccountKind.USER
    member = None
    username = factory.Sequence(lambda n: f"personne{n}@example.org")
    email = factory.LazyAttribute(lambda u: u.username)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(NamedUserFactory)
    member = factory.SubFactory(MemberFactory)
    role = Role.ADMIN


class InvitationFactory(DjangoModelFactory):
    """Its link is `/invitation/<token>/`, the token being the factory's `token` parameter."""

    class Meta:
        model = Invitation
        exclude = ("token",)

    token = factory.Sequence(lambda n: f"jeton-invitation-{n:04d}")
    member = factory.SubFactory(MemberFactory)
    email = factory.Sequence(lambda n: f"invite{n}@example.org")
    role = Role.HR
    token_hash = factory.LazyAttribute(lambda i: token_hash(i.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
