import html

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.members.models import SituationChangeRequest

DATA = {"kind": "address", "effective_date": "2026-12-01", "comment": "Déménagement du siège"}


def text(response):
    return html.unescape(response.content.decode())


def test_page_shows_notice_and_types(client_a):
    page = text(client_a.get("/informations/changement-de-situation/"))
    assert "ATTENTION" in page and "Cessation d'activité" in page and "Mise en sommeil" in page


def test_change_is_sent_listed_and_staff_notified(client_a, member_a, django_capture_on_commit_callbacks):
    pdf = SimpleUploadedFile("kbis.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/informations/changement-de-situation/", {**DATA, "attachment": pdf})
    assert response.status_code == 302
    change = SituationChangeRequest.objects.get(member=member_a)
    assert change.status == "sent" and change.attachment
    page = text(client_a.get("/informations/changement-de-situation/"))
    assert "Changement d'adresse" in page and "Envoyée" in page
    # The staff are told; the company's users get their receipt (accounts.notices).
    staff, receipt = mail.outbox
    assert member_a.number in staff.subject
    assert receipt.subject == "[Portail] Changement de situation reçu : Changement d'adresse"


def test_fake_pdf_is_refused_before_saving(client_a):
    fake = SimpleUploadedFile("kbis.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = text(client_a.post("/informations/changement-de-situation/", {**DATA, "attachment": fake}))
    assert "n'est pas un vrai PDF" in page and "Déménagement du siège" in page
    assert not SituationChangeRequest.objects.exists()


def test_oversized_attachment_is_refused(client_a, settings):
    settings.MAX_ATTACHMENT_BYTES = 10
    big = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * 100, content_type="application/pdf")
    page = text(client_a.post("/informations/changement-de-situation/", {**DATA, "attachment": big}))
    assert "Le fichier dépasse" in page


def test_members_only_see_their_own_changes(client_b, member_a, member_admin):
    SituationChangeRequest.objects.create(member=member_a, kind="cessation", effective_date="2026-12-31")
    assert "31/12/2026" not in text(client_b.get("/informations/changement-de-situation/"))
