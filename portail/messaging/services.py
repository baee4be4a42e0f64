"""Writes of the message threads: the member writes, the service answers (from the back-office inbox)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portail.accounts.notices import member_notify
from portail.audit.services import event_record
from portail.members.freshness import member_change_record, member_data_changed
from portail.members.models import Member, NoticeKind, RequestStatus
from portail.members.services import request_answer_clean
from portail.messaging.models import Message, Thread


@transaction.atomic
def thread_start(*, member: Member, topic: str, about_id: int | None, subject: str, body: str,
                 attachment: UploadedFile | None, actor: AbstractBaseUser,
                 request: HttpRequest | None = None) -> Thread:
    """A new thread with its first message; about a request that already has one, the message joins it.
    `topic`/`about_id` come from selectors.thread_subjects, which offers only the member's own requests."""
    thread = None
    if about_id is not None:
        thread = Thread.objects.filter(member=member, topic=topic, about_id=about_id).first()
    if thread is None:
        thread = Thread.objects.create(member=member, topic=topic, about_id=about_id, subject=subject[:200],
                                       created_by_id=actor.pk, last_message_at=timezone.now())
        event_record(action="messaging.thread_started", actor=actor, member=member, obj=thread, request=request,
                     summary=thread.subject)
        member_data_changed(member_ids=[member.pk])
    message_post(thread=thread, body=body, attachment=attachment, actor=actor, request=request)
    return thread


@transaction.atomic
def message_post(*, thread: Thread, body: str, attachment: UploadedFile | None, actor: AbstractBaseUser,
                 request: HttpRequest | None = None) -> Message:
    """The member writes: the thread goes (back) to the service's inbox as « Envoyée »."""
    message = Message.objects.create(thread=thread, member_id=thread.member_id, author_id=actor.pk, body=body,
                                     attachment=attachment or "")
    _upload_discard(attachment)
    Thread.objects.filter(member_id=thread.member_id, pk=thread.pk).update(
        status=RequestStatus.SENT, last_message_at=message.created_at, updated_at=timezone.now())
    thread.status, thread.last_message_at = RequestStatus.SENT, message.created_at
    member_change_record(action="messaging.message_posted", actor=actor, member=thread.member, obj=thread,
                         request=request,
                         summary=f"{thread.subject}{' (pièce jointe)' if message.attachment else ''}")
    return message


def _upload_discard(upload: UploadedFile | None) -> None:
    """Once stored, the upload's own copy goes: closing a large upload's temporary file deletes it from disk."""
    if upload is not None:
        upload.close()


@transaction.atomic
def thread_answer(*, thread: Thread, status: str, answer: str, actor: AbstractBaseUser,
                  request: HttpRequest | None = None) -> Message:
    """The service answers from the inbox: the answer joins the thread and the company's users are notified."""
    answer = request_answer_clean(status=status, answer=answer)
    with scopes_disabled():
        message = Message.objects.create(thread=thread, member_id=thread.member_id, author_id=actor.pk,
                                         from_service=True, body=answer)
        Thread.objects.filter(pk=thread.pk).update(status=status, last_message_at=message.created_at,
                                                   updated_at=timezone.now())
    thread.status, thread.last_message_at = status, message.created_at
    member_change_record(action="messaging.thread_answered", actor=actor, member=thread.member, obj=thread,
                         request=request,
                         summary=f"{thread.subject} : {RequestStatus(status).label}", data={"status": status})
    member_notify(member=thread.member, kind=NoticeKind.ANSWER, subject=f"Réponse du service : {thread.subject}",
                  body=answer, url=reverse("messaging:thread", args=[thread.pk]))
    return message
