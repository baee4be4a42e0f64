"""A page's <title> is plain text: the browser tab, the history and screen readers announce it as is. Markup pasted
into a `{% block title %}` (a paragraph meant for the page, a copied table) showed there as raw tags."""

import re
from pathlib import Path

import portail

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_no_template_puts_markup_in_the_page_title():
    root = Path(portail.__file__).parent
    offenders = [
        f"{path.relative_to(root)} : {title.strip()[:60]}"
        for path in root.glob("*/templates/**/*.html")
        for title in TITLE_BLOCK.findall(path.read_text())
        if "<" in title or "\n" in title.strip()
    ]
    assert offenders == []
