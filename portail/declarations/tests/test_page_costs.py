"""The list reuses what it computed under the member's data stamp (portail.members.freshness) and the filling page
reads a fixed number of queries, whatever the number of employees: each test shows a page first, changes the data,
and checks the page shows the change."""

from datetime import date

from django.urls import reverse

from portail.declarations import services
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import CampaignFactory, DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory, employee_hired


def _fill(client, declaration) -> str:
    return client.get(reverse("declarations:fill", args=[declaration.pk])).content.decode()


def test_fill_page_shows_an_employee_added_after_it_was_shown(client_a, declaration_a, employees_a, member_a):
    assert 'data-testid="count-SI">2<' in _fill(client_a, declaration_a)
    added = employee_hired(member_a)
    html = _fill(client_a, declaration_a)
    assert 'data-testid="count-SI">3<' in html and f'id="salarie-{added.pk}"' in html


def test_htmx_exit_after_a_view_draws_the_counts_without_the_employee(client_a, declaration_a, member_a):
    # The exit's response is drawn in the request that wrote it, whose member still holds the former stamp.
    leaving = EmployeeFactory(member=member_a, pcs_code="344B")
    EmployeeFactory(member=member_a, pcs_code="344B")
    assert 'data-testid="count-SI">2<' in _fill(client_a, declaration_a)
    totals = reverse("declarations:totals", args=[declaration_a.pk])
    assert 'data-testid="count-SI">2<' in client_a.get(totals).content.decode()
    url = reverse("declarations:employee_exit", args=[declaration_a.pk, leaving.pk])
    response = client_a.post(url, {"exit_date": "2025-12-15", "exit_reason": "RESIGNATION"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="count-SI">1<' in response.content.decode()
    assert 'data-testid="count-SI">1<' in client_a.get(totals).content.decode()
    assert 'data-testid="count-SI">1<' in _fill(client_a, declaration_a)


def test_fill_page_drops_the_problems_of_a_record_completed_and_of_an_exit_declared(client_a, declaration_a,
                                                                                   member_a):
    # The guide's path: the page shown with its problems, a record completed, an exit declared, the page again.
    incomplete = EmployeeFactory(member=member_a, pcs_code="", hire_date=date(2020, 1, 6))
    over = EmployeeFactory(member=member_a, pcs_code="344B", hire_date=date(2020, 1, 6), contract="CDD",
                           contract_end=date(2025, 6, 30))
    html = _fill(client_a, declaration_a)
    assert "le code PCS est manquant" in html and "a pris fin" in html
    complete = reverse("declarations:employee_complete", args=[declaration_a.pk, incomplete.pk])
    assert client_a.post(complete, {"pcs_code": "344B", "job_title": incomplete.job_title or "Comptable"}).status_code == 302
    assert "le code PCS est manquant" not in _fill(client_a, declaration_a)
    exit_url = reverse("declarations:employee_exit", args=[declaration_a.pk, over.pk])
    answer = client_a.post(exit_url, {"exit_date": "2025-06-30", "exit_reason": "END_CDD"}, HTTP_HX_REQUEST="true")
    assert "a pris fin" not in answer.content.decode()
    html = _fill(client_a, declaration_a)
    assert "a pris fin" not in html and 'data-testid="problems"' not in html


def test_fill_page_shows_last_years_total_once_it_is_confirmed(client_a, declaration_a, employees_a, member_a,
                                                               member_admin):
    last_year = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2025))
    assert "Effectif déclaré l'an dernier" not in _fill(client_a, declaration_a)
    services.declaration_submit(declaration=last_year, actor=member_admin, send_email=False)
    assert "Effectif déclaré l'an dernier : 4." in _fill(client_a, declaration_a)


def test_list_shows_a_draft_saved_after_it_was_shown(client_a, declaration_a, employees_a, member_admin):
    url = reverse("declarations:list")
    assert 'decl-status to-fill">À saisir' in client_a.get(url).content.decode()
    services.declaration_save_draft(declaration=declaration_a, actor=member_admin, headcount_change_confirmed=False)
    html = client_a.get(url).content.decode()
    assert 'decl-status in-progress">En cours' in html and "À saisir</span>" not in html.split("<h3")[0]


def test_list_offers_to_fill_the_most_recent_open_declaration(client_a, member_a, declaration_a):
    older = DeclarationFactory(member=member_a, campaign=CampaignFactory(year=2025),
                               status=DeclarationStatus.IN_PROGRESS)
    html = client_a.get(reverse("declarations:list")).content.decode()
    header = html.split('<table data-testid="declarations" class="stack">')[0]
    assert reverse("declarations:fill", args=[declaration_a.pk]) in header
    assert reverse("declarations:fill", args=[older.pk]) not in header


def test_query_budgets(client_a, declaration_a, employees_a, django_assert_num_queries):
    """User and member (the session comes from the cache), then the page's own: the declarations (list); the declaration with its campaign and
    the page of the nominative list, the counts by category, the employees that may have something to fix, the
    amount invoiced and last year's total (form), whatever the number of employees."""
    fill = reverse("declarations:fill", args=[declaration_a.pk])
    client_a.get(reverse("help:index"))  # the session's first page: its one-off reads and writes
    with django_assert_num_queries(3):
        client_a.get(reverse("declarations:list"))
    with django_assert_num_queries(2):
        client_a.get(reverse("declarations:list"))
    with django_assert_num_queries(8):
        client_a.get(fill)
