"""The bases of the JSON API (/api/v1/) that every record app builds on: viewsets looked up by
slug, links by slug, bilingual fields, model validation on writes, publication by editors only.
(The classes the REST_FRAMEWORK setting names are in core.api_defaults.)"""

import hashlib
from collections.abc import Sequence
from copy import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param

from .api_defaults import LANGUAGE_CODES, Conflict, conflict_detail
from .citations import CITATION_FORMATS, citation
from .fragments import kept_fragments, record_version
from .models import CHANGE_REASON_LENGTH, PUBLISHING_NEEDS_EDITOR, Publication, previews_drafts
from .renderers import CITATION_RENDERERS, ApiJSONRenderer, CSVRenderer, WrittenJSON, kept_json
from .selectors import record_changes
from .services import deletion_conflicts
from .slugs import SLUG_REGEX
from .text import validate_readable


def representation_etag(data) -> str:
    """The ETag of a record's JSON as the API's detail gives it (compressed or not)."""
    return quote_etag(hashlib.md5(kept_json(data), usedforsecurity=False).hexdigest())


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = "The record has changed since you read it: read it again, then write."
    default_code = "precondition_failed"


class CSVListMixin:
    """A viewset whose list also exports as CSV, every matching row unpaginated (`?format=csv`
    or `Accept: text/csv`); one record, and what a write answers, are JSON. The schema says so
    (core.api_schema.ApiSchema)."""

    exports_csv = True

    def get_renderers(self):
        renderers = super().get_renderers()
        # A method the list route does not allow (no action) gets its 405, not a 400 for format;
        # OPTIONS (metadata) names what the list renders.
        listing = self.detail is False and self.action in ("list", "metadata", None)
        return [*renderers, CSVRenderer()] if listing else renderers


class CitableMixin:
    """A viewset whose records have pages to cite: one record also answers as a citation of its
    page (core.citations), by `?format=csl|bibtex|ris` or the formats' media types in Accept.
    The records give the title (`citation_title`); the schema says so (core.api_schema)."""

    citable = True

    def get_renderers(self):
        renderers = super().get_renderers()
        # A method the record's route does not allow (no action) gets its 405, not a 400;
        # OPTIONS (metadata) names what the record renders.
        one = self.detail is True and self.action in ("retrieve", "metadata", None)
        return [*renderers, *(renderer() for renderer in CITATION_RENDERERS)] if one else renderers

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format not in CITATION_FORMATS:
            return super().retrieve(request, *args, **kwargs)
        record = self.get_object()
        page = request.build_absolute_uri(record.get_absolute_url())
        return Response(citation(request, key=record.slug, title=record.citation_title, url=page))


class KeptRecordsMixin:
    """A list whose records' JSON is kept per record, beside the kept answers (core.fragments):
    a page never asked for before (another filter, starting date or page) makes only the records
    no earlier page made. The page's records are found by key (one query, and the count), then
    only those not kept are loaded with their relations and serialised. A curator's list shows
    drafts and keeps nothing; a CSV export is made whole."""

    def list(self, request, *args, **kwargs):
        version = record_version(request)  # before the rows, which are kept under it
        if (
            version is None
            or self.drafts
            or not isinstance(request.accepted_renderer, (ApiJSONRenderer, BrowsableAPIRenderer))
        ):  # a CSV export, or any other renderer, gets the records themselves
            return super().list(request, *args, **kwargs)
        keys = self.filter_queryset(self.get_keys_queryset()).values_list("pk", flat=True)
        page = self.paginate_queryset(keys)
        pks = list(keys if page is None else page)
        kept = self.kept_records(pks, version=version)
        # A record withdrawn since its key was read is left out rather than failing the list.
        data = [WrittenJSON(kept[pk]) for pk in pks if pk in kept]
        return Response(data) if page is None else self.get_paginated_response(data)

    @classmethod
    def keeping(cls, request, *, basename: str):
        """The viewset as it lists records for `request` (an anonymous reader's), to keep them
        before any reader asks (e.g. treaties.api.keep_treaty_records)."""
        return cls(request=request, basename=basename, action="list", format_kwarg=None)

    def kept_records(self, pks: Sequence[int], *, version: int | str) -> dict[int, bytes]:
        """The records' JSON by pk: those kept under `version` read, the rest made and kept."""
        request = self.request
        variant = (request.version, get_language(), request.scheme, request.get_host())
        # Kept as written JSON ("-written": never what earlier code kept as objects).
        kind = f"{self.basename}-written"
        return kept_fragments(kind, pks, self.represent_records, version=version, variant=variant)

    def get_keys_queryset(self):
        """The rows the list's filters and ordering pick the page's records from: a viewset
        whose queryset loads relations (which take a page milliseconds to build) may give them
        without."""
        return self.get_queryset().prefetch_related(None)

    def represent_records(self, pks: Sequence[int]) -> dict[int, bytes]:
        """Each record's JSON as the list shows it, by pk, written (core.renderers.kept_json)."""
        records = list(self.get_queryset().filter(pk__in=pks))
        data = self.get_serializer(records, many=True).data
        return {record.pk: kept_json(item) for record, item in zip(records, data, strict=True)}


class SlugViewSet(KeptRecordsMixin, CSVListMixin, viewsets.ModelViewSet):
    """Read for anyone; create, change and delete for curators with the model's permissions.
    Curators also read drafts. A delete that would take other records with it, or leave a record
    without a source, is refused (409) with their names: nothing goes silently."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    @property
    def drafts(self) -> bool:
        return previews_drafts(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = representation_etag(response.data)
        return response

    def perform_update(self, serializer):
        self.check_if_match(serializer.instance)
        super().perform_update(serializer)

    def check_if_match(self, instance):
        """A write that sends `If-Match` with the ETag it read applies only to that version:
        someone else's change since is not silently overwritten (412)."""
        header = self.request.headers.get("If-Match")
        if header is None or header.strip() == "*":
            return
        current = representation_etag(self.get_serializer(instance).data)
        if current not in {tag.removeprefix("W/") for tag in parse_etags(header)}:
            raise PreconditionFailed()

    def perform_destroy(self, instance):
        self.check_if_match(instance)
        conflicts = deletion_conflicts(instance)
        if conflicts:
            raise Conflict(conflict_detail(conflicts))
        super().perform_destroy(instance)


SLUG_PLACEHOLDER = "0slug0"


def canonical_url(url: str) -> str:
    """A link to a record as it is named: DRF's reverse() carries the request's `?format=` (csv
    in a CSV export) into every link, which then answers that format, or a 400."""
    return remove_query_param(url, api_settings.URL_FORMAT_OVERRIDE)


def canonical_reverse(view_name: str, request, **kwargs) -> str:
    return canonical_url(reverse(view_name, request=request, **kwargs))


class CanonicalLinkMixin:
    """A link names its record, never a format: neither the request's `?format=` (canonical_url)
    nor its format suffix (`treaties/x.json`, whose links would all end in .json)."""

    def get_url(self, obj, view_name, request, format):
        return canonical_url(super().get_url(obj, view_name, request, None))


class SlugLinkMixin(CanonicalLinkMixin):
    """Reverses a view's URL once per request and puts each slug into it: a page of 50 treaties
    links hundreds of records, and one reverse() each was most of its cost. Links are
    canonical (CanonicalLinkMixin)."""

    def get_url(self, obj, view_name, request, format):
        slug = getattr(obj, "slug", "")
        if request is None or not slug:
            return super().get_url(obj, view_name, request, format)
        patterns = request.__dict__.setdefault("_slug_link_patterns", {})
        if view_name not in patterns:
            patterns[view_name] = canonical_url(
                self.reverse(view_name, kwargs={"slug": SLUG_PLACEHOLDER}, request=request)
            )
        return patterns[view_name].replace(SLUG_PLACEHOLDER, slug)


class SlugLink(SlugLinkMixin, serializers.HyperlinkedRelatedField):
    pass


class SlugSelfLink(SlugLinkMixin, serializers.HyperlinkedIdentityField):
    pass


class CanonicalSelfLink(CanonicalLinkMixin, serializers.HyperlinkedIdentityField):
    pass


def link(view_name: str, **kwargs) -> serializers.HyperlinkedRelatedField:
    """A related record as the URL of its API resource (`api:<view_name>`)."""
    return SlugLink(view_name=f"api:{view_name}", lookup_field="slug", **kwargs)


def self_link(view_name: str) -> serializers.HyperlinkedIdentityField:
    return SlugSelfLink(view_name=f"api:{view_name}", lookup_field="slug")


class PublicationMixin:
    """Anyone reads `publication`; changing it (publishing or withdrawing) takes the model's
    publish permission, which the editor role holds. New records start as drafts."""

    def validate_publication(self, value):
        current = self.instance.publication if self.instance else Publication.DRAFT
        if value != current and not self.Meta.model.may_be_published_by(
            self.context["request"].user
        ):
            raise PermissionDenied(PUBLISHING_NEEDS_EDITOR)
        return value


class ChangeReasonMixin(serializers.Serializer):
    """A write to a published record says why (`change_reason`), as in the admin: the public
    change log shows the reason beside the change. Publishing or withdrawing alone needs none."""

    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=CHANGE_REASON_LENGTH,
        validators=[validate_readable],
        help_text="Why this published record changes; shown in its public change log.",
    )

    def validate(self, attrs):
        reason = attrs.pop("change_reason", "")
        attrs = super().validate(attrs)
        edited = set(attrs) - {"publication"}
        published = self.instance is not None and self.instance.publication == (
            Publication.PUBLISHED
        )
        if published and edited and not reason:
            raise ValidationError(
                {"change_reason": ["Say why this published record changes: readers see it."]}
            )
        self.change_reason = reason
        return attrs

    def update(self, instance, validated_data):
        instance._change_reason = self.change_reason or None
        return super().update(instance, validated_data)


class TranslatedField(serializers.Field):
    """A translated model field as {"en": "...", "ar": "..."}; writing it sets both columns."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        # A language column left empty is NULL (django-modeltranslation): it reads as "".
        return {
            code: getattr(instance, f"{self.field_name}_{code}") or "" for code in LANGUAGE_CODES
        }

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
        # full_clean() may have tidied text (core.text drops invisible marks): save that.
        return {
            name: getattr(instance, name) if isinstance(value, str) else value
            for name, value in attrs.items()
        }


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name")
    old = serializers.JSONField()
    new = serializers.JSONField()


class PublishedChangeSerializer(serializers.Serializer):
    date = serializers.DateTimeField()
    by = serializers.CharField(help_text='"a curator" or "an editor": never a name.')
    reason = serializers.CharField()
    fields = FieldChangeSerializer(many=True)


class ChangeLogMixin:
    """`{slug}/changes/`: the record's edits made while it was published, newest first."""

    @extend_schema(responses=PublishedChangeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def changes(self, request, slug=None, **kwargs):
        changes = record_changes(self.get_object())
        return Response(PublishedChangeSerializer(changes, many=True).data)
