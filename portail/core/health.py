"""Liveness and database check for load balancers and monitoring.

No authentication, no session, no write: a probe hitting it every few seconds must cost one
`SELECT 1` and nothing else, and must never create session rows.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The probe's 503 is the signal; log once per failure without any connection detail.
        logger.warning("health: database unreachable")
        return False
    return True


@never_cache
@require_GET
def health(request):
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "erreur", "database": "erreur"}, status=503)
