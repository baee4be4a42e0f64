"""Session engine: Django's database sessions, with the row read on every request through `read_one`.

Same table, same expiry rule and same behaviour as `django.contrib.sessions.backends.db`; only the read of the
session row skips the ORM's SQL building (see portail/core/direct_reads.py for why and by how much).
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from portail.core.direct_reads import quoted, read_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model, using = self.model, router.db_for_read(self.model)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        session = read_one(
            model,
            where=f"{quoted(model, 'session_key', using)} = %s AND {quoted(model, 'expire_date', using)} > %s",
            params=[self.session_key, now],
            using=using,
        )
        if session is None:
            self._session_key = None
        return session
