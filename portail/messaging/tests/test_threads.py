"""Threads between a company's users and the service: the member writes (with a PDF), the thread reaches the
back-office inbox, staff answer there, the answer comes back in the member's thread with a notification."""

import os

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from portail.accounts.tests.factories import MembershipFactory, logged_in
from portail.appointments.tests.factories import AppointmentRequestFactory
from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.members.models import NoticeDelivery, NoticeKind, RequestStatus
from portail.messaging import services
from portail.messaging.models import Message, Thread, Topic

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _start(member, user, body="Pouvez-vous décaler la visite ?", subject="Question sur une visite", **extra):
    return services.thread_start(member=member, topic=extra.pop("topic", Topic.QUESTION),
                                 about_id=extra.pop("about_id", None), subject=subject, body=body,
                                 attachment=extra.pop("attachment", None), actor=user)


def test_a_member_writes_to_the_service_with_a_pdf(member_a, member_admin):
    response = logged_in(member_admin).post(reverse("messaging:thread_create"), {
        "about": "question", "subject": "Adresse de facturation", "body": "Merci de noter notre nouvelle adresse.",
        "attachment": SimpleUploadedFile("kbis.pdf", PDF, content_type="application/pdf"),
    })
    thread = Thread.objects.get(member=member_a)
    assert response.status_code == 302 and response["Location"] == reverse("messaging:thread", args=[thread.pk])
    assert (thread.subject, thread.status, thread.created_by) == ("Adresse de facturation", RequestStatus.SENT,
                                                                  member_admin)
    message = thread.messages.get()
    assert message.body == "Merci de noter notre nouvelle adresse." and message.attachment.read() == PDF
    page = logged_in(member_admin).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "Merci de noter notre nouvelle adresse." in page and "kbis.pdf" in page
    download = logged_in(member_admin).get(reverse("messaging:attachment", args=[thread.pk, message.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_fake_pdf_is_refused_next_to_the_field_and_the_typing_is_kept(member_a, member_admin):
    response = logged_in(member_admin).post(reverse("messaging:thread_create"), {
        "about": "question", "subject": "Question", "body": "Mon texte",
        "attachment": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf"),
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;est pas un vrai PDF" in page and "Mon texte" in page
    assert not Thread.objects.exists()


def test_a_free_question_needs_a_subject_and_a_message(member_admin):
    response = logged_in(member_admin).post(reverse("messaging:thread_create"), {"about": "question", "body": " "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Donnez un objet à votre question." in page and "Ce champ est obligatoire." in page


def test_a_thread_about_a_request_is_named_after_it_and_reused(member_a, member_admin):
    request = AppointmentRequestFactory(member=member_a)
    client = logged_in(member_admin)
    assert f"appointment_request:{request.pk}" in client.get(reverse("messaging:thread_create")).content.decode()
    for body in ("Premier message", "Deuxième message"):
        client.post(reverse("messaging:thread_create"), {"about": f"appointment_request:{request.pk}", "body": body})
    thread = Thread.objects.get(member=member_a)
    assert (thread.topic, thread.about_id) == (Topic.APPOINTMENT_REQUEST, request.pk)
    assert thread.subject.startswith("Demande de rendez-vous du ")
    assert list(thread.messages.values_list("body", flat=True)) == ["Premier message", "Deuxième message"]


def test_another_member_s_request_cannot_be_the_subject(member_a, member_b, member_admin):
    foreign = AppointmentRequestFactory(member=member_b)
    response = logged_in(member_admin).post(reverse("messaging:thread_create"), {
        "about": f"appointment_request:{foreign.pk}", "body": "Bonjour"})
    assert response.status_code == 400 and not Thread.objects.exists()


def test_the_uploaded_temporary_file_is_removed_once_stored(member_a, member_admin, settings):
    upload = TemporaryUploadedFile("gros.pdf", "application/pdf", len(PDF), None)
    upload.write(PDF)
    upload.seek(0)
    temporary_path = upload.temporary_file_path()
    thread = _start(member_a, member_admin, attachment=upload)
    assert not os.path.exists(temporary_path)
    assert thread.messages.get().attachment.read() == PDF


def test_another_member_s_thread_and_file_answer_404(member_a, member_admin, other_member):
    thread = _start(member_a, member_admin, attachment=SimpleUploadedFile("a.pdf", PDF))
    message = thread.messages.get()
    outsider = logged_in(other_member)
    assert outsider.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    assert outsider.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Intrus"}).status_code == 404
    assert outsider.get(reverse("messaging:attachment", args=[thread.pk, message.pk])).status_code == 404
    assert "Question sur une visite" not in outsider.get(reverse("messaging:threads")).content.decode()
    assert Message.objects.count() == 1


def test_anonymous_is_sent_to_the_login(member_a, member_admin):
    thread = _start(member_a, member_admin)
    for url in (reverse("messaging:threads"), reverse("messaging:thread_create"),
                reverse("messaging:thread", args=[thread.pk])):
        assert Client().get(url).status_code == 302


def test_every_role_of_the_company_reads_and_writes_threads(member_a):
    reader = MembershipFactory(member=member_a, role="read_only").user
    client = logged_in(reader)
    client.get(reverse("accounts:switch_member") + f"?member={member_a.pk}")
    session = client.session
    session["current_member_id"] = member_a.pk
    session.save()
    assert client.get(reverse("messaging:threads")).status_code == 200
    response = client.post(reverse("messaging:thread_create"), {"about": "question", "subject": "Q", "body": "B"})
    assert response.status_code == 302 and Thread.objects.filter(member=member_a).count() == 1


def _acting(member, role: str) -> Client:
    client = logged_in(MembershipFactory(member=member, role=role).user)
    session = client.session
    session["current_member_id"] = member.pk
    session.save()
    return client


def test_a_thread_about_a_visit_stays_with_the_roles_that_open_appointments(member_a, member_admin):
    visit = AppointmentRequestFactory(member=member_a)
    thread = _start(member_a, member_admin, topic=Topic.APPOINTMENT_REQUEST, about_id=visit.pk,
                    attachment=SimpleUploadedFile("arret.pdf", PDF))
    message = thread.messages.get()
    question = _start(member_a, member_admin, subject="Adresse")
    accounting = _acting(member_a, "accounting")
    listing = accounting.get(reverse("messaging:threads")).content.decode()
    assert "Adresse" in listing and thread.subject not in listing
    assert accounting.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    assert accounting.get(reverse("messaging:attachment", args=[thread.pk, message.pk])).status_code == 404
    assert accounting.get(reverse("messaging:thread", args=[question.pk])).status_code == 200
    form = accounting.get(reverse("messaging:thread_create")).content.decode()
    assert f"appointment_request:{visit.pk}" not in form
    refused = accounting.post(reverse("messaging:thread_create"),
                              {"about": f"appointment_request:{visit.pk}", "subject": "", "body": "B"})
    assert refused.status_code == 400
    planner = _acting(member_a, "appointments")
    assert planner.get(reverse("messaging:attachment", args=[thread.pk, message.pk])).status_code == 200
    assert f"appointment_request:{visit.pk}" in planner.get(reverse("messaging:thread_create")).content.decode()


def test_the_thread_reaches_the_inbox_and_the_staff_answer_comes_back(member_a, member_admin,
                                                                      django_capture_on_commit_callbacks):
    thread = _start(member_a, member_admin, attachment=SimpleUploadedFile("piece.pdf", PDF))
    staff = login_verified(Client(), *staff_with_device(StaffRole.ACCOUNTING))
    inbox = staff.get(reverse("backoffice:inbox")).content.decode()
    assert "Question sur une visite" in inbox and "Message" in inbox
    item_url = reverse("backoffice:item", args=["message", thread.pk])
    item = staff.get(item_url).content.decode()
    assert "Pouvez-vous décaler la visite ?" in item and "piece.pdf" in item
    assert staff.get(reverse("backoffice:item_attachment", args=["message", thread.pk])).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("backoffice:item_answer", args=["message", thread.pk]), {
            "status": "done", "answer": "C'est noté, nous vous rappelons.", "version": thread.version})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.DONE
    answer = thread.messages.get(from_service=True)
    assert answer.body == "C'est noté, nous vous rappelons."
    page = logged_in(member_admin).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "C&#x27;est noté, nous vous rappelons." in page and "Le service" in page and "Répondu" in page
    delivery = NoticeDelivery.objects.get(user=member_admin)
    assert delivery.notice.kind == NoticeKind.ANSWER and delivery.notice.url == reverse("messaging:thread",
                                                                                        args=[thread.pk])
    assert [m.to for m in mail.outbox] == [[member_admin.email]]
    assert "C'est noté, nous vous rappelons." in mail.outbox[0].body


def test_a_new_message_of_the_member_reopens_an_answered_thread(member_a, member_admin, staff_user):
    thread = _start(member_a, member_admin)
    services.thread_answer(thread=thread, status=RequestStatus.DONE, answer="Voilà.", actor=staff_user)
    response = logged_in(member_admin).post(reverse("messaging:thread", args=[thread.pk]), {"body": "Encore une chose"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.SENT and thread.messages.count() == 3


def test_an_empty_answer_is_refused(member_a, member_admin, staff_user):
    from django.core.exceptions import ValidationError

    thread = _start(member_a, member_admin)
    with pytest.raises(ValidationError):
        services.thread_answer(thread=thread, status=RequestStatus.DONE, answer="  ", actor=staff_user)


def test_a_subject_stays_on_one_line(member_a, member_admin):
    response = logged_in(member_admin).post(reverse("messaging:thread_create"), {
        "about": "question", "subject": "Objet\r\nBcc: x@exemple.fr", "body": "Texte"})
    assert response.status_code == 302
    assert Thread.objects.get(member=member_a).subject == "Objet Bcc: x@exemple.fr"
