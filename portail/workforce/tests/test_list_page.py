"""The employee list page (filters drawn by `{% field %}` / `{% widget %}`, the next appointment read in the
employee query) prints exactly what the former template printed (kept in tests/legacy/list.html: the four
`{% include "core/_field.html" %}` and `{{ filter_form.sort }}`), whatever the filters, valid or not."""

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from portail.appointments.tests.factories import AppointmentFactory
from portail.workforce.tests.factories import EmployeeFactory

LEGACY = engines["django"].from_string((Path(__file__).parent / "legacy" / "list.html").read_text())

CASES = {
    "no filter": {},
    "search": {"q": "mar"},
    "category": {"category": "SIR"},
    "contract": {"contract": "INTERIM"},
    "former employees": {"status": "anciens"},
    "all employees": {"status": "tous"},
    "sorted": {"sort": "-embauche"},
    "second page": {"page": "2"},
    "every filter": {"q": "du", "category": "SIA", "contract": "CDD", "status": "tous", "sort": "prenom", "page": "1"},
    "unknown category": {"category": "XYZ<b>"},
    "unknown status and contract": {"status": "partis", "contract": "CDI&"},
    "search too long": {"q": "x" * 81},
    "bad page and sort": {"page": "0", "sort": "y" * 21},
    "HTML in the search": {"q": "<script>alert('x')</script> & \"co\""},
    "empty values": {"q": "", "category": "", "contract": "", "status": ""},
}


@pytest.fixture
def listed(member_a):
    EmployeeFactory(member=member_a, birth_name="MARTIN <&>", declared_category="SIR", contract="INTERIM")
    EmployeeFactory(member=member_a, birth_name="DUPONT", first_name="Marc", declared_category="SIA", contract="CDD")
    planned = EmployeeFactory(member=member_a, birth_name="DURAND")
    AppointmentFactory(employee=planned, start=datetime(2030, 3, 4, 8, 30, tzinfo=ZoneInfo("Europe/Paris")))
    EmployeeFactory(member=member_a, birth_name="PARTI", exit_date=datetime(2025, 1, 31).date())
    return member_a


@pytest.mark.parametrize("params", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_page_equals_the_former_template(client, member_admin, listed, params, htmx):
    client.force_login(member_admin)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/salaries/?" + urlencode(params), headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    if htmx:  # the fragment alone: tests/test_table_rows.py compares it with its former template
        assert "<form" not in html
        return
    assert html == LEGACY.render(response.context[0].flatten())  # the page's own context (its includes follow)
    assert "<script>alert" not in html


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
