"""Build the guide's PDF into guide/build/ (`make guide` runs it after the screenshot journeys).
The HTML pages need no build: the portal renders them from the same Markdown at /aide/."""

from django.core.management.base import BaseCommand

from portail.help import guide, pdf
from portail.members.selectors import service_branding


class Command(BaseCommand):
    help = "Construit le guide d'utilisation en PDF (guide/build/guide-utilisation.pdf)."

    def handle(self, *args, **options):
        out = guide.GUIDE_DIR / "build" / "guide-utilisation.pdf"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(pdf.guide_pdf(service=service_branding()))
        pages = len(guide.sections("adherent"))
        self.stdout.write(f"Guide d'utilisation : {out} ({pages} chapitres, {out.stat().st_size // 1024} Ko)")
