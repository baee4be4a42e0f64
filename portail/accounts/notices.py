"""Tell a member: the one place every app goes through to say something to a company (a receipt, a convocation,
an answer, a change staff made, a new invoice, a campaign opening).

`member_notify` keeps the notice for the company's "Notifications" page, gives each of the company's users their
own unread copy (the count in the portal header), and e-mails those who want that kind (their preferences,
`accounts.EmailOptOut`), in plain text and HTML, one template per kind (`accounts/emails/<kind>.txt|.html`).
"""

from collections.abc import Iterable

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scopes_disabled

from portail.accounts.selectors import member_notice_recipients, members_notice_recipients
from portail.core.links import public_url
from portail.members.freshness import member_data_changed
from portail.members.models import Member, MemberNotice, NoticeDelivery, NoticeKind


def member_notify(*, member: Member, subject: str, body: str, kind: str = NoticeKind.ANSWER,
                  url: str = "", already_emailed: Iterable[str] = ()) -> MemberNotice:
    """Inside the caller's transaction: the notice exists only if the change does; the e-mails leave after the
    commit. `url` is a path of the portal where the whole thing is read (a thread, an invoice); `already_emailed`,
    addresses the caller has just written to about the same thing (a convocation with its PDF): no second e-mail.
    Callable from a member's request, a staff one or a command (reminders): it writes only `member`'s rows."""
    with scopes_disabled():
        notice = MemberNotice.objects.create(member=member, kind=kind, subject=subject[:200], body=body, url=url)
        recipients = member_notice_recipients(member=member, kind=kind)
        NoticeDelivery.objects.bulk_create(
            [NoticeDelivery(notice=notice, member=member, user=user) for user, _wants_email in recipients])
    member_data_changed(member_ids=[member.pk])
    skipped = {email.lower() for email in already_emailed}
    emails = [user.email for user, wants_email in recipients
              if wants_email and user.email and user.email.lower() not in skipped]
    if emails:
        transaction.on_commit(lambda: notice_emails_send([(notice, member, emails)]))
    return notice


def members_notify(*, members: Iterable[Member], subject: str, body: str, kind: str, url: str = "") -> int:
    """The same notice to many members at once (a campaign opening): bulk inserts, one query for the recipients."""
    members = list(members)
    if not members:
        return 0
    with scopes_disabled():
        notices = MemberNotice.objects.bulk_create(
            [MemberNotice(member=m, kind=kind, subject=subject[:200], body=body, url=url) for m in members],
            batch_size=1000)
        recipients = members_notice_recipients(member_ids=[m.pk for m in members], kind=kind)
        NoticeDelivery.objects.bulk_create(
            [NoticeDelivery(notice=notice, member_id=notice.member_id, user=user)
             for notice in notices for user, _wants in recipients.get(notice.member_id, [])], batch_size=1000)
    member_data_changed(member_ids=[m.pk for m in members])
    batch = [(notice, notice.member, [user.email for user, wants in recipients.get(notice.member_id, [])
                                      if wants and user.email]) for notice in notices]
    if any(emails for _notice, _member, emails in batch):
        transaction.on_commit(lambda: notice_emails_send(batch))
    return len(notices)


def notice_emails_send(batch: list[tuple[MemberNotice, Member, list[str]]]) -> int:
    """One e-mail per recipient (no one sees the others' addresses), from the kind's templates."""
    messages = []
    for notice, member, emails in batch:
        if not emails:
            continue
        context = {"notice": notice, "member": member, "link": _absolute(notice.url),
                   "preferences_link": _absolute(reverse("accounts:notification_preferences"))}
        text = render_to_string(f"accounts/emails/{notice.kind}.txt", context)
        html = render_to_string(f"accounts/emails/{notice.kind}.html", context)
        for email in emails:
            message = EmailMultiAlternatives(subject=f"[Portail] {notice.subject}", body=text, to=[email])
            message.attach_alternative(html, "text/html")
            messages.append(message)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _absolute(path: str) -> str:
    return public_url(path) if path else ""
