"""Issue 18: cancelling an appointment asks first (a page, no JavaScript needed); a request and a cancellation end
on a receipt to print or download as a PDF; employees are ticked in a list, not Ctrl-clicked in a select."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from pypdf import PdfReader

from portail.appointments.models import AppointmentRequest, CancellationRequest
from portail.appointments.tests.factories import AppointmentFactory
from portail.workforce.tests.factories import EmployeeFactory

PARIS = ZoneInfo("Europe/Paris")


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_a_cancellation_asks_first_and_records_nothing_until_confirmed(client_a, member_a):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="MARTIN"),
                                     start=datetime(2026, 5, 15, 9, tzinfo=PARIS))
    url = f"/rendez-vous/{appointment.pk}/annuler/"
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=PARIS), tick=False):
        page = client_a.post(url, {"reason": "indisponible"}).content.decode()
        assert "Demander l&#x27;annulation de ce rendez-vous ?" in page and "MARTIN" in page
        assert '<input type="hidden" name="reason" value="indisponible">' in page
        assert '<input type="hidden" name="confirme" value="oui">' in page
        assert not CancellationRequest.objects.exists()
        response = client_a.post(url, {"reason": "indisponible", "confirme": "oui"})
    cancellation = CancellationRequest.objects.get()
    assert response["Location"] == f"/rendez-vous/annulations/{cancellation.pk}/"


def test_the_cancellation_receipt_prints_and_downloads(client_a, member_a):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="MARTIN"),
                                     start=datetime(2026, 5, 15, 9, tzinfo=PARIS))
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=PARIS), tick=False):
        client_a.post(f"/rendez-vous/{appointment.pk}/annuler/", {"reason": "indisponible", "confirme": "oui"})
        url = f"/rendez-vous/annulations/{CancellationRequest.objects.get().pk}/"
        page = client_a.get(url).content.decode()
        pdf = client_a.get(url + "?format=pdf")
    assert "Accusé de réception de la demande d&#x27;annulation" in page and "?format=pdf" in page
    text = _pdf_text(pdf)
    assert "MARTIN" in text and "15/05/2026" in text


def test_the_request_receipt_downloads_as_a_pdf_naming_its_number(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="DURAND")
    client_a.post("/rendez-vous/demander/", {"employees": [employee.pk], "visit_kind": "periodique"})
    req = AppointmentRequest.objects.get()
    response = client_a.get(f"/rendez-vous/demandes/{req.pk}/?format=pdf")
    assert response["Content-Disposition"] == f'attachment; filename="demande-rendez-vous-{req.number}.pdf"'
    text = _pdf_text(response)
    assert req.number in text and "DURAND" in text and "Salarié" in text


def test_another_members_receipts_answer_404_in_pdf_too(client_b, member_a):
    employee = EmployeeFactory(member=member_a)
    req = AppointmentRequest.objects.create(member=member_a, visit_kind="periodique")
    req.employees.add(employee)
    assert client_b.get(f"/rendez-vous/demandes/{req.pk}/?format=pdf").status_code == 404


def test_employees_are_ticked_in_a_list_with_a_search_box(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN")
    page = client_a.get("/rendez-vous/demander/").content.decode()
    assert "<select" not in page.split('id="employee-choices"')[0].split("employee-choice")[-1]
    assert 'type="checkbox" name="employees"' in page and 'data-filter-list="employee-choices"' in page
    assert "Ctrl" not in page
