"""The guide's sections, read from the Markdown sources in guide/ (the one source of truth).

`guide/adherent/NN-<id>.md` are the member guide's chapters, in file order; `guide/personnel/
NN-<id>.md` the staff guides. A section's id is its file name without the number; its title is
its first `#` heading.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from portail.help import markdown
from portail.reference.text import fold

GUIDE_DIR = Path(settings.BASE_DIR) / "guide"
CAPTURES_DIR = GUIDE_DIR / "captures"
AUDIENCES = {"adherent": "help:section", "personnel": "backoffice:help_section"}
HELP_LINK = re.compile(r"^/(?:gestion/)?aide/(?:(?P<section>[a-z0-9-]+)/)?(?:#(?P<anchor>[a-z0-9-]+))?$")


@dataclass(frozen=True)
class Section:
    audience: str
    id: str
    title: str
    source: str

    @property
    def url(self) -> str:
        return reverse(AUDIENCES[self.audience], args=[self.id])

    @property
    def text(self) -> str:
        return markdown.plain_text(self.source)

    def render(self, *, for_pdf: bool = False) -> markdown.Rendered:
        if for_pdf:
            # One document: anchors are prefixed with the section so that they stay unique.
            return markdown.render(
                self.source, link_url=pdf_link, image_url=lambda src: (GUIDE_DIR / src).as_uri(),
                anchor_prefix=f"{self.id}--",
            )
        return markdown.render(self.source, image_url=portal_image)


def portal_image(src: str) -> str:
    name = Path(src).stem
    return reverse("help:capture", args=[name])


def pdf_link(url: str) -> str:
    """Inside the PDF, a link to another section of the guide becomes an internal link."""
    m = HELP_LINK.match(url)
    if not m:
        return url
    section = m.group("section")
    if section is None:
        return "#table-des-matieres"
    return f"#{section}--{m.group('anchor') or section}"


def _title(source: str, path: Path) -> str:
    for line in source.splitlines():
        if m := markdown.HEADING.match(line.strip()):
            return m.group(2)
    raise ValueError(f"{path} : pas de titre (# …)")


def _mtimes(audience: str) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted((GUIDE_DIR / audience).glob("*.md")))


@lru_cache(maxsize=4)
def _load(audience: str, _stamp: tuple) -> tuple[Section, ...]:
    sections = []
    for path in sorted((GUIDE_DIR / audience).glob("*.md")):
        source = path.read_text(encoding="utf-8")
        section_id = re.sub(r"^\d+-", "", path.stem)
        sections.append(Section(audience, section_id, _title(source, path), source))
    return tuple(sections)


def sections(audience: str = "adherent") -> tuple[Section, ...]:
    # Keyed on the files' mtimes so that `make guide` or an edit shows without a restart.
    return _load(audience, _mtimes(audience))


def section_get(audience: str, section_id: str) -> Section | None:
    return next((s for s in sections(audience) if s.id == section_id), None)


@dataclass(frozen=True)
class Hit:
    section: Section
    excerpt: str


def search(query: str, *, audience: str = "adherent", limit: int = 20) -> list[Hit]:
    """Sections containing every word of the query, accents and case ignored; title hits first."""
    words = [w for w in fold(query).lower().split() if len(w) > 1]
    if not words:
        return []
    scored = []
    for section in sections(audience):
        text = section.text
        folded = fold_same_length(text)
        # Words match at a word's start: "sir" finds "SIR", not "choisir".
        patterns = [re.compile(r"\b" + re.escape(w)) for w in words]
        if not all(p.search(folded) for p in patterns):
            continue
        title = fold_same_length(section.title)
        in_title = sum(bool(p.search(title)) for p in patterns)
        count = sum(len(p.findall(folded)) for p in patterns)
        scored.append((-in_title, -count, section, _excerpt(text, folded, patterns[0])))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [Hit(section, excerpt) for _, _, section, excerpt in scored[:limit]]


def _excerpt(text: str, folded: str, pattern: re.Pattern, width: int = 90) -> str:
    # Skip the title line: the excerpt shows the word in the section's body when it can.
    body_start = text.find("\n") + 1
    m = pattern.search(folded, body_start) or pattern.search(folded)
    if m is None:
        return ""
    start, end = max(m.start() - width, 0), min(m.end() + width, len(text))
    # Cut at word boundaries, never inside a word.
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", m.end(), end) if text.rfind(" ", m.end(), end) > 0 else end
    excerpt = " ".join(text[start:end].split())
    return ("… " if start else "") + excerpt + (" …" if end < len(text) else "")


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so positions match the original."""
    out = []
    for c in text:
        base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)).lower()
        out.append(base if len(base) == 1 else c.lower())
    return "".join(out)
