"""The portal's menu: the seed's tabs in its order and wording, the current one marked for screen readers, a tab
not shipped yet shown without a link."""

import re

import pytest
from django.template.loader import get_template

from portail.core.tests.html import links
from portail.portal.navigation import PORTAL_NAV, NavEntry, nav_items

MENU = ["Accueil", "2.1Vos informations", "2.2Vos contacts", "2.3Liste de vos salariés",
        "2.4Vos factures et votre échéancier", "2.5Vos déclarations", "2.6Demandes et annulations de rendez-vous",
        "2.7Vos synthèses d'activité", "Aide"]


def _menu(html: str) -> str:
    return html[html.index('<nav class="sidenav"'):html.index("</nav>", html.index('<nav class="sidenav"'))]


@pytest.mark.parametrize("url,tab", [("/", "/"), ("/salaries/", "/salaries/"), ("/salaries/ajouter/", "/salaries/"),
                                     ("/contacts/", "/contacts/"), ("/factures/", "/factures/")])
def test_every_tab_is_linked_and_the_current_one_is_marked(client_a, url, tab):
    menu = _menu(client_a.get(url).content.decode())
    assert list(links(menu)) == MENU
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', menu) == [tab]


def test_menu_links_go_to_each_tab(client_a):
    found = links(_menu(client_a.get("/").content.decode()))
    assert found["2.3Liste de vos salariés"] == "/salaries/"
    assert found["2.5Vos déclarations"] == "/declarations/"


def test_a_tab_not_shipped_yet_is_listed_without_a_link(client_a):
    response = client_a.get("/")
    items = [*nav_items(None), {"entry": NavEntry("2.9", "Vos <b>données</b> & co", "nowhere:x", "help", "x"),
                                "url": None, "current": False}]
    html = get_template("portal.html").render({**response.context[0].flatten(), "nav_items": items},
                                              response.wsgi_request)
    menu = _menu(html)
    assert '<span class="nav-disabled">' in menu and "Vos &lt;b&gt;données&lt;/b&gt; &amp; co <small>(bientôt)</small>" in menu
    assert list(links(menu)) == MENU
    assert 'aria-current="page"' not in menu


def test_the_menu_follows_the_seed(db):
    assert [entry.number for entry in PORTAL_NAV] == ["", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", ""]
