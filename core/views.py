from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from . import selectors
from .downloads import file_response


@require_safe
def data(request):
    """The releases of the record, newest first, each with its changelog and files."""
    return render(request, "core/data.html", {"releases": selectors.releases()})


@require_safe
def release_file(request, name: str):
    """One file of a release: the same bytes for ever, so kept by anyone for a year."""
    return file_response(get_object_or_404(selectors.release_files(), name=name))


class APIHome(APIView):
    """/api/: the current version's front page, which lists every endpoint. Not for ever: the
    current version may change. An API view, so its other methods are answered as the API's."""

    # A redirect, for anyone: it reads nothing, so it needs no credentials nor throttle, and it
    # is no endpoint of the schema.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None
    # What OPTIONS says of it (DRF would give the class's name and this docstring).
    name = settings.SPECTACULAR_SETTINGS["TITLE"]
    description = "Leads to the current version's front page, which lists every endpoint."

    def get(self, request):
        return redirect("api:api-root", version=settings.REST_FRAMEWORK["DEFAULT_VERSION"])
