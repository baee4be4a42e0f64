"""Reads for the message threads. Portal callers always pass the current member: another member's thread is a 404."""

from django.db.models import QuerySet
from django.http import Http404

from portail.appointments.models import AppointmentRequest, CancellationRequest
from portail.billing.models import SepaMandate
from portail.core.formatting import date_fr
from portail.members.models import Member, SituationChangeRequest
from portail.messaging.models import Message, Thread, Topic

RECENT = 10  # requests offered per kind when a thread is started


def threads(*, member: Member) -> QuerySet[Thread]:
    """The company's threads, the latest activity first."""
    return Thread.objects.filter(member=member).order_by("-last_message_at", "-pk")


def thread_get(*, member: Member, pk: int) -> Thread:
    thread = Thread.objects.filter(member=member, pk=pk).first()
    if thread is None:
        raise Http404
    return thread


def thread_messages(*, thread: Thread) -> QuerySet[Message]:
    return Message.objects.filter(member_id=thread.member_id, thread=thread).select_related("author")


def message_attachment_get(*, member: Member, thread_pk: int, pk: int) -> Message:
    message = Message.objects.filter(member=member, thread_id=thread_pk, pk=pk).exclude(attachment="").first()
    if message is None:
        raise Http404
    return message


def thread_for(*, member: Member, topic: str, about_id: int) -> Thread | None:
    """The thread already open about one request, if any: a request has one thread."""
    return Thread.objects.filter(member=member, topic=topic, about_id=about_id).first()


def thread_subjects(*, member: Member) -> list[tuple[str, str]]:
    """What a new thread may be about: a free question, or one of the company's recent requests, as
    ("<topic>:<pk>", label) choices. A request of another member is never offered, so never accepted."""
    choices = [(Topic.QUESTION.value, "Autre question (sujet libre)")]
    for request in AppointmentRequest.objects.filter(member=member).order_by("-created_at", "-pk")[:RECENT]:
        choices.append((f"{Topic.APPOINTMENT_REQUEST}:{request.pk}",
                        f"Demande de rendez-vous du {date_fr(request.created_at)} ({request.get_visit_kind_display()})"))
    for cancellation in CancellationRequest.objects.filter(member=member).order_by("-created_at", "-pk")[:RECENT]:
        choices.append((f"{Topic.CANCELLATION}:{cancellation.pk}",
                        f"Demande d'annulation du {date_fr(cancellation.created_at)}"))
    for change in SituationChangeRequest.objects.filter(member=member).order_by("-created_at", "-pk")[:RECENT]:
        choices.append((f"{Topic.SITUATION_CHANGE}:{change.pk}",
                        f"Changement de situation du {date_fr(change.created_at)} ({change.get_kind_display()})"))
    for mandate in SepaMandate.objects.filter(member=member).order_by("-signed_at", "-pk")[:RECENT]:
        choices.append((f"{Topic.SEPA_MANDATE}:{mandate.pk}", f"Mandat SEPA {mandate.reference}"))
    return choices


def subject_label(*, member: Member, value: str) -> str:
    return dict(thread_subjects(member=member)).get(value, "")
