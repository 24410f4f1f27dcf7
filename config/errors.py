"""Error pages: JSON under /api/, the site's HTML pages elsewhere."""

from django.http import JsonResponse
from django.views import defaults


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if wants_json(request):
        return JsonResponse({"detail": "The server failed; the error has been logged."}, status=500)
    return defaults.server_error(request)
