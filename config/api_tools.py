"""Shared machinery of the JSON API (/api/v1/): bilingual fields, model validation on writes,
strict query parameters, CSV output and the OpenAPI description of every error response."""

import csv
import io
from copy import copy

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from django.db.models import ProtectedError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
NO_NUL_PATTERN = r"^[^\u0000]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A filter left empty (?party=) filters nothing, as an HTML form's "any" choice sends it.
FILTER_SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"


class TranslatedField(serializers.Field):
    """A translated model field as {"en": "...", "ar": "..."}; writing it sets both columns."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return {code: getattr(instance, f"{self.field_name}_{code}") for code in LANGUAGE_CODES}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or set(data) != set(LANGUAGE_CODES):
            raise ValidationError(f"Give an object with the keys {', '.join(LANGUAGE_CODES)}.")
        if not all(isinstance(value, str) for value in data.values()):
            raise ValidationError("Each language's text must be a string.")
        return {f"{self.field_name}_{code}": value for code, value in data.items()}


class ModelValidationMixin:
    """Writes through the API meet the same rules as the admin: the model's full_clean()."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {field.name for field in model._meta.many_to_many}
        instance = copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=many_to_many)
        except DjangoValidationError as error:
            errors = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
            raise ValidationError(errors) from None
        return attrs


def positive_int(request, name: str, *, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        limit = f" up to {maximum}" if maximum else ""
        raise ValidationError({name: [f"Give a whole number from 1{limit}."]})
    return int(raw)


class Pagination(PageNumberPagination):
    """Numbered pages with a count and next/previous links. A malformed `page` or `page_size` is
    a 400 naming it; a page past the end is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            return None  # an export holds every matching row
        self.request = request
        page_size = positive_int(
            request, "page_size", default=self.page_size, maximum=self.max_page_size
        )
        number = positive_int(request, "page", default=1)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(f"There is no page {number}.") from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == "page_size":
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` with a field the endpoint does not sort by is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        allowed = self.allowed_values(view)
        fields = [field.strip() for field in raw.split(",") if field.strip()]
        unknown = [field for field in fields if field not in allowed]
        if unknown or not fields:
            raise ValidationError(
                {self.ordering_param: [f"Order by one or more of: {', '.join(sorted(allowed))}."]}
            )
        return fields

    def allowed_values(self, view) -> set[str]:
        fields = getattr(view, "ordering_fields", [])
        return {prefix + field for field in fields for prefix in ("", "-")}

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by this field; a leading - reverses it.",
                "schema": {"type": "string", "enum": sorted(self.allowed_values(view))},
            }
        ]


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
    if isinstance(item, dict):
        return item.get("slug") or item.get("en") or ""
    return item


class CSVRenderer(BaseRenderer):
    """Rows as CSV for spreadsheets: `?format=csv` or `Accept: text/csv`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
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
        writer.writerows(rows)
        return buffer.getvalue().encode(self.charset)


class FullTextSearchFilter:
    """`?q=`: the site's full-text search (treaties.search), best matches first, on the endpoints
    whose view sets `full_text_search = True` (their models store search vectors)."""

    def filter_queryset(self, request, queryset, view):
        from treaties.forms import SearchForm
        from treaties.search import search_queryset

        if not getattr(view, "full_text_search", False) or "q" not in request.query_params:
            return queryset
        form = SearchForm({"q": request.query_params["q"]})
        if not form.is_valid():
            raise ValidationError(form.errors)
        text = form.cleaned_data["q"]
        return search_queryset(queryset, text=text) if text else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "full_text_search", False):
            return []
        return [
            {
                "name": "q",
                "required": False,
                "in": "query",
                "description": "Full-text search in English or Arabic (websearch syntax: "
                '"a phrase", either OR other, -excluded).',
                "schema": {"type": "string", "maxLength": 200, "pattern": NO_NUL_PATTERN},
            }
        ]


def raise_for_form_errors(errors) -> None:
    """Answer a query string's form errors: 404 when every one is a slug that names nothing
    (code "unknown"), else 400 with the errors by parameter."""
    by_name = errors.as_data()
    if all(error.code == "unknown" for field_errors in by_name.values() for error in field_errors):
        raise NotFound(
            " ".join(
                f"{name}: {error.messages[0]}"
                for name, field_errors in by_name.items()
                for error in field_errors
            )
        )
    raise ValidationError(errors)


class SlugFilterBackend(DjangoFilterBackend):
    """django-filter, with the API's two answers to a bad value: a slug that names nothing is a
    404, anything malformed a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise_for_form_errors(filterset.errors)
        return filterset.qs


class Conflict(APIException):
    status_code = 409
    default_detail = "Other records depend on this one; change or remove them first."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus: deleting a row others depend on is a 409, not a server error."""
    # Imported here: rest_framework.views reads this module's classes from the settings while
    # it is itself being imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ProtectedError):
        exc = Conflict()
    return drf_exception_handler(exc, context)


class StrictContentNegotiation(DefaultContentNegotiation):
    """`?format=` must name one of the endpoint's formats; an empty or unknown one is a 400."""

    def select_renderer(self, request, renderers, format_suffix=None):
        value = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        formats = sorted({renderer.format for renderer in renderers})
        if value is not None and not format_suffix and value not in formats:
            raise ValidationError({"format": [f"Use one of: {', '.join(formats)}."]})
        return super().select_renderer(request, renderers, format_suffix)
