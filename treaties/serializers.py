"""JSON shapes of the record. Relations are links to the related resource (slug in the URL)."""

from django.utils import translation
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    ChangeReasonMixin,
    ModelValidationMixin,
    PublicationMixin,
    SlugLink,
    TranslatedField,
    canonical_reverse,
    link,
    self_link,
)
from core.api_defaults import LANGUAGE_CODES

from .models import (
    Clause,
    ClauseText,
    Event,
    ObligationLevel,
    Party,
    Signatory,
    Source,
    Topic,
    TopicNote,
    Treaty,
)


class BlankForNullCharField(serializers.CharField):
    """A language column never filled (NULL) reads as "", as the schema's string says."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return "" if value is None else value


@extend_schema_field({"type": "string", "format": "uri", "readOnly": True})
class FilteredListLink(serializers.Field):
    """A link to an API list filtered on this record's slug, e.g. a party's treaties:
    /api/v2/treaties/?party=russia."""

    def __init__(self, view_name: str, parameter: str, **kwargs):
        self.view_name, self.parameter = view_name, parameter
        super().__init__(source="slug", read_only=True, **kwargs)

    def to_representation(self, slug):
        url = canonical_reverse(f"api:{self.view_name}", self.context.get("request"))
        return f"{url}?{self.parameter}={slug}"


# What the API lists of records citing a source are called in a source's cited_by.
CITING_LISTS = {
    "treaties": "treaty-list",
    "clauses": "clause-list",
    "events": "event-list",
    "reactions": "reaction-list",
}


@extend_schema_field(
    {
        "type": "object",
        "properties": {name: {"type": "string", "format": "uri"} for name in CITING_LISTS},
        "required": list(CITING_LISTS),
        "readOnly": True,
    }
)
class CitedByField(serializers.Field):
    """Links to the lists of the records citing a source: {"treaties": ".../?source=slug", ...}."""

    def __init__(self):
        super().__init__(source="slug", read_only=True)

    def to_representation(self, slug):
        request = self.context.get("request")
        return {
            name: f"{canonical_reverse(f'api:{view}', request)}?source={slug}"
            for name, view in CITING_LISTS.items()
        }


class SourceSerializer(ModelValidationMixin, serializers.ModelSerializer):
    api_url = self_link("source-detail")
    # The publisher's name as it was (English), whatever the request's language; its Arabic
    # name beside it (empty where none is given).
    publisher = serializers.CharField(source="publisher_en", max_length=200)
    publisher_ar = BlankForNullCharField(
        max_length=200, required=False, allow_blank=True, default=""
    )

    cited_by = CitedByField()

    class Meta:
        model = Source
        fields = [
            "api_url", "slug", "title", "publisher", "publisher_ar", "url", "published_on",
            "language", "cited_by",
        ]  # fmt: skip


class PartySerializer(ModelValidationMixin, serializers.ModelSerializer):
    api_url = self_link("party-detail")
    name = TranslatedField()
    short_name = TranslatedField()
    predecessor = link(
        "party-detail", queryset=Party.objects.all(), allow_null=True, required=False
    )
    treaties_url = FilteredListLink("treaty-list", "party")
    reactions_url = FilteredListLink("reaction-list", "party")

    class Meta:
        model = Party
        fields = [
            "api_url", "slug", "name", "short_name", "kind", "iso_code", "predecessor",
            "treaties_url", "reactions_url",
        ]  # fmt: skip


class TopicSerializer(ModelValidationMixin, serializers.ModelSerializer):
    api_url = self_link("topic-detail")
    name = TranslatedField()
    description = TranslatedField()
    clauses_url = FilteredListLink("clause-list", "topic")

    class Meta:
        model = Topic
        fields = [
            "api_url", "slug", "name", "description", "order", "measures_obligation",
            "clauses_url",
        ]  # fmt: skip


class SignatorySerializer(serializers.ModelSerializer):
    party = link("party-detail", read_only=True)
    name = TranslatedField()
    office = TranslatedField()
    sources = link("source-detail", many=True, read_only=True)

    class Meta:
        model = Signatory
        fields = ["party", "name", "office", "certainty", "sources"]


def obligation_labels(level: int | None) -> dict[str, str]:
    """A defence obligation's name in each language ("" for none)."""
    if level is None:
        return dict.fromkeys(LANGUAGE_CODES, "")
    labels = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            labels[code] = str(ObligationLevel(level).label)
    return labels


class ObligationField(serializers.Field):
    """A defence obligation's level with its name in each language, as every text of the API:
    {"level": 3, "label": {"en": "...", "ar": "..."}}, or null. v1 named it in the request's
    language only ("label": "..."), and still does."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, level):
        request = self.context.get("request")
        if request is not None and request.version == "v1":
            return {"level": int(level), "label": str(ObligationLevel(level).label)}
        return {"level": int(level), "label": obligation_labels(level)}


class ObligationFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ObligationField

    def map_serializer_field(self, auto_schema, direction):
        if auto_schema.view.request.version == "v1":
            label = {"type": "string"}
        else:
            label = {
                "type": "object",
                "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
                "required": LANGUAGE_CODES,
            }
        return {
            "type": "object",
            "properties": {"level": {"type": "integer"}, "label": label},
            "required": ["level", "label"],
            "nullable": True,
            "readOnly": True,
        }


class EventSerializer(serializers.ModelSerializer):
    """A dated step in a treaty's history other than its signing, entry into force and end
    (those are the treaty's own dates): initialling, ratification, summit..."""

    api_url = self_link("event-detail")
    treaty = link("treaty-detail", read_only=True, allow_null=True)  # null: an event of no treaty
    title = TranslatedField()
    description = TranslatedField()
    sources = link("source-detail", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "api_url", "slug", "treaty", "kind", "date", "date_precision", "title", "description",
            "sources",
        ]  # fmt: skip
        read_only_fields = fields


class TreatySerializer(
    ChangeReasonMixin, PublicationMixin, ModelValidationMixin, serializers.ModelSerializer
):
    api_url = self_link("treaty-detail")
    title = TranslatedField()
    short_title = TranslatedField()
    summary = TranslatedField()
    signed_at = TranslatedField()
    duration = TranslatedField()
    notes = TranslatedField()
    status = serializers.CharField(read_only=True)
    parties = link("party-detail", many=True, queryset=Party.objects.all())
    replaces = link("treaty-detail", queryset=Treaty.objects.all(), allow_null=True, required=False)
    replaced_by = link("treaty-detail", many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    events = link("event-detail", many=True, read_only=True)
    sources = link("source-detail", many=True, queryset=Source.objects.all(), allow_empty=False)
    clauses_url = FilteredListLink("clause-list", "treaty")
    reactions_url = FilteredListLink("reaction-list", "treaty")

    class Meta:
        model = Treaty
        fields = [
            "api_url", "slug", "publication", "title", "short_title", "summary", "status",
            "signed_on", "signed_at", "parties", "signatories", "entry_into_force", "ended_on",
            "ended_on_certainty", "end_reason", "replaces", "replaced_by", "events",
            "article_count", "articles_complete", "reference", "duration", "notes", "atop_id",
            "atop_obligations", "sources",
            "clauses_url", "reactions_url", "change_reason",
        ]  # fmt: skip


class ClauseTextSerializer(serializers.ModelSerializer):
    source = link("source-detail", read_only=True)
    retrieved = serializers.DateField(source="retrieved_on", read_only=True, allow_null=True)

    class Meta:
        model = ClauseText
        fields = ["language", "kind", "text", "complete", "source", "retrieved", "note"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "readOnly": True})
class LegacyQuoteField(serializers.ReadOnlyField):
    """A field of the article's quote for an English reader (v1's `text`, `text_language`), ""
    where it has none."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", **kwargs)

    def to_representation(self, clause):
        quote = clause.quote_for("en")
        return getattr(quote, self.attribute) if quote is not None else ""


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class LegacyQuoteSourceField(SlugLink):
    """The source of the article's quote for an English reader (v1's `text_source`), or null."""

    def __init__(self, view_name: str, **kwargs):
        super().__init__(
            view_name=f"api:{view_name}", lookup_field="slug", read_only=True, **kwargs
        )

    def get_attribute(self, clause):
        quote = clause.quote_for("en")
        return quote.source if quote is not None else None


class ClauseSerializer(
    ChangeReasonMixin, PublicationMixin, ModelValidationMixin, serializers.ModelSerializer
):
    api_url = self_link("clause-detail")
    treaty = link("treaty-detail", queryset=Treaty.objects.all())
    heading = TranslatedField()
    summary = TranslatedField()
    texts = ClauseTextSerializer(
        many=True,
        read_only=True,
        help_text=(
            "The article's wording, one entry a language and source, each labelled with its "
            "kind; empty where no source prints it (the summary then stands alone). Curated "
            "in the admin."
        ),
    )
    topics = link("topic-detail", many=True, queryset=Topic.objects.all())
    sources = link("source-detail", many=True, queryset=Source.objects.all(), allow_empty=False)
    obligation = ObligationField(source="obligation_level")
    obligation_reason = TranslatedField(required=False)

    class Meta:
        model = Clause
        fields = [
            "api_url", "slug", "publication", "treaty", "order", "number", "number_certainty",
            "heading", "summary", "texts", "key_phrases", "topics", "obligation_level",
            "obligation", "obligation_reason", "sources", "change_reason",
        ]  # fmt: skip

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.version == "v1":
            # v1's shape: one quoted wording, read-only (curated as texts since v2).
            fields.pop("texts")
            fields.update(
                text=LegacyQuoteField(
                    "text", help_text="Deprecated (v2: texts). The article's English quote."
                ),
                text_language=LegacyQuoteField("language", help_text="Deprecated (v2: texts)."),
                text_source=LegacyQuoteSourceField(
                    "source-detail", help_text="Deprecated (v2: texts)."
                ),
            )
        return fields


class TopicNoteSerializer(serializers.ModelSerializer):
    note = TranslatedField()
    sources = link("source-detail", many=True, read_only=True)

    class Meta:
        model = TopicNote
        fields = ["note", "obligation_level", "sources"]


class TreatyBriefSerializer(serializers.Serializer):
    api_url = link("treaty-detail", read_only=True, source="*")
    slug = serializers.SlugField()
    short_title = TranslatedField(read_only=True)
    signed_on = serializers.DateField()


class ComparisonCellSerializer(serializers.Serializer):
    treaty = link("treaty-detail", read_only=True)
    obligation = ObligationField()
    clauses = ClauseSerializer(many=True, read_only=True)
    note = TopicNoteSerializer(read_only=True, allow_null=True)
    empty = serializers.BooleanField(source="is_empty")


class ComparisonRowSerializer(serializers.Serializer):
    topic = TopicSerializer(read_only=True)
    cells = ComparisonCellSerializer(many=True, read_only=True)


class StrongestObligationSerializer(serializers.Serializer):
    treaty = serializers.SlugField()
    obligation = ObligationField()


class ComparisonSerializer(serializers.Serializer):
    """A comparison (selectors.treaty_comparison) as the API shows it. Its answers are put
    together from each treaty's column, kept (treaties.fragments.comparison_answer): the same
    JSON."""

    treaties = TreatyBriefSerializer(many=True, read_only=True)
    strongest_obligations = serializers.SerializerMethodField()
    rows = ComparisonRowSerializer(many=True, read_only=True)

    @extend_schema_field(StrongestObligationSerializer(many=True))
    def get_strongest_obligations(self, comparison):
        strongest = [
            {"treaty": treaty.slug, "obligation": level}
            for treaty, level in comparison.strongest_obligations()
        ]
        return StrongestObligationSerializer(strongest, many=True, context=self.context).data
