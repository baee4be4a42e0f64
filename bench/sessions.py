"""Mint logged-in session cookies without going through the (deliberately slow) Argon2 login."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_scopes import scopes_disabled

from portail.accounts.models import User
from portail.core.tenancy import SESSION_KEY as MEMBER_SESSION_KEY
from portail.members.models import Member

BACKEND = "portail.accounts.backends.PortalBackend"


def session_cookie(*, username: str, member_number: str) -> str:
    with scopes_disabled():
        user = User.objects.get(username=username)
        member = Member.objects.get(number=member_number)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[MEMBER_SESSION_KEY] = member.pk
    store.create()
    return store.session_key
