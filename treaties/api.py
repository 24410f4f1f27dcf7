"""The treaty record as JSON: /api/v2/treaties/, clauses/, parties/, topics/, sources/, events/,
compare/, compare/wording/ and in-force/."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    ChangeLogMixin,
    CitableMixin,
    CSVListMixin,
    SlugViewSet,
    link,
)
from core.api_defaults import Pagination, raise_for_form_errors
from core.api_schema import CITATION_CONTENT
from core.citations import CITATION_FORMATS, citation
from core.fragments import record_version, renewing
from core.models import RecordVersion, previews_drafts
from core.renderers import CITATION_RENDERERS, ApiJSONRenderer, CSVRenderer
from core.slugs import SLUG_PATTERN, SLUG_REGEX

from . import selectors
from .filters import ClauseFilter, EventFilter, PartyFilter, SourceFilter, TreatyFilter
from .forms import ComparisonForm, InForceForm, WordingComparisonForm
from .fragments import api_request, comparison_answer
from .serializers import (
    ClauseSerializer,
    ComparisonSerializer,
    EventSerializer,
    ObligationField,
    PartySerializer,
    SourceSerializer,
    TopicSerializer,
    TreatyBriefSerializer,
    TreatySerializer,
    obligation_labels,
)


class TreatyViewSet(CitableMixin, ChangeLogMixin, SlugViewSet):
    serializer_class = TreatySerializer
    filterset_class = TreatyFilter
    full_text_search = True
    ordering_fields = ["signed_on", "entry_into_force", "ended_on", "slug"]

    def get_queryset(self):
        return selectors.treaty_api_list(drafts=self.drafts)

    def get_keys_queryset(self):
        return selectors.treaty_api_rows(drafts=self.drafts)


def keep_treaty_records(*, origins: Sequence[str], batch: int = 100) -> int:
    """Make and keep, under the record's current version, every published treaty's JSON as the
    lists show it at each of `origins` (the current API version, in the language asked for by
    default), before readers ask: a list page never asked for is then put together from kept
    records. What is kept already is kept for the whole time again. Returns the number kept."""
    version = RecordVersion.current()  # before the rows, as a request reads it
    pks = list(selectors.treaty_api_rows().values_list("pk", flat=True))
    api_version = settings.REST_FRAMEWORK["DEFAULT_VERSION"]
    with renewing(), translation.override(settings.LANGUAGE_CODE):
        for origin in origins:
            lists = TreatyViewSet.keeping(api_request(origin, api_version), basename="treaty")
            for start in range(0, len(pks), batch):
                lists.kept_records(pks[start : start + batch], version=version)
    return len(pks)


class ClauseViewSet(CitableMixin, ChangeLogMixin, SlugViewSet):
    serializer_class = ClauseSerializer
    filterset_class = ClauseFilter
    full_text_search = True
    ordering_fields = ["order", "obligation_level", "slug"]

    def get_queryset(self):
        return selectors.clause_api_list(drafts=self.drafts)


class EventViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """The treaties' dated events, read-only (curated in the admin): with the treaties' own
    dates, what the timeline is made of."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    ordering_fields = ["date", "slug"]

    def get_queryset(self):
        return selectors.event_api_list(drafts=previews_drafts(self.request.user))


class PartyViewSet(SlugViewSet):
    serializer_class = PartySerializer
    filterset_class = PartyFilter
    ordering_fields = ["slug", "iso_code"]

    def get_queryset(self):
        return selectors.party_api_list()


class TopicViewSet(SlugViewSet):
    serializer_class = TopicSerializer
    ordering_fields = ["order", "slug"]

    def get_queryset(self):
        return selectors.topic_api_list()


class SourceViewSet(SlugViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["slug", "published_on", "publisher"]

    def get_queryset(self):
        return selectors.source_api_list()


def comparison_csv_rows(comparison) -> list[dict]:
    """One row per topic and treaty: what the comparison page shows, flattened for a spreadsheet."""
    rows = []
    for row in comparison.rows:
        for cell in row.cells:
            quotes = [q for clause in cell.clauses if (q := clause.quote_for("en")) is not None]
            rows.append(
                {
                    "topic": row.topic.slug,
                    "topic_en": row.topic.name_en,
                    "topic_ar": row.topic.name_ar,
                    "treaty": cell.treaty.slug,
                    "obligation_level": "" if cell.obligation is None else int(cell.obligation),
                    **{
                        f"obligation_{code}": label
                        for code, label in obligation_labels(cell.obligation).items()
                    },
                    "articles": " | ".join(clause.label for clause in cell.clauses),
                    "wording": " | ".join(text.text for text in quotes),
                    "wording_kinds": " | ".join(
                        f"{text.kind} ({text.language}, {text.source.slug})" for text in quotes
                    ),
                    "summary_en": " | ".join(clause.summary_en for clause in cell.clauses),
                    "summary_ar": " | ".join(clause.summary_ar for clause in cell.clauses),
                    "note_en": cell.note.note_en if cell.note else "",
                    "note_ar": cell.note.note_ar if cell.note else "",
                    "sources": " | ".join(
                        source.url or source.title
                        for clause in cell.clauses
                        for source in clause.sources.all()
                    ),
                }
            )
    return rows


SLUG_LIST = {
    "type": "array",
    "items": {"type": "string", "pattern": SLUG_PATTERN},
    "uniqueItems": True,
}


class CompareView(APIView):
    """The comparison page's table as data: per topic, each treaty's clauses and obligation."""

    permission_classes = [AllowAny]
    renderer_classes = [ApiJSONRenderer, CSVRenderer, *CITATION_RENDERERS]

    @extend_schema(
        operation_id="compare",
        parameters=[
            OpenApiParameter(
                "treaties",
                {**SLUG_LIST, "minItems": 2, "maxItems": 3},
                description="Two or three treaty slugs; without it, the newest treaty and the "
                "ones it replaced.",
                explode=True,
            ),
            OpenApiParameter(
                "topics", SLUG_LIST, description="Only these topics (slugs).", explode=True
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv", *CITATION_FORMATS],
                description="csv: one row per cell; csl, bibtex or ris: a reference to the "
                "comparison's page.",
            ),
        ],
        responses={
            (200, "application/json"): ComparisonSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per cell."),
            **{
                (200, media_type): OpenApiResponse(content["schema"])
                for media_type, content in CITATION_CONTENT.items()
            },
        },
    )
    def get(self, request, **kwargs):
        version = record_version(request)  # before the treaties: their columns are kept under it
        form = ComparisonForm.from_query(request.query_params, drafts=previews_drafts(request.user))
        if not form.is_valid():
            raise_for_form_errors(form.errors)
        treaties, topics = form.cleaned_data["treaties"], form.cleaned_data["topics"]
        if request.accepted_renderer.format == "json":
            return Response(
                comparison_answer(
                    request, treaties=treaties, topics=topics, version=version, drafts=form.drafts
                )
            )
        comparison = selectors.treaty_comparison(
            treaties=treaties, topics=topics, drafts=form.drafts
        )
        if request.accepted_renderer.format == "csv":
            return Response({"csv_rows": comparison_csv_rows(comparison)})
        page = f"{reverse('treaties:compare')}?{form.query_string()}"
        return Response(
            citation(
                request,
                key=comparison.citation_key,
                title=comparison.title,
                url=request.build_absolute_uri(page),
            )
        )


class WordDiffRunSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    text = serializers.CharField()


class WordingComparisonSerializer(serializers.Serializer):
    """Two treaties' wording on one topic, word by word: from texts of one language and kind,
    each article's first of them; without such texts in common, `runs` is null (compare the
    articles' summaries instead)."""

    topic = link("topic-detail", read_only=True)
    old = link("treaty-detail", source="old.treaty", read_only=True)
    new = link("treaty-detail", source="new.treaty", read_only=True)
    old_clauses = link("clause-detail", source="old.clauses", many=True, read_only=True)
    new_clauses = link("clause-detail", source="new.clauses", many=True, read_only=True)
    language = serializers.CharField(source="text.language", allow_null=True, default=None)
    kind = serializers.CharField(source="text.kind", allow_null=True, default=None)
    complete = serializers.SerializerMethodField(
        help_text="False where a source prints only part of an article: words missing there "
        "are the source's gap, not the treaty's change."
    )
    shared_percent = serializers.IntegerField(
        source="diff.shared_percent", allow_null=True, default=None
    )
    runs = serializers.SerializerMethodField()

    def get_complete(self, wording) -> bool:
        return not wording.has_part_texts

    @extend_schema_field(WordDiffRunSerializer(many=True, allow_null=True))
    def get_runs(self, wording):
        if wording.diff is None:
            return None
        return [{"op": op, "text": text} for op, text in wording.diff.chunks]


class CompareWordingView(APIView):
    """How the wording on one topic changed between two treaties: runs of kept, removed and
    added words (the comparison page's word diff as data)."""

    permission_classes = [AllowAny]
    renderer_classes = [ApiJSONRenderer]

    @extend_schema(
        operation_id="compare_wording",
        parameters=[
            OpenApiParameter("topic", {"type": "string", "pattern": SLUG_PATTERN}, required=True),
            OpenApiParameter(
                "old",
                {"type": "string", "pattern": SLUG_PATTERN},
                required=True,
                description="The earlier treaty.",
            ),
            OpenApiParameter(
                "new",
                {"type": "string", "pattern": SLUG_PATTERN},
                required=True,
                description="The later treaty.",
            ),
        ],
        responses={200: WordingComparisonSerializer},
    )
    def get(self, request, **kwargs):
        form = WordingComparisonForm(request.query_params, drafts=previews_drafts(request.user))
        if not form.is_valid():
            raise_for_form_errors(form.errors)
        wording = selectors.topic_wording_comparison(
            topic=form.cleaned_data["topic"],
            old_treaty=form.cleaned_data["old"],
            new_treaty=form.cleaned_data["new"],
            drafts=form.drafts,
        )
        return Response(WordingComparisonSerializer(wording, context={"request": request}).data)


class TreatyLifeSerializer(TreatyBriefSerializer):
    """A treaty with its dates and what it replaced and was replaced by."""

    entry_into_force = serializers.DateField(
        allow_null=True, help_text="Null where no source gives the date."
    )
    ended_on = serializers.DateField(allow_null=True)
    ended_on_certainty = serializers.CharField()
    end_reason = serializers.CharField()
    replaces = link("treaty-detail", read_only=True, allow_null=True)
    replaced_by = link("treaty-detail", many=True, read_only=True)


class TreatyInForceSerializer(serializers.Serializer):
    treaty = TreatyLifeSerializer()
    obligation = ObligationField(
        source="defence.obligation",
        default=None,
        help_text="Its strongest defence obligation, or null where none is coded.",
    )
    obligation_article = link("clause-detail", read_only=True, allow_null=True)


class InForceSerializer(serializers.Serializer):
    """What the record's treaties were on one day. A treaty whose entry into force no source
    dates counts as in force from its signing (its entry_into_force is null)."""

    date = serializers.DateField(source="day")
    count = serializers.IntegerField(
        source="in_force_count", help_text="How many treaties were in force: `in_force` is a page."
    )
    next = serializers.SerializerMethodField(help_text="The next page of `in_force`, or null.")
    previous = serializers.SerializerMethodField(
        help_text="The previous page of `in_force`, or null."
    )
    in_force = TreatyInForceSerializer(source="treaties", many=True)
    signed_not_in_force = TreatyLifeSerializer(source="signed", many=True)
    gap = serializers.BooleanField(
        source="is_gap", help_text="True when no treaty was in force after an earlier one ended."
    )
    ended_before = TreatyLifeSerializer(
        allow_null=True, help_text="When none was in force: the treaty that had ended last."
    )
    in_force_after = TreatyLifeSerializer(
        allow_null=True, help_text="When none was in force: the next treaty signed or in force."
    )

    def get_next(self, answer) -> str | None:
        return self.context["paging"].get_next_link()

    def get_previous(self, answer) -> str | None:
        return self.context["paging"].get_previous_link()


class InForceView(APIView):
    """Which treaties between the parties were in force on a day (today by default), with each
    one's defence obligation; on a day none was, the gap around it."""

    permission_classes = [AllowAny]
    renderer_classes = [ApiJSONRenderer]

    @extend_schema(
        operation_id="in_force",
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="The day (YYYY-MM-DD); today without it."
            ),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="A page of the treaties in force.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": Pagination.max_page_size},
                description="How many treaties in force a page gives.",
            ),
        ],
        responses={200: InForceSerializer},
    )
    def get(self, request, **kwargs):
        form = InForceForm(request.query_params, today=datetime.date.today())
        if not form.is_valid():
            raise_for_form_errors(form.errors)
        day, drafts = form.cleaned_data["date"], previews_drafts(request.user)
        paging = Pagination()
        shown = paging.paginate_queryset(selectors.treaties_in_force(day, drafts=drafts), request)
        answer = selectors.in_force_on(
            day, shown=shown, in_force_count=paging.page.paginator.count, drafts=drafts
        )
        context = {"request": request, "paging": paging}
        return Response(InForceSerializer(answer, context=context).data)
