"""Issue 18: an employee's exit is asked for on the form, then confirmed on a page that says what it does."""

from portail.workforce.tests.factories import EmployeeFactory


def test_the_exit_form_leads_to_a_question_before_anything_changes(client_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="PETIT", first_name="Léa")
    url = f"/salaries/{employee.pk}/sortir/"
    page = client_a.post(url, {"exit_date": "2025-06-30", "exit_reason": "RESIGNATION"}).content.decode()
    assert "Sortir PETIT Léa de votre effectif ?" in page and "30/06/2025" in page and "démission" in page
    assert '<input type="hidden" name="exit_date" value="2025-06-30">' in page
    employee.refresh_from_db()
    assert employee.exit_date is None
    response = client_a.post(url, {"exit_date": "2025-06-30", "exit_reason": "RESIGNATION", "confirme": "oui"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert str(employee.exit_date) == "2025-06-30"


def test_a_wrong_date_is_said_on_the_form_not_asked_about(client_a, member_a):
    employee = EmployeeFactory(member=member_a)
    page = client_a.post(f"/salaries/{employee.pk}/sortir/", {"exit_date": "", "exit_reason": "RESIGNATION"})
    assert "de votre effectif ?" not in page.content.decode()


def test_another_members_employee_answers_404(client_a, member_b):
    employee = EmployeeFactory(member=member_b)
    response = client_a.post(f"/salaries/{employee.pk}/sortir/", {"exit_date": "2025-06-30",
                                                                   "exit_reason": "RESIGNATION", "confirme": "oui"})
    assert response.status_code == 404
