"""Pages as PDF (WeasyPrint), for printing and citing: made from a template of their own, with
this site's static files read from disk and nothing fetched from the network."""

import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher

from .releases import cited_record

STATIC_PREFIX = f"file://{settings.STATIC_URL}"


class StaticFilesOnly(URLFetcher):
    """Fetches this site's static files (a template's /static/... links) from disk and refuses
    any other address: a PDF never waits on, or leaks to, another server."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"})

    def fetch(self, url, headers=None):
        path = (
            static_path(url.removeprefix(STATIC_PREFIX)) if url.startswith(STATIC_PREFIX) else None
        )
        if path is None:
            raise ValueError(f"Not fetched for a PDF: {url}")
        return super().fetch(f"file://{path}", headers)


def static_path(name: str) -> str | None:
    """Where a static file the templates name is on disk: among the collected files (a deployed
    site names them with their hash, css/pdf.3f2a….css), else in the apps' own folders."""
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


def pdf_response(
    template_name: str, context: dict, *, request, filename: str, path: str, version: int
) -> HttpResponse:
    """`template_name` (extending _pdf.html) rendered as a PDF, shown in the browser and saved
    as `filename`.pdf, naming the page at `path` as its permalink, today as the day it was made
    and the release or `version` of the record it shows (`version` read before its rows)."""
    permalink, record = cited_record(request, request.build_absolute_uri(path), version)
    context = {
        **context,
        "permalink": permalink,
        "made_on": datetime.date.today(),
        "record": record,
    }
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url="file:///", url_fetcher=StaticFilesOnly())
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
