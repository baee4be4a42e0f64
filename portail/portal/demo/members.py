"""Demo: the service, its centre and team, members 100001–100004 and their accounts. Fictional people."""

from datetime import date

from portail.accounts.models import AccountKind, Mandate, Membership, User
from portail.accounts.roles import Role
from portail.core.identifiers import siren_from, siret_from
from portail.members.models import (
    AddressKind,
    CareTeam,
    Centre,
    ContactKind,
    Member,
    MemberAddress,
    MemberContact,
    Service,
    TeamMember,
    TeamRole,
)

HEAD_SIRET = "77618638900024"  # the seed's SIRET (valid)


def _service() -> Service:
    service, _ = Service.objects.get_or_create(
        pk=1,
        defaults={
            "name": "SPST Démo",
            "tagline": "Le partenaire prévention et santé au travail des entreprises des Bouches-du-Rhône",
            "hotline_email": "hotline-adherents@spst-demo.example",
            "staff_notification_email": "gestion-adherents@spst-demo.example",
            "phone": "04 91 00 00 00",
            "siret": siret_from(siren_from("78945612"), "0001"),
            "address_line1": "10 rue de la Prévention",
            "postal_code": "13001",
            "city": "MARSEILLE",
            "sepa_creditor_id": "FR72ZZZ123456",
        },
    )
    if not service.vat_number:
        from stdnum.fr import siren

        service.vat_number = "FR" + siren.to_tva(service.siret[:9])
        service.save(update_fields=["vat_number"])
    return service


def _centre_and_team() -> tuple[Centre, CareTeam]:
    centre, _ = Centre.objects.get_or_create(
        name="Centre de Marseille Joliette",
        defaults={
            "address_line1": "25 quai de la Joliette",
            "postal_code": "13002",
            "city": "MARSEILLE",
            "phone": "04 91 00 00 10",
            "opening_hours": "Du lundi au vendredi, 8 h 00 – 12 h 00 et 13 h 30 – 17 h 00",
            "access": "Métro 2, station Joliette ; parking public Arenc.",
        },
    )
    team, created = CareTeam.objects.get_or_create(name="Équipe Joliette 1", defaults={"centre": centre})
    if created:
        people = [
            (TeamRole.DOCTOR, "MARTIN", "Claire", "04 91 00 00 11", "c.martin@spst-demo.example"),
            (TeamRole.ASSISTANT, "QUESNOT", "Annie", "04 68 35 73 87", "a.quesnot@spst-demo.example"),
            (TeamRole.PREVENTER, "BERNARD", "Yanis", "04 91 00 00 13", "y.bernard@spst-demo.example"),
            (TeamRole.NURSE, "PETIT", "Sonia", "04 91 00 00 14", "s.petit@spst-demo.example"),
            (TeamRole.ADMIN, "ROUX", "Julien", "04 91 00 00 15", "adherents@spst-demo.example"),
            (TeamRole.ACCOUNTING, "FAURE", "Hélène", "04 91 00 00 16", "comptabilite@spst-demo.example"),
        ]
        for role, last, first, phone, email in people:
            person = TeamMember.objects.create(
                role=role, last_name=last, first_name=first, phone=phone, email=email, centre=centre
            )
            team.people.add(person)
    return centre, team


def _member(number: str, name: str, siret: str, centre, team, **extra) -> Member:
    defaults = {"name": name, "siret": siret, "centre": centre, "care_team": team, "joined_on": date(2019, 1, 1)}
    defaults.update(extra)
    member, _ = Member.objects.get_or_create(number=number, defaults=defaults)
    return member


def _account(username: str, password: str, *, kind: str, member=None, must_change=False, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, kind=kind, member=member, must_change_password=must_change, **extra)
        user.set_password(password)
        user.save()
    return user


def _members(centre, team) -> dict[str, Member]:
    head = _member(
        "100001", "TEST PROSPECT", HEAD_SIRET, centre, team,
        address_line1="TEST MAIL PERMANENCE3", address_line2="ADRESSE 2", address_line3="ADRESSE3",
        postal_code="66330", city="CABESTANY", naf_code="86.21Z", email="contact@test-prospect.example",
    )
    siren = HEAD_SIRET[:9]
    members = {"100001": head}
    members["100011"] = _member(
        "100011", "TEST PROSPECT – Établissement de Perpignan", siret_from(siren, "0003"), centre, team,
        group_head=head, address_line1="12 avenue du Languedoc", postal_code="66000", city="PERPIGNAN",
        naf_code="86.21Z",
    )
    members["100012"] = _member(
        "100012", "TEST PROSPECT – Établissement de Marseille", siret_from(siren, "0004"), centre, team,
        group_head=head, address_line1="8 rue Paradis", postal_code="13001", city="MARSEILLE", naf_code="86.21Z",
    )
    others = [
        ("100002", "BOULANGERIE DU PORT", "41256789", "3 quai du Port", "13002", "MARSEILLE", "10.71C"),
        ("100003", "GARAGE DES CALANQUES", "52367891", "45 route de Cassis", "13009", "MARSEILLE", "45.20A"),
        ("100004", "TRANSPORTS PROVENCE EXPRESS", "63478912", "ZI Les Paluds", "13400", "AUBAGNE", "49.41A"),
    ]
    for number, name, prefix, line1, code, city, naf in others:
        members[number] = _member(
            number, name, siret_from(siren_from(prefix), "0001"), centre, team,
            address_line1=line1, postal_code=code, city=city, naf_code=naf,
        )
    return members


def _contacts(head: Member) -> None:
    if MemberContact.objects.filter(member=head).exists():
        return
    MemberContact.objects.create(
        member=head, kind=ContactKind.ACCOUNTANT, last_name="DUPONT", first_name="Marie", function="Comptable",
        email="m.dupont@test-prospect.example", phone="04 68 00 00 01",
    )
    MemberContact.objects.create(
        member=head, kind=ContactKind.ACCOUNTING_FIRM, last_name="LEROY", first_name="Paul",
        company="Cabinet Comptable Démo", function="Expert-comptable", email="p.leroy@cabinet-demo.example",
    )
    MemberAddress.objects.create(
        member=head, kind=AddressKind.BILLING, company="TEST PROSPECT", department="Comptabilité",
        address_line1="TEST MAIL PERMANENCE3", postal_code="66330", city="CABESTANY",
    )


def _accounts(members: dict[str, Member]) -> None:
    _account("100001", "Demo-Adherent-2026", kind=AccountKind.MEMBER, member=members["100001"],
             email="contact@test-prospect.example")
    _account("100002", "Premiere-Connexion-2026", kind=AccountKind.MEMBER, member=members["100002"],
             must_change=True, email="gerant@boulangerie-du-port.example")
    _account("100003", "Demo-Adherent-2026", kind=AccountKind.MEMBER, member=members["100003"],
             email="garage@calanques.example")
    _account("100004", "Demo-Adherent-2026", kind=AccountKind.MEMBER, member=members["100004"],
             email="rh@provence-express.example")
    cabinet = _account("cabinet.demo", "Demo-Mandataire-2026", kind=AccountKind.MANDATAIRE,
                       organisation="Cabinet Comptable Démo", email="contact@cabinet-demo.example",
                       first_name="Paul", last_name="LEROY")
    for number in ("100001", "100003", "100004"):
        Mandate.objects.get_or_create(mandataire=cabinet, member=members[number], revoked_at=None)
    _named_users(members["100001"])
    _account("staff.demo", "Demo-Staff-2026-Secure", kind=AccountKind.STAFF, is_staff=True, is_superuser=True,
             email="staff.demo@spst-demo.example", first_name="Julien", last_name="ROUX")


# Named users of 100001, one per kind of work (issue 19): they sign in with their e-mail.
NAMED_USERS = (
    ("admin@test-prospect.example", "Claire", "MOREAU", Role.ADMIN),
    ("rh@test-prospect.example", "Sophie", "BERNARD", Role.HR),
    ("compta@test-prospect.example", "Marc", "GIRAUD", Role.ACCOUNTING),
)
NAMED_PASSWORD = "Demo-Utilisateur-2026"


def _named_users(member: Member) -> None:
    for email, first_name, last_name, role in NAMED_USERS:
        user = _account(email, NAMED_PASSWORD, kind=AccountKind.USER, email=email, first_name=first_name,
                        last_name=last_name)
        Membership.objects.get_or_create(user=user, member=member, defaults={"role": role})


def load(*, stdout) -> None:
    _service()
    centre, team = _centre_and_team()
    members = _members(centre, team)
    _contacts(members["100001"])
    _accounts(members)
    stdout.write("  adhérents, comptes, centre et équipe : ok")
