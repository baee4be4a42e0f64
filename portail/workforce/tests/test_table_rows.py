"""`{% employee_rows %}` prints exactly what the template loop it replaced printed (kept in
tests/legacy/_table.html), on rows covering every branch of that loop."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.template.loader import get_template

from portail.appointments.tests.factories import AppointmentFactory
from portail.workforce import selectors
from portail.workforce.tests.factories import EmployeeFactory

LEGACY = engines["django"].from_string((Path(__file__).parent / "legacy" / "_table.html").read_text())


def _rows(member, status):
    """The rows as the view gets them: the list's deferred fields plus `next_appointment`, read in the same query."""
    filters = selectors.EmployeeFilters(status=status)
    page = selectors.employee_list(member=member, filters=filters)
    return {"page": page, "filters": filters, "query": f"status={status}&amp;q=a%26b"}


@pytest.fixture
def varied(member_a):
    EmployeeFactory(
        member=member_a,
        birth_name="<script>alert('x')</script>",
        usage_name="DUPONT & FILS",
        first_name='Zoé "Z" <b>',
        job_title="R&D <i>",
        declared_category="SIR",
        contract="INTERIM",
    )
    EmployeeFactory(member=member_a, birth_name="SIA", declared_category="SIA", contract="CDD")
    EmployeeFactory(member=member_a, birth_name="VALIDE", declared_category="SI", service_category="SIR")
    planned = EmployeeFactory(member=member_a, birth_name="PLANIFIE", contract="APPRENTICE")
    AppointmentFactory(employee=planned, start=datetime(2030, 3, 4, 8, 30, tzinfo=ZoneInfo("Europe/Paris")))
    AppointmentFactory(employee=planned, start=datetime(2031, 1, 1, 9, tzinfo=ZoneInfo("Europe/Paris")))
    EmployeeFactory(member=member_a, birth_name="SORTI", exit_date=date(2026, 6, 30), declared_category="SIA")
    EmployeeFactory(
        member=member_a, birth_name="SORTI & <RÉ>", exit_date=date.today() - timedelta(days=3), contract="OTHER"
    )
    return member_a


@pytest.mark.parametrize("status", ["presents", "anciens", "tous"])
def test_rows_equal_the_former_template(varied, status):
    context = _rows(varied, status)
    assert context["page"].rows
    html = get_template("workforce/_table.html").render(context)
    assert html == LEGACY.render(context)
    assert "<script>" not in html
    if status != "anciens":
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_every_branch_is_drawn(varied):
    html = get_template("workforce/_table.html").render(_rows(varied, "tous"))
    for fragment in (
        'class="badge alert">SIR<',
        'class="badge warning">SIA<',
        'class="badge ok">SI<',
        "04/03/2030 à 08:30",
        "<td>—</td>",
        "<td>30/06/2026</td>",
        "Réembaucher",
        "Sortir le salarié",
        "DUPONT &amp; FILS",
        "Zoé &quot;Z&quot; &lt;b&gt;",
        "intérim",
    ):
        assert fragment in html, fragment


@pytest.mark.parametrize("status", ["presents", "anciens"])
def test_empty_list_equals_the_former_template(member_a, status):
    context = _rows(member_a, status)
    assert not context["page"].rows
    html = get_template("workforce/_table.html").render(context)
    assert html == LEGACY.render(context)
    assert "Aucun salarié ne correspond à votre recherche." in html


def test_page_of_the_view(client, member_admin, varied):
    """Through the view (htmx answers the fragment alone): same HTML as the former template."""
    client.force_login(member_admin)
    response = client.get("/salaries/?status=tous", headers={"HX-Request": "true"})
    assert response.status_code == 200
    context = response.context.flatten()
    assert response.content.decode() == LEGACY.render(context)
