"""A release's file as an answer: named for saving, with its checksum in the headers."""

import base64

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
    response["ETag"] = quote_etag(file.sha256)
    # The checksum of the bytes (RFC 9530), which the Data page and the API list too.
    digest = base64.b64encode(bytes.fromhex(file.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["Cache-Control"] = FOREVER
    return response
