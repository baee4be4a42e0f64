"""Tab 2.6: requesting an appointment gives a timestamped receipt; the list shows what the employer may see."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from portail.appointments.models import AppointmentRequest, AppointmentStatus, RequestStatus, SharedDocument
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.audit.models import Event
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


def test_list_shows_the_seed_notice_and_buttons(client_a):
    body = client_a.get("/rendez-vous/").content.decode()
    assert "Il est possible de demander une annulation de rendez-vous 2 jours ouvrés à l'avance." in body
    assert "Demander un rendez-vous" in body and "Demander une annulation" in body
    assert "Mes rendez-vous à venir" in body


def test_request_for_two_employees_gives_a_timestamped_receipt(client_a, member_a, member_admin):
    first = EmployeeFactory(member=member_a, birth_name="MARTIN", scheduling_constraints="Travaille de nuit")
    second = EmployeeFactory(member=member_a, birth_name="DURAND")
    with time_machine.travel(datetime(2026, 11, 27, 10, 42, tzinfo=PARIS), tick=False):
        client_a.force_login(member_admin)  # sessions are capped in time: log in at the frozen moment
        response = client_a.post(
            "/rendez-vous/demander/",
            {
                "employees": [first.pk, second.pk],
                "visit_kind": "periodique",
                "preferred_periods": "semaine du 14 décembre",
            },
            follow=True,
        )
    req = AppointmentRequest.objects.get()
    body = response.content.decode()
    assert f"Demande n° {req.number} reçue le 27/11/2026 à 10:42" in body
    assert req.number == f"RDV-2026-{req.pk:06d}"
    assert "Envoyée" in body and "MARTIN" in body and "DURAND" in body
    # The employee's "Contrainte(s) de convocation" follow the request when none are typed.
    assert req.constraints == "Camille MARTIN : Travaille de nuit"
    assert req.created_by == member_admin and req.status == RequestStatus.SENT
    assert Event.objects.filter(action="appointments.request_create", member=member_a).exists()


def test_form_prefills_constraints_from_the_employee(client_a, member_a):
    employee = EmployeeFactory(member=member_a, scheduling_constraints="Disponible le matin uniquement")
    body = client_a.get(f"/rendez-vous/demander/?salarie={employee.pk}").content.decode()
    assert "Disponible le matin uniquement" in body


def test_return_visit_needs_the_absence(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    response = client_a.post("/rendez-vous/demander/", {"employees": [employee.pk], "visit_kind": "reprise"})
    body = response.content.decode()
    assert "Indiquez le type d&#x27;absence." in body
    assert "Indiquez la date de début de l&#x27;absence." in body
    assert not AppointmentRequest.objects.exists()


def test_employer_visit_needs_a_reason_from_the_list(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    response = client_a.post(
        "/rendez-vous/demander/",
        {"employees": [employee.pk], "visit_kind": "employeur", "employer_reason": "je ne sais pas"},
    )
    assert response.status_code == 200 and not AppointmentRequest.objects.exists()
    client_a.post(
        "/rendez-vous/demander/",
        {"employees": [employee.pk], "visit_kind": "employeur", "employer_reason": "changement_poste"},
    )
    assert AppointmentRequest.objects.get().employer_reason == "changement_poste"


def test_cannot_request_for_another_members_employee(client_a, member_b):
    foreign = EmployeeFactory(member=member_b)
    response = client_a.post("/rendez-vous/demander/", {"employees": [foreign.pk], "visit_kind": "periodique"})
    assert "Salarié inconnu." in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_receipt_of_another_member_is_404(client_b, member_a):
    req = AppointmentRequestFactory(member=member_a, employees=[EmployeeFactory(member=member_a)])
    assert client_b.get(f"/rendez-vous/demandes/{req.pk}/").status_code == 404


def test_mandataire_requests_for_its_members_only(client, mandataire, member_a, member_b):
    own, foreign = EmployeeFactory(member=member_a), EmployeeFactory(member=member_b)
    client.force_login(mandataire)
    session = client.session
    session["current_member_id"] = member_b.pk  # not one of its members: ignored
    session.save()
    client.post("/rendez-vous/demander/", {"employees": [foreign.pk], "visit_kind": "periodique"})
    assert not AppointmentRequest.objects.filter(member=member_b).exists()
    session = client.session
    session["current_member_id"] = member_a.pk
    session.save()
    client.post("/rendez-vous/demander/", {"employees": [own.pk], "visit_kind": "periodique"})
    assert AppointmentRequest.objects.get().member == member_a


def test_upcoming_and_past_show_role_name_centre_and_documents(client_a, member_a, member_b):
    centre = CentreFactory(name="Centre Prado", address_line1="12 avenue du Prado", postal_code="13008")
    doctor = TeamMemberFactory(role="doctor", first_name="Claire", last_name="Fabre")
    employee = EmployeeFactory(member=member_a, birth_name="MARTIN")
    AppointmentFactory(employee=employee, centre=centre, professional=doctor, start=timezone.now() + timedelta(days=10))
    past = AppointmentFactory(
        employee=employee,
        centre=centre,
        professional=doctor,
        start=timezone.now() - timedelta(days=30),
        status=AppointmentStatus.DONE,
    )
    doc = SharedDocument.objects.create(
        member=member_a, appointment=past, kind="attestation", file=ContentFile(b"%PDF-1.4 test", name="a.pdf")
    )
    AppointmentFactory(employee=EmployeeFactory(member=member_b, birth_name="ETRANGER"))
    body = client_a.get("/rendez-vous/").content.decode()
    assert "Médecin du travail – Claire FABRE" in body
    assert "12 avenue du Prado" in body and "Centre Prado" in body
    assert "Réalisé" in body and "Attestation de suivi" in body
    assert "ETRANGER" not in body
    download = client_a.get(f"/rendez-vous/documents/{doc.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_document_of_another_member_is_404(client_b, member_a):
    past = AppointmentFactory(employee=EmployeeFactory(member=member_a), status=AppointmentStatus.DONE)
    doc = SharedDocument.objects.create(
        member=member_a, appointment=past, kind="aptitude", file=ContentFile(b"%PDF-1.4 test", name="a.pdf")
    )
    assert client_b.get(f"/rendez-vous/documents/{doc.pk}/").status_code == 404
