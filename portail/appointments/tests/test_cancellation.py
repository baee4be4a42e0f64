"""Cancellation until N jours ouvrés before the appointment, cut-off hour on the deadline day (REFERENCE §5)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portail.appointments.models import AppointmentStatus, CancellationRequest, CancellationStatus
from portail.appointments.tests.factories import AppointmentFactory
from portail.members.models import Service
from portail.members.tests.factories import CentreFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def _appointment(member, start, postal_code="13001", region=""):
    centre = CentreFactory(postal_code=postal_code, calendar_region=region)
    return AppointmentFactory(employee=EmployeeFactory(member=member), centre=centre, start=start)


@pytest.mark.parametrize(
    ("start", "postal_code", "expected"),
    [
        # Ascension (Thu 14 May 2026) is skipped: the brief's own example.
        (at(2026, 5, 15, 9), "13001", "mardi 12 mai 2026 à 18 h"),
        # 8 May 2025 is a holiday (REFERENCE §5 example).
        (at(2025, 5, 12, 9), "13001", "mercredi 7 mai 2025 à 18 h"),
        # Monday appointment: the weekend does not count.
        (at(2026, 6, 8, 14), "13001", "jeudi 4 juin 2026 à 18 h"),
        # 1 May 2026 (Friday) is skipped.
        (at(2026, 5, 4, 9), "13001", "mercredi 29 avril 2026 à 18 h"),
        # 14 July 2026 (Tuesday) is skipped.
        (at(2026, 7, 15, 9), "13001", "vendredi 10 juillet 2026 à 18 h"),
        # Good Friday counts in Alsace (Strasbourg), not in Marseille; Easter Monday everywhere.
        (at(2026, 4, 7, 9), "67000", "mercredi 1 avril 2026 à 18 h"),
        (at(2026, 4, 7, 9), "13001", "jeudi 2 avril 2026 à 18 h"),
        # Year end: 1 January is skipped.
        (at(2027, 1, 4, 9), "13001", "mercredi 30 décembre 2026 à 18 h"),
        # Monday 26 December 2022 is a holiday in Moselle only.
        (at(2022, 12, 28, 9), "57000", "vendredi 23 décembre 2022 à 18 h"),
        (at(2022, 12, 28, 9), "13001", "lundi 26 décembre 2022 à 18 h"),
    ],
)
def test_limit_shown_before_asking(client_a, member_a, start, postal_code, expected):
    with time_machine.travel(at(2022, 1, 3, 8), tick=False):
        appointment = _appointment(member_a, start, postal_code)
        response = client_a.get(f"/rendez-vous/{appointment.pk}/annuler/")
    assert response.status_code == 200
    assert f"Annulation possible jusqu'au {expected}." in response.content.decode()


def test_request_before_the_cut_off_is_accepted(client_a, member_a):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 12, 17, 59), tick=False):
        response = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "indisponible", "confirme": "oui"}, follow=True)
    cancellation = CancellationRequest.objects.get()
    assert cancellation.status == CancellationStatus.RECEIVED
    body = response.content.decode()
    assert "Demande d'annulation reçue le 12/05/2026 à 17:59" in body
    assert "Reçue, en cours de traitement" in body
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED  # staff cancels it and frees the slot


@pytest.fixture
def service(db):
    return Service.objects.create(name="SPST Test", hotline_email="hotline@spst.example", phone="04 91 12 34 56")


def test_past_the_cut_off_the_page_shows_the_delay_passed_and_the_service_contact(client_a, member_a, service):
    """Issue 16 §3: never "Demander l'annulation" once the limit has passed; how to reach the service instead."""
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 12, 18, 1), tick=False):
        page = client_a.get(f"/rendez-vous/{appointment.pk}/annuler/").content.decode()
    assert "Délai dépassé : l&#x27;annulation de ce rendez-vous pouvait être demandée en ligne jusqu&#x27;au " \
           "mardi 12 mai 2026 à 18 h." in page
    assert "contactez le service au 04 91 12 34 56 ou à hotline@spst.example" in page
    assert "Demander l&#x27;annulation</button>" not in page and 'name="reason"' not in page
    assert "pourra être facturé (50 € HT)" in page


def test_past_the_cut_off_the_endpoint_refuses_with_a_french_message_and_records_nothing(client_a, member_a,
                                                                                         service):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 12, 18, 1), tick=False):
        response = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Délai dépassé" in body and "04 91 12 34 56" in body and "hotline@spst.example" in body
    assert not CancellationRequest.objects.exists()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED


def test_weekend_between_does_not_count(client_a, member_a, service):
    """Monday 8 June 2026: Friday 5 is day 1, Thursday 4 day 2; asking on Friday is too late."""
    appointment = _appointment(member_a, at(2026, 6, 8, 14))
    with time_machine.travel(at(2026, 6, 5, 9), tick=False):
        response = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
    assert "Délai dépassé" in response.content.decode()
    assert not CancellationRequest.objects.exists()


def _choose_row(body: str, name: str) -> str:
    row = next(r for r in body.split("<tr>") if name in r)
    return row.split("</tr>")[0]


def test_friday_to_tuesday_across_a_weekend_and_a_public_holiday(client_a, member_a, service):
    """Tuesday 26 May 2026 follows Whit Monday (25 May, a public holiday) and a weekend: the two business days
    before it are Friday 22 and Thursday 21, so the limit is Thursday 21 at 18 h. On Friday the page offers no
    cancellation; on Thursday before 18 h it does, and the request is received."""
    appointment = _appointment(member_a, at(2026, 5, 26, 9))
    appointment.employee.birth_name = "MARDI"
    appointment.employee.save()
    with time_machine.travel(at(2026, 5, 22, 9), tick=False):
        friday = client_a.get("/rendez-vous/annulation/").content.decode()
        upcoming = client_a.get("/rendez-vous/").content.decode()
        refused = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
    row = _choose_row(friday, "MARDI")
    assert "Délai dépassé" in row and "jeudi 21 mai 2026 à 18 h" in row
    assert "Annuler ce rendez-vous" not in row and "04 91 12 34 56" in row
    assert "Délai dépassé" in _choose_row(upcoming, "MARDI") and "possible jusqu" not in _choose_row(upcoming, "MARDI")
    assert "Délai dépassé" in refused.content.decode() and not CancellationRequest.objects.exists()
    with time_machine.travel(at(2026, 5, 21, 17, 59), tick=False):
        thursday = client_a.get("/rendez-vous/annulation/").content.decode()
        client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
    assert "Annuler ce rendez-vous" in _choose_row(thursday, "MARDI")
    assert CancellationRequest.objects.get().status == CancellationStatus.RECEIVED


def test_reason_is_required(client_a, member_a):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        response = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": ""})
    assert response.status_code == 200
    assert "Indiquez le motif de l&#x27;annulation." in response.content.decode()
    assert not CancellationRequest.objects.exists()


def test_a_second_request_while_one_is_open_is_refused(client_a, member_a):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
        response = client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"})
    assert "déjà en cours" in response.content.decode()
    assert CancellationRequest.objects.count() == 1


def test_another_members_appointment_is_404(client_b, member_a):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        assert client_b.get(f"/rendez-vous/{appointment.pk}/annuler/").status_code == 404
        assert client_b.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "activite", "confirme": "oui"}).status_code == 404
    assert not CancellationRequest.objects.exists()


def test_another_members_cancellation_is_404(client_b, member_a, member_admin):
    appointment = _appointment(member_a, at(2026, 5, 15, 9))
    cancellation = CancellationRequest.objects.create(
        member=member_a, appointment=appointment, reason="activite", deadline=at(2026, 5, 12, 18)
    )
    assert client_b.get(f"/rendez-vous/annulations/{cancellation.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    for url in ("/rendez-vous/", "/rendez-vous/annulation/", "/rendez-vous/1/annuler/", "/rendez-vous/suivi/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/connexion/")


def _act_for(client, user, member):
    client.force_login(user)
    session = client.session
    session["current_member_id"] = member.pk
    session.save()


def test_mandataire_cancels_for_its_member_only(client, mandataire, member_a, member_b):
    own = _appointment(member_a, at(2026, 5, 15, 9))
    foreign = _appointment(member_b, at(2026, 5, 15, 9))
    _act_for(client, mandataire, member_a)
    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        assert client.post(f"/rendez-vous/{own.pk}/annuler/", {"reason": "activite", "confirme": "oui"}).status_code == 302
        assert client.post(f"/rendez-vous/{foreign.pk}/annuler/", {"reason": "activite", "confirme": "oui"}).status_code == 404
    assert list(CancellationRequest.objects.values_list("appointment_id", flat=True)) == [own.pk]


def test_choose_page_lists_each_limit(client_a, member_a):
    _appointment(member_a, at(2026, 5, 15, 9))
    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        body = client_a.get("/rendez-vous/annulation/").content.decode()
    assert "jusqu'au mardi 12 mai 2026 à 18 h" in body
