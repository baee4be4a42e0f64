from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Message threads between a company's users and the service, about one request or a free topic.

    It sits above the request apps (appointments, declarations, billing, members) to name the request a thread is
    about, and below the back office, whose inbox lists the threads (backoffice/inbox_sources/messaging.py)."""

    name = "portail.messaging"
    label = "messaging"
    verbose_name = "Messages"
