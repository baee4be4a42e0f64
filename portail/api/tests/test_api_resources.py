"""Invoices, declarations and appointments through the API, for the token's company only."""

import pytest

from portail.api.tests.helpers import Api, token_for
from portail.appointments.models import AppointmentRequest
from portail.appointments.tests.factories import AppointmentFactory
from portail.billing.tests.factories import issued_invoice
from portail.declarations.tests.factories import DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(member_admin):
    return Api(token_for(member_admin))


def test_invoices_list_and_pdf(api, member_a, member_b):
    invoice = issued_invoice(member_a)
    foreign = issued_invoice(member_b)
    rows = api.get("/members/900001/invoices").json()
    assert [r["number"] for r in rows] == [invoice.number] and rows[0]["total_ttc"]
    pdf = api.get(f"/members/900001/invoices/{invoice.pk}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert api.get(f"/members/900001/invoices/{foreign.pk}/pdf").status_code == 404
    assert api.get("/members/900001/invoices", {"year": "deux-mille"}).status_code == 422


def test_statement_lists_the_open_items_and_the_balance(api, member_a):
    invoice = issued_invoice(member_a)
    body = api.get("/members/900001/statement").json()
    assert [row["invoice_id"] for row in body["rows"]] == [invoice.pk]
    assert body["balance"] == str(invoice.total_ttc)


def test_determinants_are_listed_with_their_codes(api):
    codes = {d["code"] for d in api.get("/determinants").json()}
    assert {"NONE", "CACES"} <= codes


def test_declarations_read(api, member_a, member_b):
    declaration = DeclarationFactory(member=member_a)
    foreign = DeclarationFactory(member=member_b)
    rows = api.get("/members/900001/declarations").json()
    assert [r["id"] for r in rows] == [declaration.pk] and rows[0]["year"] == declaration.campaign.year
    assert api.get(f"/members/900001/declarations/{declaration.pk}").json()["status"] == declaration.status
    assert api.get(f"/members/900001/declarations/{foreign.pk}").status_code == 404


def test_appointments_list_and_request(api, member_a, member_b):
    appointment = AppointmentFactory(employee=EmployeeFactory(member=member_a))
    AppointmentFactory(employee=EmployeeFactory(member=member_b))
    assert [a["id"] for a in api.get("/members/900001/appointments").json()] == [appointment.pk]
    employee = EmployeeFactory(member=member_a)
    created = api.post("/members/900001/appointment-requests", {"employees": [employee.pk], "visit_kind": "periodique"})
    assert created.status_code == 201, created.content
    assert created.json()["employees"] == [employee.pk]
    assert AppointmentRequest.objects.filter(member=member_a, pk=created.json()["id"]).exists()
    assert any(r["id"] == created.json()["id"] for r in api.get("/members/900001/appointment-requests").json())


def test_an_appointment_request_for_another_company_s_employee_is_refused_by_field(api, member_b):
    foreign = EmployeeFactory(member=member_b)
    response = api.post("/members/900001/appointment-requests", {"employees": [foreign.pk], "visit_kind": "periodique"})
    assert response.status_code == 422 and response.json()["errors"]["employees"]


def test_outsider_reaches_none_of_these(other_member, member_a):
    invoice, declaration = issued_invoice(member_a), DeclarationFactory(member=member_a)
    outsider = Api(token_for(other_member))
    for path in ("/members/900001/invoices", "/members/900001/statement", f"/members/900001/invoices/{invoice.pk}/pdf",
                 "/members/900001/declarations", f"/members/900001/declarations/{declaration.pk}",
                 "/members/900001/appointments", "/members/900001/appointment-requests",
                 "/members/900001/visits-board"):
        assert outsider.get(path).status_code == 404, path
    assert outsider.post("/members/900001/appointment-requests",
                         {"employees": [1], "visit_kind": "periodique"}).status_code == 404


def test_visits_board_gives_each_present_employee_its_next_visit(api, member_a, member_b):
    mine = EmployeeFactory(member=member_a, birth_name="SUIVI")
    EmployeeFactory(member=member_b, birth_name="AILLEURS")
    board = api.get("/members/900001/visits-board").json()
    row = next(r for r in board["rows"] if r["employee_id"] == mine.pk)
    assert row["birth_name"] == "SUIVI" and row["status"] in board["counts"] and row["status_label"]
    assert sum(board["counts"].values()) == len(board["rows"])
    assert all(r["birth_name"] != "AILLEURS" for r in board["rows"])
    only = api.get("/members/900001/visits-board", {"status": row["status"]}).json()
    assert {r["status"] for r in only["rows"]} == {row["status"]} and only["counts"] == board["counts"]
    assert api.get("/members/900001/visits-board", {"status": "nimporte"}).status_code == 422
