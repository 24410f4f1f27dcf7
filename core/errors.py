"""Error pages: JSON under /api/, the site's HTML pages elsewhere. A database that cannot be
reached is a 503 the client may retry, not a server error."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

# Seconds a client is asked to wait while the database is unreachable (PostgreSQL restarting).
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django calls this while handling the exception, so sys.exc_info() names it."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    if wants_json(request):
        return JsonResponse({"detail": "The server failed; the error has been logged."}, status=500)
    return defaults.server_error(request)


def service_unavailable(request) -> HttpResponse:
    """503 with Retry-After. The page is rendered without the request's context: its processors
    (the signed-in user, for one) would need the database that is missing."""
    if wants_json(request):
        return retry_later(
            JsonResponse(
                {"detail": "The database is unavailable just now; retry in a few seconds."},
                status=503,
            )
        )
    return retry_later(HttpResponse(render_to_string("503.html"), status=503))


def retry_later(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
