from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from . import selectors
from .downloads import file_response
from .errors import method_not_allowed


@require_safe
def data(request):
    """The releases of the record, newest first, each with its changelog and files."""
    return render(request, "core/data.html", {"releases": selectors.releases()})


@require_safe
def release_file(request, name: str):
    """One file of a release: the same bytes for ever, so kept by anyone for a year."""
    return file_response(get_object_or_404(selectors.release_files(), name=name))


def api_home(request):
    """/api/: the current version's front page, which lists every endpoint. Not for ever: the
    current version may change."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ["GET", "HEAD"])
    return redirect("api:api-root", version=settings.REST_FRAMEWORK["DEFAULT_VERSION"])
