from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from portail.members.services import situation_change_submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit_change(member, user, *, kind="address", comment="Nous déménageons.", with_pdf=False):
    attachment = SimpleUploadedFile("kbis.pdf", PDF, content_type="application/pdf") if with_pdf else None
    return situation_change_submit(
        member=member, kind=kind, effective_date=date(2026, 3, 1), comment=comment,
        attachment=attachment, actor=user,
    )
