"""The API's defaults, named by settings.REST_FRAMEWORK: numbered pages, strict query parameters
and formats, and the answers to bad input (400, or 404 for a slug that names nothing) and to a
delete others depend on (409).

DRF imports these while it imports its views, so this module imports no view of DRF's.
"""

import sys

from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import ProtectedError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.metadata import SimpleMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly

NO_NUL_PATTERN = r"^[^\u0000]*$"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def positive_int(request, name: str, *, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()):  # isdigit() alone lets "²" through to int()
        value = 0
    elif len(raw.lstrip("0")) > 18:  # past any page or limit; int() refuses 4,300 digits
        value = sys.maxsize
    else:
        value = int(raw)
    if value < 1 or (maximum is not None and value > maximum):
        limit = f" up to {maximum}" if maximum else ""
        raise ValidationError({name: [f"Give a whole number from 1{limit}."]})
    return value


class Pagination(PageNumberPagination):
    """Numbered pages with a count and next/previous links. A malformed `page` or `page_size` is
    a 400 naming it; a page past the end is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # Checked for an export too, which ignores them: a malformed one is a 400 either way.
        page_size = positive_int(
            request, "page_size", default=self.page_size, maximum=self.max_page_size
        )
        number = positive_int(request, "page", default=1)
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            return None  # an export holds every matching row
        self.request = request
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


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's: anyone reads, writes take the model's permissions. DRF's builds the view's
    queryset at every request to learn its model, then finds that a read needs no permission
    (perms_map); a read is let through here before that (the queryset of a treaty list, with
    its relations, cost 0.4 ms of a first answer)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS and request.user:
            return True
        return super().has_permission(request, view)


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


def conflict_detail(names: list[str], shown: int = 10) -> str:
    """The 409's message, naming the first `shown` records in the way."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f"{Conflict.default_detail} They are: {'; '.join(names[:shown])}{more}."


def exception_handler(exc, context):
    """DRF's handler, plus: deleting a row others depend on is a 409, not a server error."""
    # Imported here: rest_framework.views reads this module's classes from the settings while
    # it is itself being imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ProtectedError):
        protected = sorted(f"{row._meta.verbose_name}: {row}" for row in exc.protected_objects)
        exc = Conflict(conflict_detail(protected))
    return drf_exception_handler(exc, context)


class StrictContentNegotiation(DefaultContentNegotiation):
    """`?format=` must name one of the endpoint's formats; an empty or unknown one is a 400."""

    def select_renderer(self, request, renderers, format_suffix=None):
        value = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        formats = sorted({renderer.format for renderer in renderers})
        if value is not None and not format_suffix and value not in formats:
            raise ValidationError({"format": [f"Use one of: {', '.join(formats)}."]})
        return super().select_renderer(request, renderers, format_suffix)


def lone_surrogates(data) -> bool:
    """Whether parsed JSON holds a string with a lone surrogate ("\\ud800" decodes to one)."""
    if isinstance(data, str):
        return any("\ud800" <= character <= "\udfff" for character in data)
    if isinstance(data, dict):
        return any(lone_surrogates(key) or lone_surrogates(value) for key, value in data.items())
    if isinstance(data, list):
        return any(lone_surrogates(item) for item in data)
    return False


class StrictJSONParser(JSONParser):
    """JSON bodies whose strings are text: a lone surrogate, which no encoding can store, is a
    400 like any other malformed body, not a server error when it reaches the database."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if lone_surrogates(data):
            raise ParseError("JSON parse error - a string holds a lone surrogate.")
        return data


class RenderersMetadata(SimpleMetadata):
    """OPTIONS names every format the endpoint renders, those a view adds to its renderer
    classes included (a list's CSV, a record's citations)."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata["renders"] = [renderer.media_type for renderer in view.get_renderers()]
        return metadata
