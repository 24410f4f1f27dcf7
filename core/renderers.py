"""The API's answers: JSON (written by orjson), CSV for spreadsheets, and citations."""

import csv
import io
import json

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils import encoders

from .citations import CITATION_FORMATS, Citation
from .spreadsheets import spreadsheet_safe


def kept_json(data) -> bytes:
    """`data` as the API writes it, to keep and put back into answers as it is (WrittenJSON):
    DRF's JSON, the same bytes, made by orjson."""
    return ApiJSONRenderer().render(data)


class WrittenJSON:
    """JSON kept as written (kept_json()) in an answer's data: ApiJSONRenderer writes it as it
    is, without reading it and writing it again."""

    __slots__ = ("written",)

    def __init__(self, written: bytes):
        self.written = written


class WrittenJSONEncoder(encoders.JSONEncoder):
    """DRF's encoder, which also reads the JSON kept as written (for indented answers)."""

    def default(self, obj):
        if isinstance(obj, WrittenJSON):
            return json.loads(obj.written)
        return super().default(obj)


class ApiJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, the same bytes, written by orjson: many times faster, and JSON kept
    as written (e.g. each record of the lists) is put in as it is, not read and written again.
    Dates, times, lazy texts and the rest are written by DRF's encoder. A number under 1e-4 is
    written otherwise (1.5e-7 or 0.00001, DRF's 1.5e-07 and 1e-05), the same number; what DRF
    refuses (NaN, Infinity) is written as null. Indented JSON (`Accept: application/json;
    indent=4`, the browsable API) is DRF's own."""

    encoder_class = WrittenJSONEncoder
    encoder = encoder_class()
    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        written = orjson.dumps(data, default=self.default, option=self.options)
        # Escaped as DRF escapes them, so the JSON stays a strict JavaScript subset.
        return written.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")

    def default(self, obj):
        if isinstance(obj, WrittenJSON):
            return orjson.Fragment(obj.written)
        return self.encoder.default(obj)


def flatten(value, prefix=""):
    """One CSV row from a nested JSON object: {"name": {"en": ...}} becomes name_en; lists are
    joined with " | "."""
    if isinstance(value, dict):
        row = {}
        for key, item in value.items():
            row.update(flatten(item, f"{prefix}{key}_"))
        return row
    if isinstance(value, list):
        return {prefix.rstrip("_"): " | ".join(str(flatten_scalar(item)) for item in value)}
    return {prefix.rstrip("_"): "" if value is None else value}


def flatten_scalar(item):
    """One item of a list as a cell's part: a record by its slug, a text by its English, any
    other object as its fields ("language: ru; kind: authentic; text: ...")."""
    if not isinstance(item, dict):
        return item
    if item.get("slug") or item.get("en"):
        return item.get("slug") or item.get("en")
    return "; ".join(f"{key}: {value}" for key, value in flatten(item).items() if value != "")


class CSVRenderer(BaseRenderer):
    """Rows as CSV for spreadsheets: `?format=csv` or `Accept: text/csv`. No cell runs as a
    formula (core.spreadsheets)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response, request = context.get("response"), context.get("request")
        if response is not None and request is not None and response.status_code < 400:
            # Saved under the endpoint's name: reactions.csv, compare.csv...
            name = request.path.rstrip("/").rsplit("/", 1)[-1]
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        if isinstance(data, dict) and "csv_rows" in data:
            rows = data["csv_rows"]
        elif isinstance(data, list):
            rows = [flatten(item) for item in data]
        else:  # an error body
            rows = [flatten(data)]
        buffer = io.StringIO()
        columns = list(dict.fromkeys(column for row in rows for column in row))
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(
            {column: spreadsheet_safe(value) for column, value in row.items()} for row in rows
        )
        return buffer.getvalue().encode(self.charset)


class CitationRenderer(BaseRenderer):
    """A record or comparison as a citation (core.citations.Citation): the view answers one when
    the request asks for this renderer's format."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, Citation):  # an error body
            return JSONRenderer().render(data)
        return self.text(data).encode(self.charset)


class CSLRenderer(CitationRenderer):
    media_type = CITATION_FORMATS["csl"]
    format = "csl"

    def text(self, citation: Citation) -> str:
        return citation.csl_json()


class BibTeXRenderer(CitationRenderer):
    media_type = CITATION_FORMATS["bibtex"]
    format = "bibtex"

    def text(self, citation: Citation) -> str:
        return citation.bibtex()


class RISRenderer(CitationRenderer):
    media_type = CITATION_FORMATS["ris"]
    format = "ris"

    def text(self, citation: Citation) -> str:
        return citation.ris()


CITATION_RENDERERS = [CSLRenderer, BibTeXRenderer, RISRenderer]
