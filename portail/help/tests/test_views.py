import pytest
from django.test import Client

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.help.context import HELP_FOR_URL, help_section_for
from portail.help.guide import search, section_get

pytestmark = pytest.mark.django_db


def test_the_member_guide_is_public():
    response = Client().get("/aide/")
    assert response.status_code == 200
    assert "Guide d'utilisation" in response.content.decode()
    assert "/aide/salaries/" in response.content.decode()
    page = Client().get("/aide/categories-de-suivi/").content.decode()
    assert '<h1 id="categories-de-suivi">' in page and "R4624-23" in page


def test_a_member_reads_the_guide_inside_the_portal(client_a):
    page = client_a.get("/aide/salaries/").content.decode()
    assert 'aria-label="Menu principal"' in page
    assert '<img src="/aide/captures/salaries-liste.png"' in page


def test_unknown_section_and_capture_answer_404(client_a):
    assert client_a.get("/aide/nexiste-pas/").status_code == 404
    assert client_a.get("/aide/captures/nexiste-pas.png").status_code == 404


def test_captures_are_served(client_a):
    response = client_a.get("/aide/captures/connexion.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_search_finds_sir_accent_and_case_insensitive():
    hits = [h.section.id for h in search("SIR")]
    assert hits[0] == "categories-de-suivi"
    assert "factures" in [h.section.id for h in search("ECHEANCIER")]
    page = Client().get("/aide/recherche/", {"q": "sir"}).content.decode()
    assert "7. SI, SIA, SIR" in page
    assert "Aucune section" in Client().get("/aide/recherche/", {"q": "zzzzqqq"}).content.decode()


def test_search_matches_word_starts_only():
    # "sir" must not find a section only because it contains "choisir".
    ids = [h.section.id for h in search("sir")]
    assert "declarations" not in ids


def test_the_question_mark_on_the_employee_list_opens_section_2_3(client_a):
    page = client_a.get("/salaries/").content.decode()
    assert 'href="/aide/salaries/" data-testid="help-link"' in page
    assert section_get("adherent", "salaries").title.startswith("2.3")


def test_every_contextual_target_exists():
    for target in HELP_FOR_URL.values():
        assert section_get("adherent", target) is not None, target
    assert help_section_for("import", "workforce") == "import-salaries"
    assert help_section_for("invoice_detail", "billing") == "factures"
    assert help_section_for("board", "appointments") == "conformite"
    assert help_section_for("fill", "declarations") == "declaration-pas-a-pas"
    assert help_section_for("list", "declarations") == "declarations"
    assert help_section_for("x", "unknown") is None


def test_the_nav_has_an_aide_entry(client_a):
    page = client_a.get("/").content.decode()
    assert '<a href="/aide/"' in page


def test_the_pdf_guide_has_a_table_of_contents_and_page_numbers(client_a):
    from portail.help.pdf import guide_html

    html = guide_html(service={"name": "SPST", "hotline_email": "x@example.org"})
    assert "target-counter(attr(href), page)" in html and "counter(page)" in html
    assert 'href="#salaries--salaries"' in html and 'id="salaries--salaries"' in html
    response = client_a.get("/aide/guide.pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"


def test_staff_guides_need_a_staff_account(client_a):
    assert client_a.get("/gestion/aide/").status_code == 403
    anonymous = Client().get("/gestion/aide/comptabilite/")
    assert anonymous.status_code == 302


def test_search_excerpts_show_the_word_and_cut_between_words():
    hit = search("prélèvement")[0]
    assert "prélèvement" in hit.excerpt.lower()
    words = hit.excerpt.strip("… ").split()
    section_words = set(hit.section.text.split())
    assert words[0] in section_words and words[-1] in section_words


def test_staff_reading_the_public_guide_are_led_back_to_the_back_office_not_to_a_refusal(client):
    user, device = staff_with_device(StaffRole.RECEPTION)
    login_verified(client, user, device)
    header = client.get("/aide/").content.decode().split("</header>")[0]
    assert "Retour au back office" in header and "Se connecter à votre espace" not in header
    # The login page, reached all the same (an old bookmark), sends them to their side, not to a 403.
    response = client.get("/connexion/")
    assert response.status_code == 302 and response.url == "/gestion/"
    assert client.get(response.url).status_code == 200
