"""Reads for the message threads. Portal callers always pass the current member: another member's thread is a 404."""

from collections.abc import Collection
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from portail.accounts.roles import Capability, can
from portail.appointments.models import AppointmentRequest, CancellationRequest
from portail.billing.models import SepaMandate
from portail.core.formatting import date_fr
from portail.members.models import Member, SituationChangeRequest
from portail.messaging.models import Message, Thread, Topic

M = TypeVar("M", bound=Model)

RECENT = 10  # requests offered per kind when a thread is started

# What a thread's topic needs: a user reads and writes only the threads about what their role opens (an
# accounting user does not read a thread about an employee's visit, nor its attachments).
TOPIC_NEEDS = {
    Topic.QUESTION: Capability.HOME,
    Topic.APPOINTMENT_REQUEST: Capability.APPOINTMENTS,
    Topic.CANCELLATION: Capability.APPOINTMENTS,
    Topic.SITUATION_CHANGE: Capability.COMPANY,
    Topic.SEPA_MANDATE: Capability.BILLING,
}


def topics_for(*, role: str | None) -> list[str]:
    """The topics `role` may read and write about."""
    return [topic.value for topic, capability in TOPIC_NEEDS.items() if can(role, capability)]


def threads(*, member: Member, topics: Collection[str]) -> QuerySet[Thread]:
    """The company's threads about `topics`, the latest activity first."""
    return Thread.objects.filter(member=member, topic__in=topics).order_by("-last_message_at", "-pk")


def thread_get(*, member: Member, pk: int, topics: Collection[str]) -> Thread:
    thread = Thread.objects.filter(member=member, pk=pk, topic__in=topics).first()
    if thread is None:
        raise Http404
    return thread


def thread_messages(*, thread: Thread) -> QuerySet[Message]:
    return Message.objects.filter(member_id=thread.member_id, thread=thread).select_related("author")


def message_attachment_get(*, member: Member, thread_pk: int, pk: int, topics: Collection[str]) -> Message:
    message = (Message.objects.filter(member=member, thread_id=thread_pk, pk=pk, thread__topic__in=topics)
               .exclude(attachment="").first())
    if message is None:
        raise Http404
    return message


def thread_subjects(*, member: Member, topics: Collection[str]) -> list[tuple[str, str]]:
    """What a new thread may be about: a free question, or one of the company's recent requests of `topics`, as
    ("<topic>:<pk>", label) choices. A request of another member is never offered, so never accepted."""
    choices = [(Topic.QUESTION.value, "Autre question (sujet libre)")]
    for request in _recent(AppointmentRequest.objects.filter(member=member),
                           wanted=Topic.APPOINTMENT_REQUEST in topics):
        choices.append((f"{Topic.APPOINTMENT_REQUEST}:{request.pk}",
                        f"Demande de rendez-vous du {date_fr(request.created_at)} ({request.get_visit_kind_display()})"))
    for cancellation in _recent(CancellationRequest.objects.filter(member=member),
                                wanted=Topic.CANCELLATION in topics):
        choices.append((f"{Topic.CANCELLATION}:{cancellation.pk}",
                        f"Demande d'annulation du {date_fr(cancellation.created_at)}"))
    for change in _recent(SituationChangeRequest.objects.filter(member=member),
                          wanted=Topic.SITUATION_CHANGE in topics):
        choices.append((f"{Topic.SITUATION_CHANGE}:{change.pk}",
                        f"Changement de situation du {date_fr(change.created_at)} ({change.get_kind_display()})"))
    for mandate in _recent(SepaMandate.objects.filter(member=member), wanted=Topic.SEPA_MANDATE in topics,
                           order="-signed_at"):
        choices.append((f"{Topic.SEPA_MANDATE}:{mandate.pk}", f"Mandat SEPA {mandate.reference}"))
    return choices


def _recent(queryset: QuerySet[M], *, wanted: bool, order: str = "-created_at") -> QuerySet[M]:
    return queryset.order_by(order, "-pk")[:RECENT] if wanted else queryset.none()
