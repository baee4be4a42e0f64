"""Member pages of the threads with the service: the list, a new thread, one thread (read and reply), a file."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render

from portail.audit.idempotency import idempotent
from portail.core.tenancy import member_required
from portail.messaging import selectors, services
from portail.messaging.forms import MessageForm, ThreadForm
from portail.messaging.models import Topic


@member_required
def threads(request):
    threads = selectors.threads(member=request.member, topics=_topics(request))
    return render(request, "messaging/threads.html", {"threads": threads})


def _topics(request) -> list[str]:
    return selectors.topics_for(role=request.member_role)


def _about(value: str) -> tuple[str, int | None]:
    topic, _, pk = value.partition(":")
    return topic, int(pk) if pk.isdigit() else None


@member_required
@idempotent
def thread_create(request):
    subjects = selectors.thread_subjects(member=request.member, topics=_topics(request))
    initial = {"about": request.GET.get("sujet", Topic.QUESTION.value)}
    form = ThreadForm(request.POST or None, request.FILES or None, subjects=subjects, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic, about_id = _about(data["about"])
        subject = data["subject"].strip() if topic == Topic.QUESTION else dict(subjects)[data["about"]]
        thread = services.thread_start(member=request.member, topic=topic, about_id=about_id, subject=subject,
                                       body=data["body"], attachment=data["attachment"], actor=request.user,
                                       request=request)
        messages.success(request, "Message envoyé au service. Vous serez prévenu de sa réponse.")
        return redirect("messaging:thread", pk=thread.pk)
    return render(request, "messaging/thread_create.html", {"form": form}, status=400 if form.is_bound else 200)


@member_required
@idempotent
def thread_detail(request, pk: int):
    thread = selectors.thread_get(member=request.member, pk=pk, topics=_topics(request))
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.message_post(thread=thread, body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"],
                              actor=request.user, request=request)
        messages.success(request, "Message envoyé au service.")
        return redirect("messaging:thread", pk=thread.pk)
    context = {"thread": thread, "thread_messages": selectors.thread_messages(thread=thread), "form": form}
    return render(request, "messaging/thread.html", context, status=400 if form.is_bound else 200)


@member_required
def attachment(request, pk: int, message_pk: int):
    message = selectors.message_attachment_get(member=request.member, thread_pk=pk, pk=message_pk,
                                               topics=_topics(request))
    return FileResponse(message.attachment.open("rb"), as_attachment=True, filename=message.attachment_name,
                        content_type="application/pdf")
