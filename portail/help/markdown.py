"""A small Markdown converter for the subset the guide uses — no Markdown package is installed.

Blocks: `#`/`##`/`###` headings (optional explicit id: `## Titre {#ancre}`), paragraphs,
`- ` lists, `1. ` ordered lists, `> ` notes (a line `> **Attention**` makes the note a warning),
a line holding only an image. Inline: `**bold**`, `[text](url)`, `![alt](src)`.
Everything else is text and is escaped: the guide's authors never write raw HTML.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from portail.reference.text import fold

HEADING = re.compile(r"^(#{1,3})\s+(.*?)(?:\s+\{#([a-z0-9-]+)\})?\s*$")
ORDERED = re.compile(r"^\d+\.\s+(.*)$")
IMAGE_ONLY = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
INLINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)|\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)|\*\*(?P<bold>.+?)\*\*")
IMAGE_ANY = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK_ANY = re.compile(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def _identity(url: str) -> str:
    return url


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)


def inline(text: str, *, link_url: Callable[[str], str] = _identity, image_url: Callable[[str], str] = _identity) -> str:
    out, pos = [], 0
    for m in INLINE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        if m.group("src") is not None:
            out.append(f'<img src="{escape(image_url(m.group("src")))}" alt="{escape(m.group("alt"))}">')
        elif m.group("href") is not None:
            label = inline(m.group("text"), link_url=link_url, image_url=image_url)
            out.append(f'<a href="{escape(link_url(m.group("href")))}">{label}</a>')
        else:
            out.append(f"<strong>{inline(m.group('bold'), link_url=link_url, image_url=image_url)}</strong>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def render(
    source: str,
    *,
    link_url: Callable[[str], str] = _identity,
    image_url: Callable[[str], str] = _identity,
    anchor_prefix: str = "",
    heading_shift: int = 0,
) -> Rendered:
    """Markdown → HTML. `heading_shift` demotes headings (the PDF nests sections under chapters)."""
    html: list[str] = []
    headings: list[Heading] = []
    paragraph: list[str] = []
    list_kind: str | None = None
    note: list[str] | None = None

    def fmt(text: str) -> str:
        return inline(text, link_url=link_url, image_url=image_url)

    def flush_paragraph() -> None:
        if paragraph:
            html.append(f"<p>{fmt(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_kind
        if list_kind:
            html.append(f"</{list_kind}>")
            list_kind = None

    def flush_note() -> None:
        nonlocal note
        if note is None:
            return
        lines, note = note, None
        warning = bool(lines) and fold(lines[0]).lower().strip("* :") in ("attention", "important")
        body = render("\n".join(lines), link_url=link_url, image_url=image_url)
        html.append(f'<div class="notice{" warning" if warning else ""}">{body.html}</div>')

    def flush_all() -> None:
        flush_paragraph()
        close_list()
        flush_note()

    for raw in source.splitlines():
        line = raw.rstrip()
        if line.startswith(">"):
            flush_paragraph()
            close_list()
            note = (note or []) + [line[1:].strip()]
            continue
        flush_note()
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
            close_list()
            continue
        if m := HEADING.match(stripped):
            flush_all()
            level = min(len(m.group(1)) + heading_shift, 6)
            anchor = anchor_prefix + (m.group(3) or slugify(m.group(2)))
            headings.append(Heading(len(m.group(1)), m.group(2), anchor))
            html.append(f'<h{level} id="{anchor}">{fmt(m.group(2))}</h{level}>')
            continue
        if m := IMAGE_ONLY.match(stripped):
            flush_all()
            alt, src = m.group(1), m.group(2)
            html.append(
                f'<figure><img src="{escape(image_url(src))}" alt="{escape(alt)}">'
                f"<figcaption>{escape(alt)}</figcaption></figure>"
            )
            continue
        kind, item = None, None
        if stripped.startswith(("- ", "* ")):
            kind, item = "ul", stripped[2:]
        elif m := ORDERED.match(stripped):
            kind, item = "ol", m.group(1)
        if kind and item is not None:
            flush_paragraph()
            if list_kind != kind:
                close_list()
                html.append(f"<{kind}>")
                list_kind = kind
            html.append(f"<li>{fmt(item)}</li>")
            continue
        if list_kind and raw.startswith("  "):
            # A continuation line of the previous list item.
            html[-1] = html[-1][: -len("</li>")] + " " + fmt(stripped) + "</li>"
            continue
        close_list()
        paragraph.append(stripped)
    flush_all()
    return Rendered("\n".join(html), headings)


def image_sources(source: str) -> list[str]:
    return IMAGE_ANY.findall(source)


def link_targets(source: str) -> list[str]:
    return LINK_ANY.findall(source)


def plain_text(source: str) -> str:
    """The words of a section, for the search: markup removed, images dropped."""
    text = IMAGE_ANY.sub("", source)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"\{#[a-z0-9-]+\}", "", text)
    text = re.sub(r"^\s*(#{1,3}|>|-|\d+\.)\s*", "", text, flags=re.M)
    return text.replace("**", "")
