"""Threads with the service in the inbox: the member's last message waits for an answer; the answer joins the
thread and notifies the company's users."""

from portail.backoffice.inbox import InboxItem, InboxSource, register
from portail.core.formatting import datetime_fr
from portail.messaging.models import Message, Thread
from portail.messaging.selectors import thread_messages
from portail.messaging.services import thread_answer


class ThreadSource(InboxSource):
    key = "message"
    label = "Message"
    model = Thread

    def item(self, obj) -> InboxItem:
        # Waiting since the member's last message, not since the thread was opened.
        return self.make_item(obj, received=obj.last_message_at, status=obj.status,
                              status_label=obj.get_status_display())

    def summary(self, obj) -> str:
        return obj.subject

    def details(self, obj) -> list[tuple[str, str]]:
        rows = [("Sujet", obj.get_topic_display()), ("Objet", obj.subject)]
        for message in thread_messages(thread=obj):
            who = "Le service" if message.from_service else (message.author.display_name if message.author else "—")
            attached = f"\n(pièce jointe : {message.attachment_name})" if message.attachment else ""
            rows.append((f"{who}, le {datetime_fr(message.created_at)}", message.body + attached))
        return rows

    def attachment(self, obj):
        """The latest file the member sent in the thread."""
        latest = (Message.objects.filter(member_id=obj.member_id, thread=obj, from_service=False)
                  .exclude(attachment="").order_by("-created_at", "-pk").first())
        return latest.attachment if latest else None

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        thread_answer(thread=obj, status=status, answer=answer, actor=actor, request=request)


register(ThreadSource())
