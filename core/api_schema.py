"""The OpenAPI description of the API (drf-spectacular): bilingual fields, slug filters, and
every error response an operation can give."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .api_defaults import LANGUAGE_CODES, NO_NUL_PATTERN
from .citations import CITATION_FORMATS
from .forms import SlugChoiceField
from .slugs import FILTER_SLUG_PATTERN


class TranslatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "core.api.TranslatedField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
            "required": LANGUAGE_CODES,
            "additionalProperties": False,
        }


class SlugFilterExtension(DjangoFilterExtension):
    """Documents slug filters with their pattern and free-text ones as refusing NUL, so the schema
    says which values the API answers with a 400."""

    target_class = "core.api_defaults.SlugFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            filter_field = filters.get(parameter["name"])
            schema = parameter["schema"]
            if filter_field is not None and issubclass(filter_field.field_class, SlugChoiceField):
                parameter["schema"] = {"type": "string", "pattern": FILTER_SLUG_PATTERN}
            elif schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                schema["pattern"] = NO_NUL_PATTERN
        return parameters


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": 'What is wrong, by parameter or field: {"page": ["Give a whole number…"]}',
    "additionalProperties": {},
}
ERROR_DESCRIPTIONS = {
    "400": "A parameter or field is malformed; the body names it.",
    "401": "Writing needs a curator's token or session.",
    "403": "This account may not make this change.",
    "404": "No such resource, or a slug in the parameters names nothing.",
    "409": "Other records depend on this one, or a delete would leave one without a source.",
    "412": "If-Match names a version of the record older than the stored one.",
    "429": "Too many requests from this address; slow down.",
}


CITATION_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", *CITATION_FORMATS],
    description="csl, bibtex or ris: a reference to the record's page, with its address, the "
    "record's version and the day it was read, in that format.",
)
CSV_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv: every matching row, one per line, unpaginated.",
)
# What a citation answers in each of its formats.
CITATION_CONTENT = {
    CITATION_FORMATS["csl"]: {"schema": {"type": "array", "items": {"type": "object"}}},
    CITATION_FORMATS["bibtex"]: {"schema": {"type": "string"}},
    CITATION_FORMATS["ris"]: {"schema": {"type": "string"}},
}


class ApiSchema(AutoSchema):
    """Documents the error responses every operation can give, beside its own."""

    def get_auth(self):
        """Reads are open to anyone: say so beside the schemes that writes need."""
        auth = super().get_auth()
        if self.method in {"GET", "HEAD"} and {} not in auth:
            auth.append({})
        return auth

    def exports_csv(self) -> bool:
        """A list that also answers CSV (core.api.CSVListMixin)."""
        listing = self.method == "GET" and getattr(self.view, "action", None) == "list"
        return listing and getattr(self.view, "exports_csv", False)

    def cites(self) -> bool:
        """One record that also answers as a citation of its page (core.api.CitableMixin)."""
        one = self.method == "GET" and getattr(self.view, "action", None) == "retrieve"
        return one and getattr(self.view, "citable", False)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.cites():
            parameters = [*parameters, CITATION_FORMAT_PARAMETER]
        if self.exports_csv():
            parameters = [*parameters, CSV_FORMAT_PARAMETER]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.cites() and "200" in responses:
            responses["200"]["content"].update(CITATION_CONTENT)
        if self.exports_csv() and "200" in responses:
            # The CSV is text beside the paginated JSON, not a second copy of its schema.
            responses["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
        # Any query parameter (a filter, page, format) or body can be malformed: 400.
        codes = ["400", "404", "429"]
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            codes += ["401", "403"] + (["409"] if self.method == "DELETE" else [])
            codes += ["412"] if self.method in {"PUT", "PATCH", "DELETE"} else []
        for code in codes:
            if code in responses:
                continue
            serializer = FIELD_ERRORS_SCHEMA if code == "400" else ErrorSerializer
            response = self._get_response_for_code(serializer, code, direction=direction)
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = response
        return responses
