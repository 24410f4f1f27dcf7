"""Parts of the comparison's answers kept per treaty or article (core.fragments): a combination
of treaties never compared before reuses what earlier comparisons made of each. The API keeps
each treaty's column of cells, the page each article's excerpt.

A curator's preview (`drafts`) makes its own and keeps none. `version`: core.fragments's
record_version(), read before the rows were."""

import dataclasses
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import get_language
from rest_framework.request import Request
from rest_framework.versioning import URLPathVersioning

from core.fragments import kept_fragment, kept_fragments, renewing
from core.models import RecordVersion
from core.renderers import WrittenJSON, kept_json

from . import selectors
from .models import Alignment, Clause, ObligationLevel, Topic, Treaty
from .selectors import Comparison, ComparisonCell, ComparisonColumn, ComparisonFrame
from .serializers import (
    ComparisonCellSerializer,
    StrongestObligationSerializer,
    TopicSerializer,
    TreatyBriefSerializer,
)


class WrittenCell(NamedTuple):
    """A treaty's cell on one topic as the comparison API writes it, with its obligation."""

    obligation: int | None
    written: bytes


class WrittenTopic(NamedTuple):
    """A topic as the comparison API writes it, with what its rows need to know of it."""

    pk: int
    measures_obligation: bool
    written: bytes


class WrittenColumn(NamedTuple):
    """A treaty's brief and its column of WrittenCells, as the comparison API writes them."""

    treaty: bytes
    column: ComparisonColumn


def kept_version(version: int | str | None, drafts: bool) -> int | str | None:
    """The version to keep under: none for a curator's preview (`drafts`), which keeps
    nothing (core.fragments makes every fragment without a version)."""
    return None if drafts else version


def api_variant(request) -> tuple:
    """What an API answer's JSON depends on beyond the record: the API version, the language
    (obligations' labels in v1) and the address its links are made with."""
    return (request.version, get_language(), request.scheme, request.get_host())


def comparison_columns(
    request, treaties: Sequence[Treaty], *, version: int | str | None, drafts: bool = False
) -> dict[int, WrittenColumn]:
    """What the comparison API shows of each treaty, by pk, kept per treaty: its brief and its
    column of cells as written JSON (core.renderers.kept_json). Making those not kept reads
    them with treaty_comparison()."""

    def build(pks: list[int]) -> dict[int, WrittenColumn]:
        missing = [treaty for treaty in treaties if treaty.pk in pks]
        comparison = selectors.treaty_comparison(treaties=missing, drafts=drafts)
        # Every cell by one serializer: each of its instances copies its fields, the articles'
        # nested serializer with them.
        empty_cells = [ComparisonCell(treaty, [], None) for treaty in missing]
        topic_cells = [
            (row.topic, cell) for row in comparison.rows for cell in row.cells if not cell.is_empty
        ]
        context = {"request": request}
        briefs = TreatyBriefSerializer(missing, many=True, context=context).data
        data = ComparisonCellSerializer(
            [*empty_cells, *(cell for _topic, cell in topic_cells)], many=True, context=context
        ).data
        columns = {
            treaty.pk: WrittenColumn(
                kept_json(brief), ComparisonColumn({}, WrittenCell(None, kept_json(empty)))
            )
            for treaty, brief, empty in zip(missing, briefs, data[: len(empty_cells)], strict=True)
        }
        for (topic, cell), written in zip(topic_cells, data[len(empty_cells) :], strict=True):
            level = None if cell.obligation is None else int(cell.obligation)
            columns[cell.treaty.pk].column.cells[topic.pk] = WrittenCell(level, kept_json(written))
        return columns

    return kept_fragments(
        "comparison-api-column",
        [treaty.pk for treaty in treaties],
        build,
        version=kept_version(version, drafts),
        variant=api_variant(request),
    )


def topic_representations(
    request, topics: Sequence[Topic] | None, *, version: int | str | None
) -> list[WrittenTopic]:
    """`topics` as the comparison API writes them; without topics, every topic in order, kept."""
    context = {"request": request}

    def written(chosen: Sequence[Topic]) -> list[WrittenTopic]:
        data = TopicSerializer(chosen, many=True, context=context).data
        return [
            WrittenTopic(topic.pk, topic.measures_obligation, kept_json(representation))
            for topic, representation in zip(chosen, data, strict=True)
        ]

    if topics is not None:
        return written(topics)
    return kept_fragment(
        "comparison-topics",
        lambda: written(list(selectors.topic_api_list())),
        version=version,
        variant=api_variant(request),
    )


def comparison_answer(
    request,
    *,
    treaties: Sequence[Treaty],
    topics: Sequence[Topic] | None,
    version: int | str | None,
    drafts: bool = False,
) -> dict:
    """The comparison API's answer (ComparisonSerializer's JSON) put together from the treaties'
    kept columns: a combination never compared before costs a read of the cache when its
    treaties have been compared with any other."""
    treaties = sorted(treaties, key=lambda treaty: (treaty.signed_on, treaty.slug))
    kept = comparison_columns(request, treaties, version=version, drafts=drafts)
    comparison = selectors.comparison_of_columns(
        treaties,
        topic_representations(request, topics, version=version),
        {pk: written.column for pk, written in kept.items()},
        chosen=topics is not None,
    )
    strongest_obligations = StrongestObligationSerializer(
        [
            {"treaty": treaty.slug, "obligation": level}
            for treaty, level in comparison.strongest_obligations()
        ],
        many=True,
        context={"request": request},
    ).data
    return {
        "treaties": [WrittenJSON(kept[treaty.pk].treaty) for treaty in treaties],
        "strongest_obligations": strongest_obligations,
        "rows": [
            {
                "topic": WrittenJSON(row.topic.written),
                "cells": [WrittenJSON(cell.written) for cell in row.cells],
            }
            for row in comparison.rows
        ],
    }


class CodedBy(NamedTuple):
    """What a page says of the article or note a cell's obligation level comes from."""

    label: str
    coding_id: str


@dataclasses.dataclass(frozen=True)
class ShownCell:
    """A treaty's cell on one topic as the comparison page shows it: its markup, and what the
    rest of the page needs of it (its obligation, where that is coded, its articles' texts for
    the wording's diff). Kept without its treaty, which each page puts back."""

    html: str
    obligation: ObligationLevel | None
    coded_by: CodedBy | None
    wordings: frozenset[tuple[str, str]] | None
    treaty: Treaty | None = None

    @classmethod
    def of(cls, cell: ComparisonCell, html: str) -> "ShownCell":
        coded = cell.coded_by
        return cls(
            html=html,
            obligation=cell.obligation,
            coded_by=None
            if coded is None
            else CodedBy(getattr(coded, "label", ""), coded.coding_id),
            wordings=cell.wordings,
        )


def clause_excerpts(clauses: Sequence[Clause]) -> dict[int, str]:
    """Each clause as a comparison cell shows it (_clause_excerpt.html) in the language of the
    page, by pk: made once, however many topics quote it."""
    excerpt = get_template("_clause_excerpt.html")
    return {clause.pk: excerpt.render({"clause": clause}) for clause in clauses}


def page_columns(
    treaties: Sequence[Treaty],
    topics: Sequence[Topic],
    *,
    version: int | str | None,
    drafts: bool = False,
) -> dict[int, ComparisonColumn]:
    """Each treaty's column of ShownCells on every one of `topics` (all of them) in the language
    of the page, by pk, kept per treaty. Making those not kept reads them with
    treaty_comparison()."""

    def build(pks: list[int]) -> dict[int, ComparisonColumn]:
        missing = [treaty for treaty in treaties if treaty.pk in pks]
        comparison = selectors.treaty_comparison(treaties=missing, topics=topics, drafts=drafts)
        excerpts = clause_excerpts(comparison.clauses)
        cell_markup = get_template("treaties/compare.html#comparison-cell")

        def shown(topic: Topic | None, cell: ComparisonCell) -> ShownCell:
            context = {"topic": topic, "cell": cell, "clause_excerpts": excerpts}
            return ShownCell.of(cell, cell_markup.render(context))

        columns = {
            treaty.pk: ComparisonColumn({}, shown(None, ComparisonCell(treaty, [], None)))
            for treaty in missing
        }
        for row in comparison.rows:
            for cell in row.cells:
                if not cell.is_empty:
                    columns[cell.treaty.pk].cells[row.topic.pk] = shown(row.topic, cell)
        return columns

    return kept_fragments(
        "comparison-page-column",
        [treaty.pk for treaty in treaties],
        build,
        version=kept_version(version, drafts),
        variant=(get_language(),),
    )


def page_comparison(
    *,
    treaties: Sequence[Treaty],
    topics: Sequence[Topic] | None,
    every_topic: Sequence[Topic],
    version: int | str | None,
    drafts: bool = False,
) -> Comparison:
    """The comparison page's matrix, of ShownCells, on `topics` (None: those the treaties speak
    to, of `every_topic`, selectors.comparison_topics()), put together from the treaties' kept
    columns: a combination never compared before costs a read of the cache when its treaties
    have been compared with any other."""
    treaties = sorted(treaties, key=lambda treaty: (treaty.signed_on, treaty.slug))
    kept = page_columns(treaties, every_topic, version=version, drafts=drafts)
    columns = {}
    for treaty in treaties:
        column = kept[treaty.pk]
        columns[treaty.pk] = ComparisonColumn(
            {pk: dataclasses.replace(cell, treaty=treaty) for pk, cell in column.cells.items()},
            dataclasses.replace(column.empty, treaty=treaty),
        )
    return selectors.comparison_of_columns(
        treaties, every_topic if topics is None else topics, columns, chosen=topics is not None
    )


def comparison_frame(*, version: int | str | None, drafts: bool = False) -> ComparisonFrame:
    """selectors.comparison_frame(), kept: the same for every comparison of a record version."""
    return kept_fragment(
        "comparison-frame",
        lambda: selectors.comparison_frame(drafts=drafts),
        version=kept_version(version, drafts),
    )


def compared_alignments(
    treaties: Sequence[Treaty], *, version: int | str | None, drafts: bool = False
) -> list[Alignment]:
    """How the articles of `treaties` correspond between any two of them, older first, from
    each treaty's alignments (selectors.alignments_of_treaties()), kept per treaty."""

    def build(pks: list[int]) -> dict[int, list[Alignment]]:
        by_treaty: dict[int, list[Alignment]] = {pk: [] for pk in pks}
        for alignment in selectors.alignments_of_treaties(pks, drafts=drafts):
            for pk in {alignment.old_treaty_id, alignment.new_treaty_id} & by_treaty.keys():
                by_treaty[pk].append(alignment)
        return by_treaty

    pks = [treaty.pk for treaty in treaties]
    kept = kept_fragments("alignments", pks, build, version=kept_version(version, drafts))
    return selectors.in_alignment_order(
        alignment
        for pk in pks
        for alignment in kept[pk]
        if alignment.old_treaty_id in pks and alignment.new_treaty_id in pks
    )


def api_request(origin: str, api_version: str) -> Request:
    """An anonymous API request as asked at `origin` (the scheme and host readers reach the
    site at: https://example.org), to make what its answers keep before any reader asks."""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError(f"{origin!r} is not an origin such as https://example.org")
    made = RequestFactory().get(
        f"/api/{api_version}/compare/", HTTP_HOST=parts.netloc, secure=parts.scheme == "https"
    )
    request = Request(made)
    request.version, request.versioning_scheme = api_version, URLPathVersioning()
    request.get_host()  # refused (DisallowedHost) where the site is not served
    return request


def keep_comparisons(*, origins: Sequence[str] = (), batch: int = 100) -> tuple[int, int]:
    """Make and keep, under the record's current version, what new comparisons read of every
    published treaty, before readers ask: the pages' frame, each treaty's alignments and page
    column in every language, and for each of `origins` its API column (the current API
    version, in the language asked for by default). What is kept already is kept for the whole
    time again. Returns the version and the number of treaties."""
    api_version = settings.REST_FRAMEWORK["DEFAULT_VERSION"]
    requests = [api_request(origin, api_version) for origin in origins]
    version = RecordVersion.current()  # before the rows, as a request reads it
    treaties = list(selectors.treaty_chronology())
    with renewing():
        topics = comparison_frame(version=version).topics
        for start in range(0, len(treaties), batch):
            chunk = treaties[start : start + batch]
            compared_alignments(chunk, version=version)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    page_columns(chunk, topics, version=version)
            with translation.override(settings.LANGUAGE_CODE):
                for request in requests:
                    topic_representations(request, None, version=version)
                    comparison_columns(request, chunk, version=version)
    return version, len(treaties)
