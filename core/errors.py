"""Error pages: JSON under /api/, the site's HTML pages elsewhere. A database that cannot be
reached is a 503 the client may retry, not a server error."""

import math
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

# Seconds a client is asked to wait while the database is unreachable (PostgreSQL restarting).
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def wants_json(request) -> bool:
    # The address from the script prefix: a release's (core.releases) or a deployment's.
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    """A request Django refused before any view: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a
    413, anything else a 400; JSON under /api/."""
    too_large = isinstance(exception, RequestDataTooBig)
    if wants_json(request):
        detail = "The request body is too large." if too_large else "The request could not be read."
        return JsonResponse({"detail": detail}, status=413 if too_large else 400)
    response = defaults.bad_request(request, exception)
    if too_large:
        response.status_code = 413
    return response


def unreadable_address(request) -> HttpResponse:
    """400 for a page asked for with a control character in its query string
    (core.middleware.RefuseControlCharacters)."""
    return render(request, "core/unreadable_address.html", status=400)


def too_many_requests(request, wait: float | None) -> HttpResponse:
    """429, saying in how many seconds the client may ask again (core.throttling)."""
    response = render(request, "429.html", status=429)
    if wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


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
