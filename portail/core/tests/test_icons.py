"""Icons are CSS classes (`<span class="icon icon-pencil" aria-hidden="true">`): every one a template or a menu
names has its picture in portail.css, and each stays hidden from screen readers."""

import re
from pathlib import Path

from portail.backoffice.navigation import STAFF_NAV
from portail.portal.navigation import PORTAL_NAV

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "core/static/portail/css/portail.css").read_text()
TEMPLATES = [path.read_text() for path in ROOT.rglob("templates/**/*.html")]


def test_every_icon_used_has_its_picture():
    named = {name for text in TEMPLATES for name in re.findall(r'class="icon icon-([a-z]+)"', text)}
    named |= {entry.icon for entry in (*PORTAL_NAV, *STAFF_NAV)}
    drawn = set(re.findall(r"^\.icon-([a-z]+) \{ --icon: url\(\"data:image/svg\+xml,", CSS, re.M))
    assert len(named) > 10 and named <= drawn, named - drawn


def test_icons_are_hidden_from_screen_readers():
    spans = [span for text in TEMPLATES for span in re.findall(r'<span class="icon icon-[^"]+"[^>]*>', text)]
    assert spans and all('aria-hidden="true"' in span for span in spans)
