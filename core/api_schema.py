"""The OpenAPI description of the API (drf-spectacular): bilingual fields, slug filters, and
every error response an operation can give."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from .api_defaults import LANGUAGE_CODES, NO_NUL_PATTERN
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


class ApiSchema(AutoSchema):
    """Documents the error responses every operation can give, beside its own."""

    def get_auth(self):
        """Reads are open to anyone: say so beside the schemes that writes need."""
        auth = super().get_auth()
        if self.method in {"GET", "HEAD"} and {} not in auth:
            auth.append({})
        return auth

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
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
