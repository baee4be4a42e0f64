"""The accountant's cockpit: all client companies of a mandataire with balance, oldest unpaid invoice, open
declaration, overdue visits, open requests and last change; filters, sort, search, XLSX export; a fixed number
of queries whatever the number of clients."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from portail.accounts.models import Mandate
from portail.accounts.tests.factories import MandataireFactory, logged_in
from portail.appointments.tests.factories import overdue_snapshot
from portail.billing.tests.factories import issued_invoice
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import DeclarationFactory
from portail.members.models import Member
from portail.members.tests.factories import MemberFactory
from portail.portal.tests.conftest import TODAY
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def office(mandataire):
    return logged_in(mandataire)


def _overdue(member, n=1):
    for _ in range(n):
        overdue_snapshot(EmployeeFactory(member=member), today=TODAY, days_late=20)


def test_cockpit_lists_the_clients_with_where_to_act(office, member_a, member_b, member_c):
    issued_invoice(member_a, amount_ht="250.00", issue_date=date(2026, 1, 15))
    DeclarationFactory(member=member_c, status=DeclarationStatus.TO_FILL)
    _overdue(member_c, 2)
    page = office.get(reverse("portal:cockpit")).content.decode()
    assert "ENTREPRISE A" in page and "ENTREPRISE C" in page
    assert "ENTREPRISE B" not in page  # not a client of this mandataire
    assert "300,00\u202f€" in page  # 250 HT + 20 % VAT still due
    assert "À saisir" in page


def test_filters_search_and_sort(office, member_a, member_c):
    issued_invoice(member_a, amount_ht="250.00")
    DeclarationFactory(member=member_c, status=DeclarationStatus.TO_FILL)
    owing = office.get(reverse("portal:cockpit"), {"filtre": "solde_du"}).content.decode()
    assert "ENTREPRISE A" in owing and "ENTREPRISE C" not in owing
    to_fill = office.get(reverse("portal:cockpit"), {"filtre": "a_saisir"}).content.decode()
    assert "ENTREPRISE C" in to_fill and "ENTREPRISE A" not in to_fill
    found = office.get(reverse("portal:cockpit"), {"q": "900003"}).content.decode()
    assert "ENTREPRISE C" in found and "ENTREPRISE A" not in found
    by_balance = office.get(reverse("portal:cockpit"), {"tri": "-balance"}).content.decode()
    assert by_balance.index("ENTREPRISE A") < by_balance.index("ENTREPRISE C")
    htmx = office.get(reverse("portal:cockpit"), {"filtre": "retard"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in htmx and "Aucune entreprise" in htmx


def test_junk_parameters_fall_back_to_defaults(office, member_a):
    response = office.get(reverse("portal:cockpit"), {"filtre": "<script>", "tri": "password", "q": "x" * 500})
    assert response.status_code == 200


def test_xlsx_export_has_one_row_per_client(office, member_a, member_c):
    issued_invoice(member_a, amount_ht="250.00", issue_date=date(2026, 1, 15))
    response = office.get(reverse("portal:cockpit_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "N° adhérent"
    assert {row[0] for row in rows[1:]} == {"900001", "900003"}
    row_a = next(row for row in rows if row[0] == "900001")
    assert row_a[2] == 300


def test_open_link_switches_to_the_company(office, member_c):
    response = office.post(reverse("accounts:switch_member"), {"member": member_c.pk})
    assert response.status_code == 302
    assert "ENTREPRISE C" in office.get("/").content.decode()


def test_only_mandataires_have_a_cockpit(client_a):
    assert client_a.get(reverse("portal:cockpit")).status_code == 403
    assert client_a.get(reverse("portal:cockpit_export")).status_code == 403


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("portal:cockpit"))
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_query_count_is_fixed_at_500_clients(db):
    cabinet = MandataireFactory()
    template = MemberFactory.build()
    members = Member.objects.bulk_create([
        Member(number=f"{500000 + i}", name=f"CLIENT {i:03d}", siret=template.siret, address_line1="1 rue",
               postal_code="13001", city="MARSEILLE", naf_code="86.21Z") for i in range(500)
    ])
    Mandate.objects.bulk_create([Mandate(mandataire=cabinet, member=member) for member in members])
    for member in members[:3]:
        issued_invoice(member)
        DeclarationFactory(member=member)
        _overdue(member)
    client = logged_in(cabinet)
    client.get(reverse("portal:cockpit"))  # the session's first request also writes it (idle refresh)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:cockpit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<tr>") == 101  # the header and the first page of 100
    assert "500 entreprises, de 1 à 100 sur cette page" in page and "Page 1 sur 5" in page
    assert len(queries) <= 10, "\n".join(q["sql"][:150] for q in queries)
    overdue = client.get(reverse("portal:cockpit"), {"filtre": "retard"}).content.decode()
    assert "Salariés en retard de visite : <strong>3</strong>" in overdue and overdue.count("<tr>") == 4


def test_pages_keep_the_search_filter_and_sort(office, mandataire, monkeypatch):
    monkeypatch.setattr("portail.portal.cockpit_views.PAGE_SIZE", 2)
    for n in range(5):
        member = MemberFactory(number=f"95000{n}", name=f"CLIENT {n}")
        Mandate.objects.create(mandataire=mandataire, member=member)
        issued_invoice(member, amount_ht=f"{100 + n}.00")
    first = office.get(reverse("portal:cockpit"), {"q": "CLIENT", "filtre": "solde_du", "tri": "-balance"})
    page = first.content.decode()
    assert "5 entreprises, de 1 à 2 sur cette page" in page
    assert "q=CLIENT&amp;filtre=solde_du&amp;tri=-balance&amp;page=2" in page
    second = office.get(reverse("portal:cockpit"),
                        {"q": "CLIENT", "filtre": "solde_du", "tri": "-balance", "page": "2"}).content.decode()
    assert "CLIENT 2" in second and "CLIENT 4" not in second and "CLIENT 0" not in second
    assert office.get(reverse("portal:cockpit"), {"page": "9999"}).status_code == 200  # the last page, no error


def test_each_filter_says_how_many_companies_it_keeps(office, member_a, member_c):
    issued_invoice(member_a, amount_ht="250.00")
    DeclarationFactory(member=member_c, status=DeclarationStatus.TO_FILL)
    _overdue(member_c, 2)
    page = office.get(reverse("portal:cockpit")).content.decode()
    assert "Solde dû &gt; 0 : <strong>1</strong>" in page and "Déclaration à saisir : <strong>1</strong>" in page
    assert "Salariés en retard de visite : <strong>1</strong>" in page and "Demandes en cours : <strong>0</strong>" in page
    assert "filtre=solde_du" in page
    searched = office.get(reverse("portal:cockpit"), {"q": "ENTREPRISE A"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Déclaration à saisir : <strong>0</strong>" in searched  # the counts follow the search
