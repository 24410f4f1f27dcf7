"""A release's file as an answer: named for saving, with its checksum in the headers."""

from django.http import HttpResponse
from django.utils.http import quote_etag

from .models import ReleaseFile

MEDIA_TYPES = {
    ReleaseFile.Format.JSON: "application/json",
    ReleaseFile.Format.CSV: "text/csv; charset=utf-8",
    ReleaseFile.Format.ZIP: "application/zip",
    ReleaseFile.Format.SQLITE: "application/vnd.sqlite3",
    ReleaseFile.Format.CHECKSUMS: "text/plain; charset=utf-8",
}
# A release's files never change: a year, and browsers need not ask again.
FOREVER = "public, max-age=31536000, immutable"


def file_response(file: ReleaseFile) -> HttpResponse:
    response = HttpResponse(bytes(file.content), content_type=MEDIA_TYPES[file.format])
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    # The checksum the Data page and the API list (weakened, W/, when the answer is gzipped).
    response["ETag"] = quote_etag(file.sha256)
    response["Cache-Control"] = FOREVER
    # Read from the database each time: the kept answers are for pages and the API.
    response.keep_for_anonymous = False
    return response
