"""The guide as one PDF, "Guide d'utilisation": cover, table of contents with page numbers
(CSS target-counter), numbered pages — built by WeasyPrint from the same Markdown as the pages."""

from functools import lru_cache

from django.template.loader import render_to_string

from portail.help import guide


def _stamp() -> tuple:
    files = sorted(guide.GUIDE_DIR.glob("adherent/*.md")) + sorted(guide.CAPTURES_DIR.glob("*.png"))
    return tuple((p.name, p.stat().st_mtime_ns) for p in files)


def guide_html(*, service) -> str:
    chapters = []
    for section in guide.sections("adherent"):
        rendered = section.render(for_pdf=True)
        chapters.append({"section": section, "html": rendered.html, "headings": rendered.headings})
    return render_to_string("help/pdf.html", {"chapters": chapters, "service": service})


@lru_cache(maxsize=2)
def _build(stamp: tuple, service_name: str, hotline: str) -> bytes:
    from weasyprint import HTML

    service = {"name": service_name, "hotline_email": hotline}
    return HTML(string=guide_html(service=service), base_url=str(guide.GUIDE_DIR)).write_pdf()


def guide_pdf(*, service) -> bytes:
    """Cached until a source or a capture changes."""
    return _build(_stamp(), service.name, service.hotline_email or "")
