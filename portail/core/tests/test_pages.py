import html

from portail.core.formatting import long_date_fr, money_fr


def test_home_has_the_seed_welcome_and_navigation(client_a):
    page = html.unescape(client_a.get("/").content.decode())
    assert "Cher adhérent, bienvenue !" in page
    for label in ("Vos informations", "Vos contacts", "Liste de vos salariés", "Vos factures et votre échéancier",
                  "Vos déclarations", "Demandes et annulations de rendez-vous", "Vos synthèses d'activité",
                  "Gestion mot de passe", "Déconnexion", "UNE QUESTION ?"):
        assert label in page
    assert "ENTREPRISE A" in page and "900001" in page


def test_staff_account_gets_a_french_403_on_the_portal(client, staff_user):
    from portail.backoffice.tests.factories import login_verified_as

    login_verified_as(client, staff_user)
    response = client.get("/")
    assert response.status_code == 403 and "Accès refusé" in response.content.decode()


def test_unknown_page_is_a_french_404(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404 and "Page introuvable" in response.content.decode()


def test_security_headers(client, db):
    response = client.get("/connexion/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_ask_htmx_not_to_inject_a_style_the_csp_would_refuse(client, db):
    page = client.get("/connexion/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page
    assert page.index("htmx-config") < page.index("htmx-2.min.js")  # htmx reads its config when it loads


def test_pages_have_a_favicon(client, db):
    from django.contrib.staticfiles import finders

    assert 'rel="icon" href="/static/portail/favicon.svg"' in client.get("/connexion/").content.decode()
    assert finders.find("portail/favicon.svg")


def test_french_formats():
    assert money_fr(1800) == "1\u202f800,00\u202f€"
    assert money_fr(-1058.4) == "-1\u202f058,40\u202f€"
    from datetime import date

    assert long_date_fr(date(2026, 5, 12)) == "mardi 12 mai 2026"
