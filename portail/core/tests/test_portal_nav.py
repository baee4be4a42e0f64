"""`{% portal_nav %}` prints exactly what the menu loop of portal.html printed (kept in tests/legacy/portal.html),
for every tab as the current one, none, and a tab not linked yet."""

from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import get_template

from portail.core.navigation import PORTAL_NAV, NavEntry, nav_items

LEGACY = engines["django"].from_string((Path(__file__).parent / "legacy" / "portal.html").read_text())


@pytest.fixture
def page_context(client, member_admin):
    client.force_login(member_admin)
    response = client.get("/salaries/")
    assert response.status_code == 200
    return response.context[0].flatten()


@pytest.mark.parametrize("section", [None, *sorted({entry.section for entry in PORTAL_NAV})])
def test_menu_equals_the_former_loop(page_context, section):
    context = {**page_context, "nav_items": nav_items(section)}
    html = get_template("portal.html").render(context)
    assert html == LEGACY.render(context)
    assert html.count('aria-current="page"') == (0 if section is None else 1)


def test_tab_not_linked_and_special_characters(page_context):
    items = [
        {
            "entry": NavEntry("2.9", "Vos <b>données</b> & co", "nowhere:x", "unknown", "x"),
            "url": None,
            "current": False,
        },
        {"entry": NavEntry("", 'Accueil "A"', "portal:home", "home", "portal"), "url": "/?a=1&b=<2>", "current": True},
    ]
    context = {**page_context, "nav_items": items}
    html = get_template("portal.html").render(context)
    assert html == LEGACY.render(context)
    assert "(bientôt)" in html and "&lt;b&gt;" in html and "/?a=1&amp;b=&lt;2&gt;" in html
