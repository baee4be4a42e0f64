"""Mint logged-in sessions without going through the (deliberately slow) Argon2 login: one row per session,
all inserted at once, as the login would have left them."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from portail.core.tenancy import SESSION_KEY as MEMBER_SESSION_KEY

BACKEND = "portail.accounts.backends.PortalBackend"


def session_keys(accounts: list[tuple]) -> list[str]:
    """One session per (user, current member id), in that order; their keys are the cookies to send."""
    store = SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = [
        Session(session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"), expire_date=expires,
                session_data=store.encode({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND,
                                           HASH_SESSION_KEY: user.get_session_auth_hash(),
                                           MEMBER_SESSION_KEY: member_id}))
        for user, member_id in accounts
    ]
    Session.objects.bulk_create(rows, batch_size=2_000)
    return [row.session_key for row in rows]


def session_cookie(*, username: str, member_number: str) -> str:
    from django_scopes import scopes_disabled

    from portail.accounts.models import User
    from portail.members.models import Member

    with scopes_disabled():
        user = User.objects.get(username=username)
        member = Member.objects.get(number=member_number)
    return session_keys([(user, member.pk)])[0]
