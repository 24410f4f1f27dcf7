"""Parts of the comparison's answers kept per treaty or article (core.fragments): a combination
of treaties never compared before reuses what earlier comparisons made of each. The API keeps
each treaty's column of cells, the page each article's excerpt.

A curator's preview (`drafts`) makes its own and keeps none. `version`: core.fragments's
record_version(), read before the rows were."""

from collections.abc import Sequence
from typing import NamedTuple

from django.template.loader import get_template
from django.utils.translation import get_language

from core.fragments import kept_fragment, kept_fragments
from core.renderers import WrittenJSON, kept_json

from . import selectors
from .models import Clause, Topic, Treaty
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


def api_variant(request) -> tuple:
    """What an API answer's JSON depends on beyond the record: the API version, the language
    (obligations' labels in v1) and the address its links are made with."""
    return (request.version, get_language(), request.scheme, request.get_host())


def comparison_columns(
    request, treaties: Sequence[Treaty], *, version: int | str | None, drafts: bool = False
) -> dict[int, dict]:
    """What the comparison API shows of each treaty, by pk, kept per treaty: its brief
    (`treaty`), its cell where it says nothing (`empty`), and its cells where it says
    something (`cells`: topic pk -> WrittenCell), as written JSON
    (core.renderers.kept_json). Making those not kept reads them with treaty_comparison()."""

    def build(pks: list[int]) -> dict[int, dict]:
        missing = [treaty for treaty in treaties if treaty.pk in pks]
        comparison = selectors.treaty_comparison(treaties=missing, drafts=drafts)
        # Every cell by one serializer: each of its instances copies its fields, the articles'
        # nested serializer with them.
        empty_cells = [selectors.ComparisonCell(treaty, [], None) for treaty in missing]
        topic_cells = [
            (row.topic, cell) for row in comparison.rows for cell in row.cells if not cell.is_empty
        ]
        context = {"request": request}
        briefs = TreatyBriefSerializer(missing, many=True, context=context).data
        data = ComparisonCellSerializer(
            [*empty_cells, *(cell for _topic, cell in topic_cells)], many=True, context=context
        ).data
        columns = {
            treaty.pk: {"treaty": kept_json(brief), "empty": kept_json(empty), "cells": {}}
            for treaty, brief, empty in zip(missing, briefs, data[: len(empty_cells)], strict=True)
        }
        for (topic, cell), written in zip(topic_cells, data[len(empty_cells) :], strict=True):
            level = None if cell.obligation is None else int(cell.obligation)
            columns[cell.treaty.pk]["cells"][topic.pk] = WrittenCell(level, kept_json(written))
        return columns

    pks = [treaty.pk for treaty in treaties]
    if drafts:
        return build(pks)
    return kept_fragments(
        "comparison-column", pks, build, version=version, variant=api_variant(request)
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
    treaties have been compared with any other. Its rows and strongest obligations follow
    selectors.treaty_comparison() and Comparison.strongest_obligations()."""
    treaties = sorted(treaties, key=lambda treaty: (treaty.signed_on, treaty.slug))
    kept = comparison_columns(request, treaties, version=version, drafts=drafts)
    columns = [kept[treaty.pk] for treaty in treaties]
    strongest: list[int | None] = [None] * len(treaties)
    rows = []
    for topic in topic_representations(request, topics, version=version):
        cells = [column["cells"].get(topic.pk) for column in columns]
        if topics is None and not any(cells):
            continue
        for index, cell in enumerate(cells):
            if topic.measures_obligation and cell is not None and cell.obligation is not None:
                strongest[index] = max(cell.obligation, strongest[index] or 0)
        rows.append(
            {
                "topic": WrittenJSON(topic.written),
                "cells": [
                    WrittenJSON(cell.written if cell is not None else column["empty"])
                    for cell, column in zip(cells, columns, strict=True)
                ],
            }
        )
    strongest_obligations = StrongestObligationSerializer(
        [
            {"treaty": treaty.slug, "obligation": level}
            for treaty, level in zip(treaties, strongest, strict=True)
        ],
        many=True,
        context={"request": request},
    ).data
    return {
        "treaties": [WrittenJSON(column["treaty"]) for column in columns],
        "strongest_obligations": strongest_obligations,
        "rows": rows,
    }


def clause_excerpts(
    clauses: Sequence[Clause], *, version: int | None, drafts: bool = False
) -> dict[int, str]:
    """Each clause as a comparison cell shows it (_clause_excerpt.html) in the language of the
    page, by pk. `clauses` come from treaty_comparison(), so making those not kept costs no
    query."""
    by_pk = {clause.pk: clause for clause in clauses}
    excerpt = get_template("_clause_excerpt.html")

    def build(pks: list[int]) -> dict[int, str]:
        return {pk: excerpt.render({"clause": by_pk[pk]}) for pk in pks}

    if drafts:
        return build(list(by_pk))
    return kept_fragments(
        "clause-excerpt", list(by_pk), build, version=version, variant=(get_language(),)
    )
