"""Authentication outcomes go to the audit log. Django's auth signals are the only hook for them."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portail.accounts.lockout import lockout_hint_add
from portail.accounts.middleware import SESSION_STARTED_KEY
from portail.audit.services import event_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    # A login starts a new session, even over one still open: Django keeps the key and the data of the same user's
    # session (its old start included), so a login renews both the key and the absolute lifetime.
    if getattr(request, "session", None) is not None:
        request.session.cycle_key()
        request.session[SESSION_STARTED_KEY] = int(time.time())
    event_record(action="auth.login", actor=user, member=user.member, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        event_record(action="auth.logout", actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "axes_locked_out", False):
        return  # refused before any password check: recorded once as auth.locked_out below
    event_record(action="auth.login_failed", actor_label=str(credentials.get("username", ""))[:150], request=request)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    """One audit event per lockout, not one per refused attempt while it lasts: an attacker
    hammering a locked account must not be able to flood the audit log (or the database).
    The same cache entry lets the next attempts be refused before the login form runs."""
    if lockout_hint_add(username=username, ip_address=ip_address):
        event_record(action="auth.locked_out", actor_label=str(username or "")[:150], request=request)
