"""Full-text search across treaties, clauses and reactions, in English and Arabic.

Each model stores one tsvector per language (see models.search_vector_field); a query is matched
against the vector of its own script, so Arabic words use PostgreSQL's `arabic` stemmer and Latin
ones its `english` stemmer, and both read a GIN index.
"""

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchConfig, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Expression, F, Func, QuerySet, TextField, Value
from django.utils.translation import gettext_lazy as _

from reactions.models import Reaction

from .models import SEARCH_CONFIGS, Clause, Treaty, search_vector_paths
from .record_triggers import RECORD_APPS

# Match boundaries in snippets: private-use characters no text contains, turned into <mark> only
# after the snippet is escaped (treaty_tags.snippet).
MATCH_START, MATCH_STOP = "\ue000", "\ue001"
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

# What a hit shows (templates/treaties/search.html): the shown rows load only these columns.
HIT_FIELDS = {
    Treaty: ["slug", "short_title"],
    Clause: ["order", "number", "heading", "treaty__slug", "treaty__short_title"],
    Reaction: ["slug", "speaker", "date", "date_precision", "party__short_name", "treaty__slug"],
}


@functools.cache
def searched_fields(model, language: str) -> list[str]:
    """The fields `model`'s tsvector for `language` is made from, in order: a snippet made from
    them all holds whatever matched."""

    def field_names(expression: Expression) -> list[str]:
        if isinstance(expression, F):
            return [expression.name]
        return [name for part in expression.get_source_expressions() for name in field_names(part)]

    return field_names(model._meta.get_field(f"search_{language}").expression)


def keep_vectors_in_rows(sender, app_config, using, apps=None, **kwargs) -> None:
    """post_migrate receiver: store the app's tsvectors with storage MAIN instead of EXTENDED.

    A search ranks every candidate the index finds, reading each one's vector. PostgreSQL moves
    the largest values of a row over 2 kB out to its TOAST table, and an article's vectors are
    among its largest, so ranking 500 articles cost 500 more index lookups (three times the
    query). With MAIN the texts go out first and the vectors stay in the row. Rows written
    before keep their layout until they are next written.
    """
    from django.apps import apps as installed_apps
    from django.db import connections

    if app_config.label not in RECORD_APPS:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (apps or installed_apps).get_app_config(app_config.label).get_models():
            columns = [
                model._meta.get_field(name).column for name in search_vector_paths(model, {})
            ]
            if columns:
                cursor.execute(
                    f"ALTER TABLE {quote(model._meta.db_table)} "
                    + ", ".join(
                        f"ALTER COLUMN {quote(column)} SET STORAGE MAIN" for column in columns
                    )
                )


def query_language(text: str) -> str:
    """The language whose vectors a query is matched against: Arabic if it has Arabic letters."""
    return "ar" if ARABIC_LETTERS.search(text) else "en"


@dataclass(frozen=True)
class KindCount:
    shown: int
    found: int
    at_least: bool


@dataclass(frozen=True)
class SearchResults:
    """The best matches of each kind, and how many of each kind match (`found`), counted up to
    RANKED_CANDIDATES: a count that reached it means "at least that many"."""

    query: str
    language: str
    treaties: list[Treaty]
    clauses: list[Clause]
    reactions: list[Reaction]
    found: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.found.values())

    @property
    def counted_in_full(self) -> bool:
        return not any(count.at_least for count in self.counts.values())

    @property
    def sections(self) -> list[tuple[str, str, list, KindCount]]:
        """(kind, its name, hits, count) of each kind with a hit, in the order the page shows
        them."""
        counts = self.counts
        return [
            (kind, name, getattr(self, kind), counts[kind])
            for kind, name in KINDS.items()
            if getattr(self, kind)
        ]

    @property
    def counts(self) -> dict[str, KindCount]:
        return {
            kind: KindCount(
                len(getattr(self, kind)),
                self.found[kind],
                reached_the_ranked_limit(self.found[kind]),
            )
            for kind in KINDS
        }


def websearch(text: str) -> tuple[str, SearchQuery]:
    """The language of `text` and the query parsed with that language's configuration."""
    language = query_language(text)
    return language, SearchQuery(text, config=SEARCH_CONFIGS[language], search_type="websearch")


# The site's search ranks at most this many matching rows of each kind: the GIN index finds them
# at once, whereas ranking every row a common word matches (most of a large record) reads them
# all. Below this many matches (any specific query) the ranking is exact; above it, the best
# are those of the first rows found, whichever the limit, and the count says "at least". Each
# candidate is one more row read: on the scale data a search's three rankings took 10 ms of
# PostgreSQL at 500, 6 ms at 200 (bench/README.md).
RANKED_CANDIDATES = 200


def reached_the_ranked_limit(found: int) -> bool:
    """Whether a count of ranked matches may be short of all matches: "at least" that many."""
    return found >= RANKED_CANDIDATES


def search_queryset(queryset: QuerySet, *, text: str, candidates: int | None = None) -> QuerySet:
    """The rows of `queryset` matching `text` in the vectors of its script, best first (`rank`);
    with `candidates`, only that many matching rows are ranked."""
    language, query = websearch(text)
    vector = f"search_{language}"
    matching = queryset.filter(**{vector: query})
    if candidates is not None:
        matching = queryset.filter(pk__in=matching.order_by().values("pk")[:candidates])
    return matching.annotate(rank=SearchRank(F(vector), query)).order_by("-rank", "pk")


class SpaceJoined(Func):
    """The fields' text joined by spaces, empty ones skipped. One flat call: Concat nests a
    pair per field and costs a search page milliseconds to compile."""

    function = "CONCAT_WS"
    output_field = TextField()

    def __init__(self, *fields: str):
        super().__init__(Value(" "), *fields)


class Snippet(Func):
    """The parts of `text` where `query` matches, its matches between MATCH_START and MATCH_STOP:
    PostgreSQL's ts_headline with the options written out once. (SearchHeadline composes each
    option as an SQL literal, a cursor each, every time a query is compiled.)"""

    function = "ts_headline"
    output_field = TextField()
    options = (
        f"StartSel={MATCH_START}, StopSel={MATCH_STOP}, MinWords=12, MaxFragments=2, "
        'FragmentDelimiter=" … "'
    )

    def __init__(self, text: Expression, query: SearchQuery, *, config: str):
        super().__init__(SearchConfig(config), text, query, Value(self.options))


def ranked_candidates(
    queryset: QuerySet, *, language: str, query: SearchQuery, limit: int
) -> QuerySet:
    """(pk, rank) of the first `limit` rows of `queryset` that `query` matches in the vector of
    `language`, in no order: the rows its GIN index finds first."""
    vector = f"search_{language}"
    return (
        queryset.filter(**{vector: query})
        .order_by()
        .annotate(rank=SearchRank(F(vector), query))
        # Plain pairs: modeltranslation's values_list() would build a dict for each of them.
        .rewrite(False)
        .values_list("pk", "rank")[:limit]
    )


# Where a search's text goes among the parameters of a ranking compiled once (ranking_statement).
# It starts with a NUL, which none of the other parameters holds and no search is let through with.
SEARCHED_TEXT = "\x00searched text"


@functools.cache
def ranking_statement(kind: str, language: str, drafts: bool, limit: int) -> tuple[str, tuple, str]:
    """The SQL of `ranked_candidates` for `kind`, its parameters with SEARCHED_TEXT for the
    text, and its database: written by the ORM once a process. Building and compiling the same
    queryset again cost a first search 1.5 ms a kind, more than PostgreSQL took to run it."""
    query = SearchQuery(SEARCHED_TEXT, config=SEARCH_CONFIGS[language], search_type="websearch")
    rows = searched_rows(kind, drafts=drafts)
    candidates = ranked_candidates(rows, language=language, query=query, limit=limit)
    sql, params = candidates.query.get_compiler(candidates.db).as_sql()
    return sql, tuple(params), candidates.db


def ranking(kind: str, *, language: str, text: str, drafts: bool) -> list[tuple[int, float]]:
    """(pk, rank) of the first RANKED_CANDIDATES `kind` rows matching `text`, best first."""
    sql, params, database = ranking_statement(kind, language, drafts, RANKED_CANDIDATES)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [text if param == SEARCHED_TEXT else param for param in params])
        candidates = cursor.fetchall()
    return sorted(candidates, key=lambda candidate: (-candidate[1], candidate[0]))


class RankedHits(Sequence):
    """The rows matching a search, best first. Their ranking is read at once (one query); a
    slice fetches its rows, each with a `snippet` marking the matches (one query), so a page of
    hits costs two queries and a Paginator can page through them. Snippets are costly (each
    parses its row's text), so only shown rows get one."""

    def __init__(self, *, kind: str, text: str, drafts: bool = False):
        self.kind, self.drafts = kind, drafts
        self.language, self.query = websearch(text)
        self.ranking = ranking(kind, language=self.language, text=text, drafts=drafts)

    @property
    def at_least(self) -> bool:
        """Whether more rows may match than were ranked (len() is then a lower bound)."""
        return reached_the_ranked_limit(len(self.ranking))

    def __len__(self) -> int:
        return len(self.ranking)

    def __iter__(self):
        # Sequence's own would fetch the rows one index, and one query, at a time.
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.rows([pk for pk, _rank in self.ranking[index]])
        return self.rows([self.ranking[index][0]])[0]

    def rows(self, pks: list[int]) -> list:
        if not pks:  # building the query would cost a millisecond for nothing
            return []
        searched = searched_rows(self.kind, drafts=self.drafts)
        shown = (
            searched.filter(pk__in=pks)
            .order_by()
            .only(*HIT_FIELDS[searched.model])
            .annotate(
                snippet=Snippet(
                    SpaceJoined(*searched_fields(searched.model, self.language)),
                    self.query,
                    config=SEARCH_CONFIGS[self.language],
                ),
            )
        )
        rows = {row.pk: row for row in shown}
        # A row withdrawn since the ranking was read is left out rather than failing the page.
        return [rows[pk] for pk in pks if pk in rows]


# What a search looks through, in the order the page shows it, with the names the page uses.
KINDS = {"treaties": _("Treaties"), "clauses": _("Articles"), "reactions": _("Reactions")}


def searched_rows(kind: str, *, drafts: bool) -> QuerySet:
    """The rows a search of `kind` looks through, with the related rows a hit shows."""
    if kind == "treaties":
        return Treaty.objects.visible(drafts=drafts)
    if kind == "clauses":
        return Clause.objects.visible(drafts=drafts).select_related("treaty")
    return Reaction.objects.visible(drafts=drafts).select_related("party", "treaty")


def kind_search(*, text: str, kind: str, drafts: bool = False) -> RankedHits:
    """The `kind` rows matching `text`, best first, to page through. 1 query, and 1 a page."""
    return RankedHits(kind=kind, text=text, drafts=drafts)


# How many of each kind's best matches the search page shows before "More …": most room for the
# articles, which students compare; a kind's own page lists all its matches.
OVERVIEW_HITS = {"treaties": 5, "clauses": 10, "reactions": 5}


def record_search(
    *, text: str, limits: dict[str, int] = OVERVIEW_HITS, drafts: bool = False
) -> SearchResults:
    """Treaties, clauses and reactions matching `text`, the best `limits[kind]` of each kind.
    6 queries."""
    ranked = {kind: kind_search(text=text, kind=kind, drafts=drafts) for kind in KINDS}
    return SearchResults(
        query=text,
        language=query_language(text),
        **{kind: hits[: limits[kind]] for kind, hits in ranked.items()},
        found={kind: len(hits) for kind, hits in ranked.items()},
    )
