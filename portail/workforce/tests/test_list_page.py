"""The employee list page ("Liste de vos salariés"): its columns, the links of each row, escaping, the empty state,
pagination, the filters and their errors, and what it costs in queries."""

from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portail.appointments.tests.factories import AppointmentFactory
from portail.core.tests.html import links, table
from portail.workforce.tests.factories import EmployeeFactory

CAPTION = "Liste de vos salariés"
# Issue 18: the columns that matter, so that the row and its actions menu fit a 1280 px screen.
COLUMNS = ["Salarié", "Poste", "Contrat", "Embauche", "Catégorie", "Prochain rendez-vous"]
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def listed(member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN <&>", declared_category="SIR", contract="INTERIM")
    EmployeeFactory(member=member_a, birth_name="DUPONT", first_name="Marc", declared_category="SIA", contract="CDD")
    planned = EmployeeFactory(member=member_a, birth_name="DURAND")
    AppointmentFactory(employee=planned, start=datetime(2030, 3, 4, 8, 30, tzinfo=PARIS))
    EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=datetime(2025, 1, 31).date())
    return member_a


def _page(client, **params) -> str:
    response = client.get("/salaries/?" + urlencode(params))
    assert response.status_code == 200
    return response.content.decode()


def test_columns_and_one_row_per_present_employee(client_a, listed):
    shown = table(_page(client_a), CAPTION)
    assert shown.head == [[*COLUMNS, "Actions"]]
    assert [row[0] for row in shown.rows] == ["DUPONT Marc Naissance : 12/04/1985",
                                              "DURAND Camille Naissance : 12/04/1985",
                                              "MARTIN <&> Camille Naissance : 12/04/1985"]
    assert shown.rows[0][1:6] == ["Assistante", "contrat à durée déterminée", "06/01/2020", "SIA", "—"]
    assert shown.rows[1][5] == "04/03/2030 à 08:30"
    assert all(row[6].startswith("Actions pour ") for row in shown.rows)  # one menu per row


def test_former_employees_get_an_exit_date_column(client_a, listed):
    shown = table(_page(client_a, status="anciens"), CAPTION)
    assert shown.head == [[*COLUMNS, "Date de sortie", "Actions"]]
    assert [row[:7] for row in shown.rows] == [["PARTI Camille Naissance : 12/04/1985", "Assistante",
                                                "contrat à durée indéterminée", "06/01/2020", "SI", "—", "31/01/2025"]]
    assert "Réembaucher PARTI Camille" in shown.rows[0][7] and "Sortir" not in shown.rows[0][7]


def test_each_row_links_to_its_own_employee(client_a, listed):
    dupont = listed.employees.get(birth_name="DUPONT")
    parti = listed.employees.get(birth_name="PARTI")
    found = links(_page(client_a, status="tous"))
    assert found["DUPONT"] == f"/salaries/{dupont.pk}/"
    assert found["Modifier DUPONT Marc"] == f"/salaries/{dupont.pk}/modifier/"
    assert found["Sortir le salarié DUPONT Marc"] == f"/salaries/{dupont.pk}/sortir/"
    assert found["Réembaucher PARTI Camille"] == f"/salaries/{parti.pk}/reembaucher/"
    assert found["Voir la fiche de DUPONT Marc"] == f"/salaries/{dupont.pk}/"
    assert "Sortir le salarié PARTI Camille" not in found


@time_machine.travel(datetime(2026, 5, 12, 10, tzinfo=PARIS))
def test_a_planned_exit_is_shown_instead_of_the_exit_link(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="PARTANT", exit_date=date(2026, 6, 30))
    html = _page(client_a)
    assert '<span class="badge warning">Sortie prévue le 30/06/2026</span>' in html
    assert "Sortir le salarié" not in html and "Réembaucher" not in html


def test_categories_are_coloured_by_level(client_a, listed):
    html = _page(client_a)
    assert '<span class="badge alert">SIR</span>' in html
    assert '<span class="badge warning">SIA</span>' in html
    assert '<span class="badge ok">SI</span>' in html


def test_names_are_escaped(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="<script>alert('x')</script>", usage_name="DUPONT & FILS",
                    first_name='Zoé "Z"', job_title="R&D <i>")
    html = _page(client_a)
    assert "<script>alert" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "(DUPONT &amp; FILS)" in html and '<td class="wide-only" data-label="Poste">R&amp;D &lt;i&gt;</td>' in html
    assert "Zoé &quot;Z&quot;" in html


@pytest.mark.parametrize("status,columns", [("presents", 7), ("anciens", 8)])
def test_an_empty_list_says_so_across_the_table(client_a, member_a, status, columns):
    html = _page(client_a, status=status)
    assert table(html, CAPTION).rows == [["Aucun salarié ne correspond à votre recherche."]]
    assert f'<td colspan="{columns}">Aucun salarié ne correspond à votre recherche.</td>' in html


def test_a_long_list_is_paginated(client_a, member_a):
    for i in range(51):
        EmployeeFactory(member=member_a, birth_name=f"NOM{i:02d}")
    first = _page(client_a)
    assert len(table(first, CAPTION).rows) == 50
    assert links(first)["Page suivante"].endswith("&page=2")
    assert "Page précédente" not in links(first)
    second = _page(client_a, page=2)
    assert [row[0].split()[0] for row in table(second, CAPTION).rows] == ["NOM50"]
    assert "Page précédente" in links(second) and "Page suivante" not in links(second)


def test_htmx_gets_the_table_alone(client_a, listed):
    response = client_a.get("/salaries/?status=tous", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<form" not in html and "<h1>" not in html
    assert len(table(html, CAPTION).rows) == 4


def test_another_members_employees_are_not_listed(client_a, listed, member_b):
    EmployeeFactory(member=member_b, birth_name="AILLEURS")
    assert "AILLEURS" not in _page(client_a, status="tous")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/salaries/")
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_a_full_page_costs_a_bounded_number_of_queries(client_a, member_a, django_assert_max_num_queries):
    for i in range(50):
        employee = EmployeeFactory(member=member_a, birth_name=f"NOM{i:02d}", exit_date=date(2020, 1, 1) if i % 5 else None)
        AppointmentFactory(employee=employee, start=datetime(2030, 3, 4, 8, 30, tzinfo=PARIS) + timedelta(days=i))
    with django_assert_max_num_queries(10):
        assert len(table(_page(client_a, status="tous"), CAPTION).rows) == 50


def test_invalid_values_show_their_error(client, member_admin, listed):
    client.force_login(member_admin)
    html = client.get("/salaries/?" + urlencode({"category": "XYZ<b>", "q": "<i>"})).content.decode()
    assert '<div class="field has-error">' in html
    assert 'aria-invalid="true" aria-describedby="id_category_error" id="id_category"' in html
    assert "Sélectionnez un choix valide. XYZ&lt;b&gt; n’en fait pas partie." in html
    assert 'value="&lt;i&gt;"' in html


def test_selected_options_follow_the_filters(client, member_admin, listed):
    client.force_login(member_admin)
    html = client.get("/salaries/?" + urlencode({"contract": "CDD", "status": "tous"})).content.decode()
    assert '<option value="CDD" selected>contrat à durée déterminée</option>' in html
    assert '<option value="tous" selected>Tous</option>' in html
    assert '<option value="" selected>Toutes</option>' in html  # category: no filter
    assert html.count(" selected>") == 3


def test_next_appointment_in_the_employee_query(client, member_admin, listed, django_assert_num_queries):
    """The "Prochain rendez-vous" column comes with the employees: no query of its own."""
    client.force_login(member_admin)
    client.get("/salaries/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/salaries/").content.decode()
    assert "04/03/2030 à 08:30" in html
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "appointments_appointment"')]


@pytest.mark.parametrize("sort", ["nom", "-embauche", "prenom"])
def test_deep_pages_show_the_same_rows(member_a, monkeypatch, sort):
    """Past DEEP_OFFSET the page's ids are chosen first: same rows, same order, same next appointments."""
    from portail.workforce import selectors

    employees = [EmployeeFactory(member=member_a, birth_name=f"NOM{i % 4}", first_name=f"P{i % 3}") for i in range(13)]
    AppointmentFactory(employee=employees[7], start=datetime(2030, 3, 4, 8, 30, tzinfo=ZoneInfo("Europe/Paris")))
    filters = selectors.EmployeeFilters(sort=sort)

    def pages():
        return [selectors.employee_list(member=member_a, filters=filters, page=n, page_size=3) for n in range(1, 7)]

    def shown(page):
        return [(e.pk, e.next_appointment) for e in page.rows], page.has_next

    direct = [shown(page) for page in pages()]
    monkeypatch.setattr(selectors, "DEEP_OFFSET", 3)
    assert [shown(page) for page in pages()] == direct
    assert sum(len(rows) for rows, _ in direct) == 13 and direct[4][1] is False
    assert any(start for rows, _ in direct for _, start in rows)


def test_next_appointment_column_follows_next_appointment_for(member_a, member_b):
    """The SQL column of the list and appointments' own rule give the same start for every employee: the
    earliest planned appointment from now on; cancelled, done and past ones are not "next"."""
    from datetime import timedelta

    from django.utils import timezone

    from portail.appointments.models import AppointmentStatus
    from portail.appointments.selectors import next_appointment_for
    from portail.workforce import selectors

    now = timezone.now()
    employees = [EmployeeFactory(member=member_a, birth_name=f"E{i}") for i in range(5)]
    AppointmentFactory(employee=employees[0], start=now + timedelta(days=30))
    AppointmentFactory(employee=employees[0], start=now + timedelta(days=3, minutes=7))
    AppointmentFactory(employee=employees[0], start=now - timedelta(days=3))
    AppointmentFactory(employee=employees[1], start=now + timedelta(days=1), status=AppointmentStatus.CANCELLED)
    AppointmentFactory(employee=employees[1], start=now + timedelta(days=9))
    AppointmentFactory(employee=employees[2], start=now - timedelta(hours=1))
    AppointmentFactory(employee=employees[3], start=now + timedelta(days=2), status=AppointmentStatus.DONE)
    AppointmentFactory(employee=EmployeeFactory(member=member_b), start=now + timedelta(days=1))
    rows = selectors.employee_list(member=member_a, filters=selectors.EmployeeFilters()).rows
    expected = next_appointment_for(rows)
    assert {e.pk: e.next_appointment for e in rows} == {e.pk: expected.get(e.pk) for e in rows}
    assert len(expected) == 2 and all(start.tzinfo is not None for start in expected.values())
