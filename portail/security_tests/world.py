"""The objects every security test needs: two members (A and B) that each own one of every
tenant object, and one logged-in test client per persona."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from portail.accounts.roles import Role
from portail.accounts.services import api_token_create
from portail.accounts.tests.factories import (
    InvitationFactory,
    MandataireFactory,
    MandateFactory,
    MembershipFactory,
    MemberUserFactory,
)
from portail.activity.tests.factories import PDF_BYTES, WorkplaceActionFactory
from portail.appointments.models import (
    AvailabilityException,
    AvailabilityPattern,
    CancellationReason,
    CancellationRequest,
    DocumentKind,
    SharedDocument,
)
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import StaffProfileFactory, login_verified, staff_with_device
from portail.billing.models import DirectDebitBatch, SepaMandate
from portail.billing.tests.factories import issued_invoice
from portail.core.tenancy import SESSION_KEY
from portail.declarations.tests.factories import DeclarationFactory
from portail.members.models import SituationChangeRequest
from portail.members.tests.factories import (
    CareTeamFactory,
    CentreFactory,
    MemberAddressFactory,
    MemberContactFactory,
    MemberFactory,
    TeamMemberFactory,
)
from portail.messaging.models import Message, Thread
from portail.workforce.models import ImportJob
from portail.workforce.tests.factories import EmployeeFactory

# Every persona of the matrix (S-2). "member_a" also plays "member A on B's objects".
# "user_<role>": a named user of member A with that role (one column of the matrix per role).
ROLE_PERSONAS = tuple(f"user_{role}" for role in Role.values)
PORTAL_PERSONAS = ("member_a", "member_b", "mandataire_a", "mandataire_revoked") + ROLE_PERSONAS
STAFF_PERSONAS = tuple(f"staff_{role}" for role in StaffRole.values) + ("staff_no_otp",)
PERSONAS = ("anonymous",) + PORTAL_PERSONAS + STAFF_PERSONAS


@dataclass
class Tenant:
    """One member and one of each object it owns."""

    member: object
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]


def _tenant(name: str, number: str) -> Tenant:
    person = TeamMemberFactory()
    team = CareTeamFactory()
    team.people.add(person)
    member = MemberFactory(name=name, number=number, care_team=team)
    employee = EmployeeFactory(member=member)
    appointment = AppointmentFactory(employee=employee)
    request = AppointmentRequestFactory(member=member, employees=[employee])
    objects = {
        "employee": employee,
        "appointment": appointment,
        "appointment_request": request,
        "cancellation": CancellationRequest.objects.create(
            member=member, appointment=appointment, reason=CancellationReason.values[0],
            deadline=appointment.start - timedelta(days=2),
        ),
        "shared_document": SharedDocument.objects.create(
            member=member, appointment=appointment, kind=DocumentKind.values[0],
            file=ContentFile(PDF_BYTES, "attestation.pdf"),
        ),
        "account": (account := MemberUserFactory(member=member, username=f"compte-{number}")),
        "api_token": api_token_create(user=account, role=Role.ADMIN, name="Paie", scopes={"employees": "read"},
                                      expires_on=timezone.localdate() + timedelta(days=30)).token,
        "membership": MembershipFactory(member=member, role=Role.READ_ONLY),
        "invitation": InvitationFactory(member=member),
        "import_job": ImportJob.objects.create(member=member, name="salaries.csv", status="done"),
        "declaration": DeclarationFactory(member=member),
        "invoice": issued_invoice(member),
        "contact": MemberContactFactory(member=member),
        "address": MemberAddressFactory(member=member),
        "action": WorkplaceActionFactory(member=member, document=ContentFile(PDF_BYTES, "compte-rendu.pdf")),
        "sepa_mandate": SepaMandate.objects.create(
            member=member, reference=f"RUM-{number}", holder_name=name, iban="FR7630006000011234567890189",
            signed_at=timezone.now(),
        ),
        "situation_change": SituationChangeRequest.objects.create(
            member=member, kind="address", effective_date=date(2026, 1, 1), comment="Déménagement",
        ),
        "team_person": person,
        "thread": (thread := Thread.objects.create(member=member, subject="Question", last_message_at=timezone.now())),
        "message": Message.objects.create(thread=thread, member=member, body="Bonjour",
                                          attachment=ContentFile(PDF_BYTES, "piece.pdf")),
        # Staff-side planning objects (not a member's): the matrix only needs one of each.
        "availability_pattern": AvailabilityPattern.objects.create(
            professional=person, centre=CentreFactory(), weekdays=[0], start_time=time(9), end_time=time(12),
            valid_from=date(2026, 1, 5),
        ),
        "availability_exception": AvailabilityException.objects.create(
            professional=person, kind="indisponible", reason="conges", first_day=date(2026, 8, 3),
            last_day=date(2026, 8, 21),
        ),
    }
    return Tenant(member=member, objects=objects)


@dataclass
class World:
    a: Tenant
    b: Tenant
    users: dict
    devices: dict
    other_staff: object
    batch: object
    mandate: object = None  # a spare mandate on A, for the revoke row (keeps mandataire_a intact)

    def client(self, persona: str) -> Client:
        client = Client()
        if persona == "anonymous":
            return client
        user = self.users[persona]
        if persona.startswith("staff_") and persona != "staff_no_otp":
            return login_verified(client, user, self.devices[persona])
        client.force_login(user)
        if persona.startswith(("mandataire", "user_")):
            # The mandataire (or named user) chose member A earlier in this still-open session.
            session = client.session
            session[SESSION_KEY] = self.a.member.pk
            session.save()
        return client


def build_world() -> World:
    a = _tenant("ENTREPRISE A", "900001")
    b = _tenant("ENTREPRISE B", "900002")
    users = {"member_a": MemberUserFactory(member=a.member), "member_b": MemberUserFactory(member=b.member)}
    users["mandataire_a"] = MandataireFactory()
    MandateFactory(mandataire=users["mandataire_a"], member=a.member)
    users["mandataire_revoked"] = MandataireFactory()
    MandateFactory(mandataire=users["mandataire_revoked"], member=a.member, revoked_at=timezone.now())
    for role in Role.values:
        users[f"user_{role}"] = MembershipFactory(member=a.member, role=role).user
    devices = {}
    for role in StaffRole.values:
        users[f"staff_{role}"], devices[f"staff_{role}"] = staff_with_device(role)
    users["staff_no_otp"], _ = staff_with_device(StaffRole.ADMIN)
    batch = DirectDebitBatch.objects.create(
        collection_date=date(2026, 2, 1), message_id="MSG-SECURITY-1", xml="<Document/>", count=0, total=0,
    )
    spare = MandateFactory(mandataire=MandataireFactory(), member=a.member)
    return World(a=a, b=b, users=users, devices=devices, other_staff=StaffProfileFactory().user, batch=batch,
                 mandate=spare)
