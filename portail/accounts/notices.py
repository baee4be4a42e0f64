"""Tell a member what the service changed for them: a message on their "Messages du service" page and an
e-mail to their member accounts. Services of the apps above call it for every status change staff make."""

from django.core.mail import send_mail
from django.db import transaction

from portail.accounts.selectors import member_account_emails
from portail.members.freshness import member_data_changed
from portail.members.models import Member, MemberNotice


def member_notify(*, member: Member, subject: str, body: str) -> MemberNotice:
    """Inside the caller's transaction: the message exists only if the change does; the e-mail leaves after
    the commit."""
    notice = MemberNotice.objects.create(member=member, subject=subject[:200], body=body)
    member_data_changed(member_ids=[member.pk])
    transaction.on_commit(lambda: _send(member=member, subject=subject, body=body))
    return notice


def _send(*, member: Member, subject: str, body: str) -> None:
    recipients = member_account_emails(member=member)
    if recipients:
        send_mail(subject=f"[Portail] {subject}", from_email=None, recipient_list=recipients,
                  message=f"Bonjour,\n\n{body}\n\nRetrouvez ce message dans votre espace adhérent, "
                          "rubrique « Messages du service ».")
