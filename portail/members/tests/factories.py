import factory
from factory.django import DjangoModelFactory

from portail.core.identifiers import siren_from, siret_from
from portail.members.models import (
    CareTeam,
    Centre,
    Member,
    MemberAddress,
    MemberContact,
    TeamMember,
    TeamRole,
)


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    address_line1 = "1 rue du Centre"
    postal_code = "13001"
    city = "MARSEILLE"
    phone = "04 91 00 00 00"


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    role = TeamRole.DOCTOR
    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    email = factory.Faker("email")


class CareTeamFactory(DjangoModelFactory):
    class Meta:
        model = CareTeam

    name = factory.Sequence(lambda n: f"Équipe {n}")
    centre = factory.SubFactory(CentreFactory)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    number = factory.Sequence(lambda n: f"{200000 + n}")
    name = factory.Sequence(lambda n: f"ENTREPRISE {n}")
    siret = factory.Sequence(lambda n: siret_from(siren_from(f"{30000000 + n}"), "0001"))
    address_line1 = "1 rue de la Paix"
    postal_code = "13001"
    city = "MARSEILLE"
    naf_code = "86.21Z"


class MemberAddressFactory(DjangoModelFactory):
    class Meta:
        model = MemberAddress

    member = factory.SubFactory(MemberFactory)
    kind = "billing"
    address_line1 = "2 rue du Port"
    postal_code = "13002"
    city = "MARSEILLE"


class MemberContactFactory(DjangoModelFactory):
    class Meta:
        model = MemberContact

    member = factory.SubFactory(MemberFactory)
    kind = "hr"
    last_name = "DURAND"
    first_name = "Lucie"
    email = "lucie.durand@example.org"
