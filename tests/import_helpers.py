"""Shared by the import tests: files of rows as the admin's import form takes them."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from treaties.resources import TreatyResource


def treaty_rows(**changes) -> tablib.Dataset:
    """The 2024 treaty's exported row as a new treaty, changed by `changes`."""
    exported = TreatyResource().export()
    rows = [dict(zip(exported.headers, row, strict=True)) for row in exported]
    row = next(r for r in rows if r["slug"] == "russia-dprk-2024")
    row |= {"slug": "imported-treaty", "publication": "draft", "replaces": ""}
    return tablib.Dataset(*[[*{**row, **changes}.values()]], headers=list(row))


def many_treaty_rows(count: int, **changes) -> tablib.Dataset:
    """`count` new treaties made from the 2024 one, slugs imported-treaty-1, -2, ..."""
    rows = [treaty_rows(slug=f"imported-treaty-{n}", **changes)[0] for n in range(1, count + 1)]
    return tablib.Dataset(*rows, headers=treaty_rows().headers)


def upload(dataset: tablib.Dataset) -> SimpleUploadedFile:
    return SimpleUploadedFile("treaties.csv", dataset.export("csv").encode(), "text/csv")


def import_form(dataset: tablib.Dataset, reason="Adding the 1961 PRC treaty") -> dict:
    """The admin's import form for `dataset` as CSV, with the reason the curator gives."""
    return {"resource": "0", "format": "0", "import_file": upload(dataset), "change_reason": reason}
