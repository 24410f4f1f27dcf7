"""Probes for the process manager and the load balancer: no session, no cache, no redirect."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import DATABASE_UNAVAILABLE, retry_later


@never_cache
@require_safe
def liveness(request):
    """The process answers requests (it does not touch the database)."""
    return JsonResponse({"status": "alive"})


@never_cache
@require_safe
def readiness(request):
    """The process can serve the record: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_UNAVAILABLE:
        return retry_later(
            JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        )
    return JsonResponse({"status": "ready", "database": "ok"})
