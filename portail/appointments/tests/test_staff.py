"""Back office: booking (one winner per slot), convocation e-mail, cancellations, outcomes, documents, reminders."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from portail.appointments import services
from portail.appointments.models import (
    Appointment,
    AppointmentStatus,
    CancellationRequest,
    CancellationStatus,
    RequestStatus,
    SharedDocument,
)
from portail.appointments.tests.factories import (
    AppointmentFactory,
    AppointmentRequestFactory,
    SlotFactory,
    booking_race,
)
from portail.backoffice.tests.factories import login_verified_as
from portail.members.tests.factories import CentreFactory, MemberContactFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


def _request_and_slot(member, **slot_kwargs):
    employee = EmployeeFactory(member=member, birth_name="MARTIN")
    req = AppointmentRequestFactory(member=member, employees=[employee])
    return req, employee, SlotFactory(**slot_kwargs)


def test_staff_pages_need_a_staff_account(client_a):
    from django.test import Client

    for url in (
        "/gestion/rendez-vous/",
        "/gestion/rendez-vous/annulations/",
        "/gestion/rendez-vous/planning/",
        "/gestion/rendez-vous/creneaux/",
    ):
        assert client_a.get(url).status_code == 403  # a member is never let into the back office
        response = Client().get(url)
        assert response.status_code == 302 and "/gestion/connexion/" in response["Location"]


def test_queue_puts_the_most_urgent_legal_deadline_first(client, staff_user, member_a):
    from datetime import date

    old_hire = EmployeeFactory(member=member_a, birth_name="URGENT", hire_date=date(2020, 1, 6))
    recent = EmployeeFactory(member=member_a, birth_name="RECENT", hire_date=timezone.localdate())
    AppointmentRequestFactory(member=member_a, employees=[recent])
    AppointmentRequestFactory(member=member_a, employees=[old_hire])
    login_verified_as(client, staff_user)
    body = client.get("/gestion/rendez-vous/").content.decode()
    assert body.index("URGENT") < body.index("RECENT")


def test_booking_sends_the_convocation_with_pdf_and_ics(
    client, staff_user, member_a, django_capture_on_commit_callbacks
):
    MemberContactFactory(member=member_a, kind="convocation", email="rdv@entreprise-a.test")
    centre = CentreFactory(name="Centre Prado", access="Métro Castellane, sortie Prado")
    req, employee, slot = _request_and_slot(
        member_a,
        centre=centre,
        start=datetime(2026, 12, 15, 9, tzinfo=PARIS),
        end=datetime(2026, 12, 15, 9, 30, tzinfo=PARIS),
    )
    login_verified_as(client, staff_user)
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=PARIS), tick=False):
        login_verified_as(client, staff_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/gestion/rendez-vous/demandes/{req.pk}/", {"action": "book", "employee": employee.pk, "slot": slot.pk}
            )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.member, appointment.centre, appointment.start) == (member_a, centre, slot.start)
    req.refresh_from_db()
    assert req.status == RequestStatus.PLANNED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rdv@entreprise-a.test"]
    assert "le 15/12/2026 à 09:00" in message.subject
    assert "Annulation possible jusqu'au vendredi 11 décembre 2026 à 18 h" in message.body
    names = {name: (content, mime) for name, content, mime in message.attachments}
    pdf, _ = names[f"convocation-{appointment.pk}.pdf"]
    assert pdf.startswith(b"%PDF")
    ics, mime = names[f"rendez-vous-{appointment.pk}.ics"]
    assert mime == "text/calendar"
    assert "DTSTART:20261215T080000Z" in ics and "Centre Prado" in ics
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "mardi 15 décembre 2026" in text and "Métro Castellane" in text and "pièce d'identité" in text


def test_convocation_falls_back_to_the_member_account_email(member_a, member_admin):
    member_admin.email = "compte@entreprise-a.test"
    member_admin.save()
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a))
    assert services.convocation_send(appointment=appointment)
    assert mail.outbox[0].to == ["compte@entreprise-a.test"]


def test_a_booked_slot_cannot_be_booked_again(member_a, staff_user):
    req, employee, slot = _request_and_slot(member_a)
    other_req = AppointmentRequestFactory(member=member_a, employees=[EmployeeFactory(member=member_a)])
    services.appointment_book(appointment_request=req, employee=employee, slot_id=slot.pk, actor=staff_user, send=False)
    with pytest.raises(Exception, match="vient d'être attribué"):
        services.appointment_book(
            appointment_request=other_req,
            employee=other_req.employees.get(),
            slot_id=slot.pk,
            actor=staff_user,
            send=False,
        )
    assert Appointment.objects.count() == 1


def _race(member, staff_user, *, lock: bool) -> int:
    req, employee, slot = _request_and_slot(member)
    other = AppointmentRequestFactory(member=member, employees=[EmployeeFactory(member=member)])

    def book(r, e):
        return lambda: services.appointment_book(
            appointment_request=r, employee=e, slot_id=slot.pk, actor=staff_user, send=False
        )

    # Both threads read "free" before either writes, unless the row lock serialises them.
    booking_race(book(req, employee), book(other, other.employees.get()), lock=lock)
    return Appointment.objects.filter(slot=slot, status=AppointmentStatus.PLANNED).count()


# Without the lock (select_for_update) the same race books the slot twice: proof that the locked case can fail.
LOCKED_ONE_WINS = pytest.mark.parametrize(("lock", "planned"), [(True, 1), (False, 2)], ids=["locked", "unlocked"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@LOCKED_ONE_WINS
def test_two_staff_booking_the_same_slot_one_wins_only_with_the_lock(member_a, staff_user, lock, planned):
    assert _race(member_a, staff_user, lock=lock) == planned


def test_processing_a_cancellation_frees_the_slot(client, staff_user, member_a):
    req, employee, slot = _request_and_slot(member_a)
    appointment = services.appointment_book(
        appointment_request=req, employee=employee, slot_id=slot.pk, actor=staff_user, send=False
    )
    cancellation = CancellationRequest.objects.create(
        member=member_a, appointment=appointment, reason="activite", deadline=timezone.now() + timedelta(days=5)
    )
    login_verified_as(client, staff_user)
    client.post("/gestion/rendez-vous/annulations/", {"cancellation": cancellation.pk})
    appointment.refresh_from_db()
    cancellation.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED and cancellation.status == CancellationStatus.DONE
    assert slot in services.Slot.objects.exclude(appointments__status=AppointmentStatus.PLANNED)
    other = AppointmentRequestFactory(member=member_a, employees=[EmployeeFactory(member=member_a)])
    services.appointment_book(
        appointment_request=other, employee=other.employees.get(), slot_id=slot.pk, actor=staff_user, send=False
    )


def test_outcome_uses_optimistic_locking(client, staff_user, member_a):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a))
    login_verified_as(client, staff_user)
    url = f"/gestion/rendez-vous/rdv/{appointment.pk}/"
    client.post(url, {"action": "outcome", "status": "realise", "version": 1})
    stale = client.post(url, {"action": "outcome", "status": "absent_non_excuse", "version": 1}, follow=True)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DONE and appointment.version == 2
    assert "modifié entre-temps" in stale.content.decode()


def test_staff_uploads_an_attestation_the_member_downloads(client, staff_user, member_a, member_admin):
    appointment = AppointmentFactory(
        employee=EmployeeFactory(member=member_a),
        status=AppointmentStatus.DONE,
        start=timezone.now() - timedelta(days=1),
    )
    login_verified_as(client, staff_user)
    fake = SimpleUploadedFile("avis.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(
        f"/gestion/rendez-vous/rdv/{appointment.pk}/", {"action": "document", "kind": "attestation", "file": fake}
    )
    assert "pas un vrai PDF" in response.content.decode()
    pdf = SimpleUploadedFile("avis.pdf", b"%PDF-1.4 attestation", content_type="application/pdf")
    client.post(
        f"/gestion/rendez-vous/rdv/{appointment.pk}/", {"action": "document", "kind": "attestation", "file": pdf}
    )
    doc = SharedDocument.objects.get()
    client.force_login(member_admin)
    response = client.get(f"/rendez-vous/documents/{doc.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 attestation"


def test_weekly_pattern_creates_slots(client, staff_user):
    from portail.members.tests.factories import TeamMemberFactory

    centre, doctor = CentreFactory(), TeamMemberFactory()
    login_verified_as(client, staff_user)
    client.post(
        "/gestion/rendez-vous/creneaux/",
        {
            "centre": centre.pk,
            "professional": doctor.pk,
            "first_day": "2026-12-07",
            "last_day": "2026-12-13",
            "weekdays": ["0", "2"],
            "start": "09:00",
            "end": "10:00",
            "minutes": "20",
        },
    )
    starts = [timezone.localtime(s.start).strftime("%a %H:%M") for s in services.Slot.objects.order_by("start")]
    assert starts == ["Mon 09:00", "Mon 09:20", "Mon 09:40", "Wed 09:00", "Wed 09:20", "Wed 09:40"]


def test_reminders_are_sent_once_each(member_a, member_admin):
    member_admin.email = "compte@entreprise-a.test"
    member_admin.save()
    employee = EmployeeFactory(member=member_a)
    AppointmentFactory(employee=employee, start=datetime(2026, 12, 8, 9, tzinfo=PARIS))
    AppointmentFactory(employee=employee, start=datetime(2026, 12, 2, 14, tzinfo=PARIS))
    AppointmentFactory(employee=employee, start=datetime(2026, 12, 30, 9, tzinfo=PARIS))  # too far
    with time_machine.travel(datetime(2026, 12, 1, 7, tzinfo=PARIS), tick=False):
        call_command("send_appointment_reminders")
        call_command("send_appointment_reminders")
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Rappel : rendez-vous le 02/12/2026 à 14:00", "Rappel : rendez-vous le 08/12/2026 à 09:00"]
    assert "demain" in next(m.body for m in mail.outbox if "02/12" in m.subject)


def test_staff_screens_render(client, staff_user, member_a):
    req, employee, slot = _request_and_slot(member_a)
    appointment = AppointmentFactory(employee=employee)
    login_verified_as(client, staff_user)
    pages = {
        "/gestion/rendez-vous/": "MARTIN",
        f"/gestion/rendez-vous/demandes/{req.pk}/": "Planifier sur un créneau libre",
        "/gestion/rendez-vous/annulations/": "Aucune demande d'annulation en attente.",
        f"/gestion/rendez-vous/planning/?jour={timezone.localtime(appointment.start):%Y-%m-%d}&vue=semaine": "MARTIN",
        f"/gestion/rendez-vous/rdv/{appointment.pk}/": "Document pour l'employeur",
        "/gestion/rendez-vous/creneaux/": "Créer des créneaux",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_staff_refuses_a_request_with_a_reason_the_member_sees(client, staff_user, member_a, member_admin):
    req, _, _ = _request_and_slot(member_a)
    login_verified_as(client, staff_user)
    client.post(f"/gestion/rendez-vous/demandes/{req.pk}/", {"action": "refuse", "reason": ""})
    req.refresh_from_db()
    assert req.status == RequestStatus.SENT
    client.post(
        f"/gestion/rendez-vous/demandes/{req.pk}/", {"action": "refuse", "reason": "Salarié déjà vu en octobre"}
    )
    client.force_login(member_admin)
    body = client.get("/rendez-vous/").content.decode()
    assert "Refusée" in body and "Salarié déjà vu en octobre" in body


def test_bad_input_on_staff_screens_is_not_a_500(client, staff_user):
    login_verified_as(client, staff_user)
    assert client.post("/gestion/rendez-vous/annulations/", {"cancellation": "abc"}).status_code == 404
    for junk in ("²", "1" * 5000):  # found by the junk-input fuzzer: int() refused them with a ValueError
        assert client.post("/gestion/rendez-vous/annulations/", {"cancellation": junk}).status_code == 404
    assert client.get("/gestion/rendez-vous/planning/?jour=pas-une-date").status_code == 200


# A fixed day: "five years ago" from a 29 February, or from just after midnight on 1 January (still
# 31 December in UTC), is not a date this test could build.
@time_machine.travel(datetime(2026, 12, 3, 10, tzinfo=PARIS), tick=False)
def test_bulk_planning_gathers_periodic_visits_due_in_the_period(client, staff_user, member_a):
    from datetime import date

    from portail.appointments.models import AppointmentRequest, VisitKind

    today = timezone.localdate()
    due_soon = EmployeeFactory(member=member_a, birth_name="BIENTOT", hire_date=date(2015, 1, 5))
    # Periodic VIP held almost 5 years ago (R4624-16): due within the coming weeks.
    AppointmentFactory(
        employee=due_soon,
        status=AppointmentStatus.DONE,
        start=datetime(2022, 1, 2, 9, tzinfo=PARIS),
    )
    never_seen = EmployeeFactory(member=member_a, birth_name="JAMAIS", hire_date=date(2015, 1, 5))  # initial VIP
    login_verified_as(client, staff_user)
    url = f"/gestion/rendez-vous/planification-groupee/?adherent={member_a.number}"
    page = client.get(url).content.decode()
    assert "BIENTOT" in page and never_seen.birth_name not in page
    client.post(
        "/gestion/rendez-vous/planification-groupee/",
        {"adherent": member_a.number, "du": today.isoformat(), "au": (today + timedelta(days=90)).isoformat()},
    )
    req = AppointmentRequest.objects.get()
    assert list(req.employees.all()) == [due_soon]
    assert req.visit_kind == VisitKind.PERIODIC and req.status == RequestStatus.IN_PROGRESS


def _overlap_race(member, staff_user, *, lock: bool) -> int:
    """Two staff book overlapping runs of 10-minute steps: a 30-minute visit from 9:00 and a
    20-minute one from 9:10. Returns how many planned appointments overlap 9:10–9:30."""
    from portail.appointments.models import Slot

    centre, doctor = CentreFactory(), TeamMemberFactory()
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=10)
    steps = [
        Slot.objects.create(centre=centre, professional=doctor, start=datetime.combine(day, time(9, m), PARIS),
                            end=datetime.combine(day, time(9, m), PARIS) + timedelta(minutes=10))
        for m in (0, 10, 20, 30)
    ]
    first = AppointmentRequestFactory(member=member, visit_kind="reprise",
                                      employees=[EmployeeFactory(member=member)])
    second = AppointmentRequestFactory(member=member, visit_kind="periodique",
                                       employees=[EmployeeFactory(member=member)])

    def book(r, slot):
        return lambda: services.appointment_book(
            appointment_request=r, employee=r.employees.get(), slot_id=slot.pk, actor=staff_user, send=False
        )

    booking_race(book(first, steps[0]), book(second, steps[1]), lock=lock)  # the loser is refused
    return Appointment.objects.filter(professional=doctor, status=AppointmentStatus.PLANNED).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@LOCKED_ONE_WINS
def test_overlapping_multi_step_bookings_one_wins_only_with_the_lock(member_a, staff_user, lock, planned):
    assert _overlap_race(member_a, staff_user, lock=lock) == planned
