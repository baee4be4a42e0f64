"""Tab 2.5 as a member (or a mandataire) uses it, and tenant isolation on every view and PDF."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portail.declarations import services
from portail.declarations.models import DeclarationStatus
from portail.declarations.tests.factories import DeclarationFactory
from portail.workforce.tests.factories import EmployeeFactory


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_list_shows_columns_legend_and_buttons(client_a, declaration_a):
    response = client_a.get(reverse("declarations:list"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Liste des déclarations", "N° déclaration", "Période", "Statut", "Année 2026",
                 "Saisir votre déclaration", "Non saisissable", "En cours", "À saisir"):
        assert text in html
    # five legend entries, each a CSS class with its text (never colour alone)
    for css in ("validated", "confirmed", "in-progress", "to-fill", "closed"):
        assert f'decl-status {css}">' in html
    assert 'decl-status to-fill">À saisir' in html


def test_anonymous_is_sent_to_login(client, declaration_a):
    for name in ("list",):
        assert client.get(reverse(f"declarations:{name}"))["Location"].startswith("/connexion/")
    for name in ("fill", "detail", "acknowledgement", "print", "totals"):
        response = client.get(reverse(f"declarations:{name}", args=[declaration_a.pk]))
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("name", ["fill", "detail", "acknowledgement", "print", "totals"])
def test_another_members_declaration_is_404(client_b, declaration_a, name):
    assert client_b.get(reverse(f"declarations:{name}", args=[declaration_a.pk])).status_code == 404


def test_another_members_employee_cannot_be_exited_or_completed(client_b, other_member, member_b, campaign,
                                                               member_a):
    mine = DeclarationFactory(member=member_b, campaign=campaign)
    theirs = EmployeeFactory(member=member_a)
    url = reverse("declarations:employee_exit", args=[mine.pk, theirs.pk])
    assert client_b.post(url, {"exit_date": "2026-02-01", "exit_reason": "OTHER"}).status_code == 404
    assert client_b.get(reverse("declarations:employee_complete", args=[mine.pk, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.exit_date is None


def test_fill_page_prefilled_with_counts_and_amount(client_a, declaration_a, employees_a):
    response = client_a.get(reverse("declarations:fill", args=[declaration_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-SI">2<' in html and 'data-testid="count-SIR">1<' in html
    assert "528,00" in html  # 440 HT + 20 % VAT
    assert employees_a[0].birth_name in html


def test_draft_is_saved_then_submitted_then_locked(client_a, declaration_a, employees_a, mailoutbox):
    url = reverse("declarations:fill", args=[declaration_a.pk])
    response = client_a.post(url, {"brouillon": "1"})
    assert response.status_code == 302
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.IN_PROGRESS
    response = client_a.post(url, {"transmettre": "1", "confirme": "oui"})
    declaration_a.refresh_from_db()
    assert response["Location"] == reverse("declarations:detail", args=[declaration_a.pk])
    assert declaration_a.status == DeclarationStatus.CONFIRMED
    page = client_a.get(response["Location"]).content.decode()
    assert "Confirmée" in page and declaration_a.number in page
    # a confirmed declaration is not editable any more
    assert client_a.get(url)["Location"] == reverse("declarations:detail", args=[declaration_a.pk])
    client_a.post(url, {"brouillon": "1"})
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.CONFIRMED


def test_submit_with_problems_shows_french_messages(client_a, declaration_a, member_a):
    EmployeeFactory(member=member_a, birth_name="DURAND", first_name="Léa", pcs_code="", declared_category="SIR",
                    determinants=["NONE"])
    response = client_a.post(reverse("declarations:fill", args=[declaration_a.pk]), {"transmettre": "1"})
    assert response.status_code == 400  # what blocks is said at once: no question first
    body = response.content.decode()
    assert "DURAND Léa : salarié en suivi renforcé (SIR) sans déterminant." in body
    # The missing PCS code is listed as a warning, apart from what blocks.
    assert 'data-testid="warnings"' in body and "DURAND Léa : le code PCS est manquant." in body


def test_transmitting_asks_first_with_the_headcount_and_amount(client_a, declaration_a, employees_a):
    """Issue 18: a transmitted declaration can no longer change: the member is asked, on a page of its own."""
    url = reverse("declarations:fill", args=[declaration_a.pk])
    response = client_a.post(url, {"transmettre": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Transmettre votre déclaration d&#x27;effectif" in page and "Oui, transmettre ma déclaration" in page
    assert re.search(r"<dt>Effectif déclaré</dt><dd>\d+ salariés</dd>", page) and "528,00" in page
    assert '<input type="hidden" name="transmettre" value="1">' in page
    declaration_a.refresh_from_db()
    assert declaration_a.status != DeclarationStatus.CONFIRMED


def test_an_exit_made_in_place_says_so_there_and_not_on_the_next_page(client_a, declaration_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="PETIT", pcs_code="344B")
    url = reverse("declarations:employee_exit", args=[declaration_a.pk, employee.pk])
    response = client_a.post(url, {"exit_date": "2025-12-15", "exit_reason": "RESIGNATION"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert 'data-testid="inplace-messages"' in fragment and "La sortie de PETIT" in fragment
    assert "La sortie de PETIT" not in client_a.get(reverse("declarations:list")).content.decode()


def test_complete_flagged_employee_in_place(client_a, declaration_a, member_a):
    employee = EmployeeFactory(member=member_a, birth_name="DURAND", pcs_code="")
    url = reverse("declarations:employee_complete", args=[declaration_a.pk, employee.pk])
    bad = client_a.post(url, {"pcs_code": "ZZZ"})
    assert bad.status_code == 400 and "Code PCS inconnu" in bad.content.decode()
    response = client_a.post(url, {"pcs_code": "344B"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.pcs_code.upper() == "344B"
    assert employee.history.count() >= 1  # through the workforce service and its history
    declaration_a.refresh_from_db()
    assert declaration_a.status == DeclarationStatus.IN_PROGRESS


def test_exit_with_htmx_updates_the_counts(client_a, declaration_a, member_a):
    employee = EmployeeFactory(member=member_a, pcs_code="344B")
    EmployeeFactory(member=member_a, pcs_code="344B")
    url = reverse("declarations:employee_exit", args=[declaration_a.pk, employee.pk])
    response = client_a.post(url, {"exit_date": "2025-12-15", "exit_reason": "RESIGNATION"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="count-SI">1<' in response.content.decode()
    employee.refresh_from_db()
    assert employee.exit_date == date(2025, 12, 15)


def test_acknowledgement_pdf_content(client_a, declaration_a, employees_a, member_admin):
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    declaration_a.refresh_from_db()
    text = pdf_text(client_a.get(reverse("declarations:acknowledgement", args=[declaration_a.pk])))
    for expected in ("Accusé de réception", declaration_a.number, "ENTREPRISE A", "Année 2026", "528,00",
                     "440,00", declaration_a.submitted_at.astimezone().strftime("%d/%m/%Y"),
                     member_admin.display_name):
        assert expected in text, expected
    assert "mandataire" not in text


def test_print_pdf_has_the_nominative_list(client_a, declaration_a, employees_a, member_admin):
    services.declaration_submit(declaration=declaration_a, actor=member_admin, send_email=False)
    text = pdf_text(client_a.get(reverse("declarations:print", args=[declaration_a.pk])))
    assert "Liste nominative" in text
    for employee in employees_a:
        assert employee.birth_name in text


def test_mandataire_submits_for_its_member_and_is_named(client, mandataire, member_a, declaration_a, employees_a,
                                                        mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(mandataire)
    session = client.session
    session["current_member_id"] = member_a.pk
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("declarations:fill", args=[declaration_a.pk]), {"transmettre": "1", "confirme": "oui"})
    assert response.status_code == 302
    declaration_a.refresh_from_db()
    assert declaration_a.submitted_by == mandataire
    text = pdf_text(client.get(reverse("declarations:acknowledgement", args=[declaration_a.pk])))
    assert f"mandataire : {mandataire.display_name}" in text
    assert len(mailoutbox) == 1
    if mandataire.email:
        assert mandataire.email.lower() in mailoutbox[0].to


def test_mandataire_cannot_reach_a_member_it_does_not_represent(client, mandataire, member_b, campaign):
    theirs = DeclarationFactory(member=member_b, campaign=campaign)
    client.force_login(mandataire)
    session = client.session
    session["current_member_id"] = member_b.pk
    session.save()
    response = client.get(reverse("declarations:fill", args=[theirs.pk]))
    assert response.status_code in (302, 403, 404)
    assert client.get(reverse("declarations:acknowledgement", args=[theirs.pk])).status_code in (302, 403, 404)
