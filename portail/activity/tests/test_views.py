import io
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portail.activity.models import ActionKind, WorkplaceAction
from portail.activity.services import workplace_action_record
from portail.activity.tests.factories import PDF_BYTES, WorkplaceActionFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

SUMMARY = reverse("activity:summary")
THIS_YEAR = timezone.localdate().year


def _with_document(action):
    action.document.save("fiche.pdf", ContentFile(PDF_BYTES))
    return action


@pytest.fixture
def actions_a(member_a):
    member_a.joined_on = date(2023, 9, 1)
    member_a.save()
    return [
        _with_document(WorkplaceActionFactory(member=member_a, date=date(2024, 6, 3),
                                              kind=ActionKind.COMPANY_SHEET_CREATION, title="Fiche d'entreprise initiale")),
        WorkplaceActionFactory(member=member_a, date=date(2025, 2, 4), kind=ActionKind.JOB_STUDY,
                               title="Étude du poste de cariste", summary="Adapter le siège du chariot."),
        WorkplaceActionFactory(member=member_a, date=date(2025, 5, 6), kind=ActionKind.AWARENESS,
                               title="Sensibilisation au bruit", participants=14),
        WorkplaceActionFactory(member=member_a, date=date(2025, 10, 7), kind=ActionKind.JOB_STUDY,
                               title="Étude du poste d'accueil"),
    ]


def test_summary_shows_seed_wording_and_the_year_actions(client_a, actions_a):
    response = client_a.get(SUMMARY, {"annee": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vos synthèses d'activité" in html
    assert "Cette synthèse est consultable par année." in html
    assert "vue d&#x27;ensemble des différentes actions réalisées" in html or "vue d'ensemble des différentes actions réalisées" in html
    assert "Étude du poste de cariste" in html and "Adapter le siège du chariot." in html
    assert "Fiche d&#x27;entreprise initiale" not in html  # 2024 action, not in the 2025 summary
    assert '<option value="2024"' in html and '<option value="2025" selected' in html
    summary = response.context["summary"]
    counts = {c.kind: c.count for c in summary.counts}
    assert counts[ActionKind.JOB_STUDY] == 2 and counts[ActionKind.AWARENESS] == 1 and summary.total == 3
    assert summary.participants_total == 14


def test_summary_shows_company_sheet_date_and_next_due_date(client_a, actions_a):
    html = client_a.get(SUMMARY, {"annee": 2025}).content.decode()
    block = html.split('data-testid="company-sheet"')[1].split("</section>")[0]
    assert "03/06/2024" in block
    assert "03/06/2028" in block


def test_summary_chart_is_accessible_svg_with_data_table(client_a, actions_a):
    html = client_a.get(SUMMARY, {"annee": 2025}).content.decode()
    svg = re.search(r"<svg[^>]*data-testid=\"activity-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Étude de poste : 2." in svg
    assert svg.count("<rect") == 2  # one bar per type with actions in 2025
    assert "style=" not in html  # strict CSP: no inline style attributes
    table = html.split('data-testid="counts-table"')[1].split("</table>")[0]
    assert re.search(r"Étude de poste</th><td class=\"num\">2</td>", table)


def test_bad_year_falls_back_to_current_year(client_a, actions_a):
    for value in ("abc", "1800", "99999999999999999999"):
        response = client_a.get(SUMMARY, {"annee": value})
        assert response.status_code == 200
        assert response.context["summary"].year == THIS_YEAR


def test_summary_shows_an_action_recorded_after_a_cached_view(client_a, member_a, staff_user):
    page = client_a.get(SUMMARY, {"annee": THIS_YEAR}).content.decode()
    assert "Réunion ajoutée à l'instant" not in page
    workplace_action_record(member=member_a, date=date(THIS_YEAR, 1, 5), kind=ActionKind.CSE,
                            title="Réunion ajoutée à l'instant", actor=staff_user)
    page = client_a.get(SUMMARY, {"annee": THIS_YEAR}).content.decode()
    assert "Réunion ajoutée à l&#x27;instant" in page


def test_summary_only_shows_own_actions(client_b, actions_a):
    html = client_b.get(SUMMARY, {"annee": 2025}).content.decode()
    assert "Étude du poste de cariste" not in html
    assert client_b.get(SUMMARY, {"annee": 2025}).context["summary"].total == 0


def test_anonymous_redirected_to_login(client):
    for url in (SUMMARY, reverse("activity:summary_pdf"), reverse("activity:action_document", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_member_downloads_own_action_document(client_a, actions_a):
    response = client_a.get(reverse("activity:action_document", args=[actions_a[0].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_another_members_document_is_404(client_b, actions_a):
    response = client_b.get(reverse("activity:action_document", args=[actions_a[0].pk]))
    assert response.status_code == 404


def test_action_without_document_is_404(client_a, actions_a):
    assert client_a.get(reverse("activity:action_document", args=[actions_a[1].pk])).status_code == 404


def test_summary_pdf_contains_year_member_counts_and_actions(client_a, actions_a, member_a):
    response = client_a.get(reverse("activity:summary_pdf"), {"annee": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("’", "'")
    assert "Synthèse d'activité 2025" in text
    assert member_a.name in text and member_a.number in text
    assert "Étude du poste de cariste" in text and "Sensibilisation au bruit" in text
    assert re.search(r"Étude de poste\s*2", text)
    assert "Fiche d'entreprise initiale" not in text


# --- staff pages ------------------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    user, device = staff_with_device(StaffRole.PREVENTER)
    user.test_device = device
    return user

STAFF_URLS = [
    reverse("backoffice:activity_actions"),
    reverse("backoffice:activity_action_create"),
    reverse("backoffice:activity_overdue_sheets"),
    reverse("backoffice:activity_action_document", args=[1]),
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_pages_refuse_members_and_anonymous(client, member_admin, mandataire, url):
    assert client.get(url).status_code == 302
    for user in (member_admin, mandataire):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_staff_records_an_action_that_the_member_then_sees(client, staff, member_a, member_admin):
    preventer = TeamMemberFactory(role="preventer", last_name="Bernard")
    login_verified(client, staff, staff.test_device)
    upload = SimpleUploadedFile("mesures.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(reverse("backoffice:activity_action_create"), {
        "member_number": member_a.number, "date": "2025-03-12", "kind": ActionKind.METROLOGY,
        "title": "Mesures de bruit atelier", "summary": "Niveaux sonores relevés.", "staff": [preventer.pk],
        "document": upload,
    })
    assert response.status_code == 302
    action = WorkplaceAction.objects.get()
    assert action.member == member_a and action.created_by == staff
    listing = client.get(reverse("backoffice:activity_actions"), {"adherent": member_a.number}).content.decode()
    assert "Mesures de bruit atelier" in listing and "Préventeur / IPRP" in listing

    client.force_login(member_admin)
    html = client.get(SUMMARY, {"annee": 2025}).content.decode()
    assert "Mesures de bruit atelier" in html and "Préventeur / IPRP" in html


def test_staff_form_errors_in_french_and_input_kept(client, staff):
    login_verified(client, staff, staff.test_device)
    fake = SimpleUploadedFile("faux.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    response = client.post(reverse("backoffice:activity_action_create"), {
        "member_number": "000000", "date": "2025-03-12", "kind": ActionKind.AWARENESS, "title": "Session TMS",
        "document": fake,
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun adhérent ne porte ce numéro." in html
    assert "n&#x27;est pas un vrai PDF" in html or "n'est pas un vrai PDF" in html
    assert 'value="Session TMS"' in html
    assert not WorkplaceAction.objects.exists()


def test_staff_form_requires_participants_for_sessions(client, staff, member_a):
    login_verified(client, staff, staff.test_device)
    response = client.post(reverse("backoffice:activity_action_create"), {
        "member_number": member_a.number, "date": "2025-03-12", "kind": ActionKind.AWARENESS, "title": "Session TMS",
    })
    assert response.status_code == 200
    assert "Indiquez le nombre de participants à la session." in response.content.decode()


def test_staff_overdue_list(client, staff, member_a, member_b):
    member_a.joined_on = date(2015, 1, 1)
    member_a.save()
    member_b.joined_on = timezone.localdate()
    member_b.save()
    login_verified(client, staff, staff.test_device)
    html = client.get(reverse("backoffice:activity_overdue_sheets")).content.decode()
    table = html.split('data-testid="overdue-sheets"')[1]
    assert member_a.name in table and "02/01/2016" not in table and "01/01/2016" in table
    assert member_b.name not in table
