"""A page read as its user reads it, for behaviour tests: the rows of a table as the texts of their cells, and the
links by their text (hidden text for screen readers included)."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

GROUPS = ("table", "thead", "tbody", "tfoot")


def squash(text: str) -> str:
    """Runs of spaces and new lines as one space; the no-break spaces of French typography stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


@dataclass
class Table:
    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # the body's rows (every tbody)
    foot: list[list[str]] = field(default_factory=list)
    groups: dict[str, list[list[str]]] = field(default_factory=dict)  # tbody data-testid → its rows


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.links: list[tuple[str, str]] = []
        self._groups: list[tuple[str, str | None]] = []  # open table/thead/tbody/tfoot and their data-testid
        self._caption = self._row = self._cell = self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in GROUPS:
            if tag == "table":
                self.tables.append(Table())
            self._groups.append((tag, attrs.get("data-testid")))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._groups:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._link = (attrs.get("href", ""), [])
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if tag in GROUPS and self._groups:
            self._groups.pop()
        elif tag == "caption" and self._caption is not None:
            self.tables[-1].caption, self._caption = squash("".join(self._caption)), None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._end_row()
        elif tag == "a" and self._link is not None:
            self.links.append((squash("".join(self._link[1])), self._link[0]))
            self._link = None

    def _end_row(self):
        table, (group, testid) = self.tables[-1], self._groups[-1]
        if group == "thead":
            table.head.append(self._row)
        elif group == "tfoot":
            table.foot.append(self._row)
        else:
            table.rows.append(self._row)
            if group == "tbody" and testid:
                table.groups.setdefault(testid, []).append(self._row)
        self._row = None

    def handle_data(self, data):
        for parts in (self._caption, self._cell, self._link and self._link[1]):
            if parts is not None:
                parts.append(data)


def _read(html) -> _Page:
    page = _Page()
    page.feed(html.decode() if isinstance(html, bytes) else html)
    return page


def table(html, caption: str) -> Table:
    """The table whose caption (often visually hidden) is `caption`."""
    tables = [t for t in _read(html).tables if t.caption == caption]
    assert len(tables) == 1, f"{len(tables)} tableau(x) « {caption} »"
    return tables[0]


def links(html) -> dict[str, str]:
    """Each link's text (what a screen reader says) and its address."""
    return dict(_read(html).links)
