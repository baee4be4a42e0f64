import io
from datetime import date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portail.audit.models import Event
from portail.members.freshness import member_data_changed
from portail.workforce import nir as nirlib
from portail.workforce.services import employee_update
from portail.workforce.tests.factories import EmployeeFactory


def test_xlsx_has_rows_dates_and_neutralised_formulas(client_a, member_a, member_b):
    EmployeeFactory(
        member=member_a, birth_name='=HYPERLINK("http://x")', job_title="+33 cmd", birth_date=date(1985, 4, 12)
    )
    EmployeeFactory(member=member_a, birth_name="BLANC")
    EmployeeFactory(member=member_b, birth_name="INTRUS")
    from openpyxl import load_workbook

    response = client_a.get("/salaries/export.xlsx")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nom de naissance" and rows[0][-1] == "N° Sécurité Sociale"
    assert len(rows) == 3 and not any("INTRUS" in str(r) for r in rows)
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    formula_row = rows[1 + names.index('\'=HYPERLINK("http://x")')]
    assert formula_row[5] == "'+33 cmd"
    assert isinstance(formula_row[3], datetime) and formula_row[3].date() == date(1985, 4, 12)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert Event.objects.filter(action="employee.export", data__format="xlsx", data__nir=True).exists()


def test_csv_has_bom_semicolons_and_neutralised_cells(client_a, member_a):
    nir = nirlib.generate(sex="F", birth_date=date(1985, 4, 12), order=7)
    EmployeeFactory(member=member_a, birth_name="@SUM(A1)", nir=nir)
    response = client_a.get("/salaries/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffNom de naissance;Nom marital;")
    assert "'@SUM(A1);" in body and "12/04/1985" in body and nir in body


def test_mandataire_exports_hold_the_masked_nir_only(client, mandataire, member_a):
    nir = nirlib.generate(sex="F", birth_date=date(1985, 4, 12), order=8)
    EmployeeFactory(member=member_a, nir=nir)
    client.force_login(mandataire)
    session = client.session
    session["current_member_id"] = member_a.pk
    session.save()
    response = client.get("/salaries/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert nir not in body and nirlib.mask(nir) in body
    assert body.splitlines()[0].endswith(";N° Sécurité Sociale (masqué)")
    assert Event.objects.filter(action="employee.export", data__format="csv", data__nir=False).exists()


def test_pdf_has_member_name_and_page_numbers(client_a, member_a):
    from pypdf import PdfReader

    EmployeeFactory(member=member_a, birth_name="LEROY")
    response = client_a.get("/salaries/export.pdf")
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ENTREPRISE A" in text and "LEROY" in text and "Page 1 / 1" in text


def test_print_view_lists_employees_with_member_and_date(client_a, member_a):
    EmployeeFactory(member=member_a, birth_name="LEROY")
    html = client_a.get("/salaries/imprimer/").content.decode()
    assert "ENTREPRISE A" in html and "LEROY" in html and "Édité le" in html


def _urls(pk):
    return [
        ("get", f"/salaries/{pk}/"),
        ("get", f"/salaries/{pk}/modifier/"),
        ("post", f"/salaries/{pk}/modifier/"),
        ("get", f"/salaries/{pk}/sortir/"),
        ("post", f"/salaries/{pk}/sortir/"),
        ("get", f"/salaries/{pk}/reembaucher/"),
        ("post", f"/salaries/{pk}/reembaucher/"),
        ("post", f"/salaries/{pk}/nir/"),
    ]


def test_another_members_employee_answers_404_everywhere(client_b, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="SECRET")
    for method, url in _urls(employee.pk):
        assert getattr(client_b, method)(url).status_code == 404, url
    for url in ("/salaries/", "/salaries/export.xlsx", "/salaries/imprimer/", "/salaries/?status=tous"):
        assert b"SECRET" not in client_b.get(url).content, url
    assert b"SECRET" not in b"".join(client_b.get("/salaries/export.csv").streaming_content)


def test_anonymous_is_sent_to_login(client, member_a):
    employee = EmployeeFactory(member=member_a)
    for url in [
        "/salaries/",
        "/salaries/ajouter/",
        "/salaries/export.xlsx",
        "/salaries/export.csv",
        "/salaries/export.pdf",
        "/salaries/imprimer/",
        "/salaries/pcs/",
    ] + [u for m, u in _urls(employee.pk) if m == "get"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/connexion/"), url


def test_pcs_search_returns_display_options(client_a):
    html = client_a.get("/salaries/pcs/?pcs_code=344b").content.decode()
    assert "344B – Médecins salariés non hospitaliers" in html


def _list_queries(client, member):
    member_data_changed(member_ids=[member.pk])  # measure the table drawn anew, not the one cached for this data
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/salaries/?q=n&sort=-embauche").status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(client_a, member_a):
    EmployeeFactory.create_batch(10, member=member_a)
    _list_queries(client_a, member_a)  # the first page view of a session also fills the caches and refreshes it
    small = _list_queries(client_a, member_a)
    EmployeeFactory.create_batch(90, member=member_a)
    assert _list_queries(client_a, member_a) == small
    member_data_changed(member_ids=[member_a.pk])
    with CaptureQueriesContext(connection) as queries:
        client_a.get("/salaries/")
    employee_sql = [q["sql"].upper() for q in queries.captured_queries if "WORKFORCE_EMPLOYEE" in q["sql"].upper()]
    assert len(employee_sql) == 1 and "COUNT(" not in employee_sql[0] and "LIMIT 51" in employee_sql[0]


def test_pagination_uses_limit_plus_one(client_a, member_a):
    EmployeeFactory.create_batch(51, member=member_a)
    html = client_a.get("/salaries/").content.decode()
    assert "Page suivante" in html
    assert "Page suivante" not in client_a.get("/salaries/?page=2").content.decode()


def test_list_shows_changes_right_after_a_cached_view(client_a, member_a, member_admin, client, member_b):
    first = EmployeeFactory(member=member_a, birth_name="PREMIER")
    assert "PREMIER" in client_a.get("/salaries/").content.decode()
    EmployeeFactory(member=member_a, birth_name="SECOND")
    employee_update(employee=first, actor=member_admin, data={"job_title": "Poste renommé"})
    page = client_a.get("/salaries/").content.decode()
    assert "SECOND" in page and "Poste renommé" in page
    assert "PREMIER" not in client_a.get("/salaries/?q=SECOND").content.decode()  # a search is its own table
    EmployeeFactory(member=member_b, birth_name="AUTRE")
    assert "AUTRE" not in client_a.get("/salaries/").content.decode()
