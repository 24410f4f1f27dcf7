"""Full-text search across treaties, articles and reactions, in English and Arabic: the best
matches of each kind (record_search) or every match of one kind, page by page (kind_search)."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    TrigramWordSimilarity,
)
from django.db import connections, transaction
from django.db.models import Expression, F, Func, TextField, Value
from django.db.models.functions import Cast

from core.compiled import CompiledQuery, IsAnyOf, planned_array
from core.search_vectors import SEARCH_CONFIGS, ParsedQuery, query_language
from reactions.models import Reaction
from treaties.models import Clause, Party, Topic, Treaty

from .kinds import KINDS
from .ranking import (
    MARKED_FIRST_LETTERS,
    MARKED_FOLDED_WORDS,
    MARKED_QUERY,
    ParsedSearch,
    parsed,
    rankings,
    reached_the_ranked_limit,
)
from .rows import HIT_FIELDS, SUGGESTED_FIELDS, searched_rows

# Match boundaries in snippets: private-use characters no text contains, turned into <mark> only
# after the snippet is escaped (search_tags.snippet).
MATCH_START, MATCH_STOP = "\ue000", "\ue001"


@functools.cache
def searched_fields(model, language: str) -> list[str]:
    """The fields `model`'s tsvector for `language` is made from, in order: a snippet made from
    them all holds whatever matched."""

    def field_names(expression: Expression) -> list[str]:
        if isinstance(expression, F):
            return [expression.name]
        return [name for part in expression.get_source_expressions() for name in field_names(part)]

    return field_names(model._meta.get_field(f"search_{language}").expression)


class SpaceJoined(Func):
    """The fields' text joined by spaces, empty ones skipped. One flat call: Concat nests a
    pair per field and costs a search page milliseconds to compile."""

    function = "CONCAT_WS"
    output_field = TextField()

    def __init__(self, *fields: str):
        super().__init__(Value(" "), *fields)


class WithoutPrivateUse(Func):
    """`text` without private-use characters, so that the only match markers in a snippet are
    those ts_headline puts there: text stored before core.text refused them cannot forge one."""

    function = "REGEXP_REPLACE"
    output_field = TextField()

    def __init__(self, text: Expression):
        pattern = "[\ue000-\uf8ff\U000f0000-\U0010fffd]"
        super().__init__(text, Value(pattern), Value(""), Value("g"))


class MarkedWords(Func):
    """What a snippet of `text` marks: the words searched, as folded and as written, and the
    words of the text as written that fold to a word searched (هجوم searched marks لهجوم;
    migrations treaties 0022 and 0026). What depends on the words searched alone comes parsed
    with the search (search.ranking.ParsedSearch), a parameter of each statement."""

    output_field = SearchQueryField()

    def __init__(self, text: Expression, *, language: str):
        super().__init__(
            text,
            Cast(Value(MARKED_FIRST_LETTERS), TextField()),
            Cast(Value(MARKED_FOLDED_WORDS), ArrayField(TextField())),
            ParsedQuery(MARKED_QUERY),
            function=f"search_marked_{language}",
        )


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
    topics: list[Topic]
    treaties: list[Treaty]
    clauses: list[Clause]
    reactions: list[Reaction]
    parties: list[Party]
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


def snippet(model, language: str) -> SearchHeadline:
    """The snippet of a `model` row for a search in `language`. It marks the words of the
    unfolded text: those the folded query finds as they are (هجوم in the text for الهجوم
    searched), those the words searched are, and those that fold to a word searched
    (MarkedWords)."""
    text = WithoutPrivateUse(SpaceJoined(*searched_fields(model, language)))
    return SearchHeadline(
        text,
        MarkedWords(text, language=language),
        config=SEARCH_CONFIGS[language],
        start_sel=MATCH_START,
        stop_sel=MATCH_STOP,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


# Where the pks of the rows a page shows go among the parameters of shown_rows' SQL.
SHOWN_ROWS = "\x00shown rows"


@functools.cache
def shown_rows(kind: str, language: str, drafts: bool) -> CompiledQuery:
    """The `kind` rows a page of hits shows (SHOWN_ROWS), loading only what a hit shows
    (HIT_FIELDS), each with its snippet for a search in `language` (MarkedWords). Compiled
    once a process, as the rankings are: building and compiling the queries of a search's five
    kinds took more of its time than PostgreSQL's answers (bench/README.md)."""
    rows = searched_rows(kind, drafts=drafts)
    return CompiledQuery(
        rows.filter(IsAnyOf(F("pk"), SHOWN_ROWS))
        .order_by()
        .only(*HIT_FIELDS[rows.model])
        .annotate(snippet=snippet(rows.model, language))
    )


class RankedHits(Sequence):
    """The rows matching a search, best first, from their `ranked` (pk, rank) and the text
    `searched` as parsed (kind_search reads both: two queries, the ranking's in a transaction of
    its own). A slice fetches its rows, each with a `snippet` marking the matches (one query),
    so a page of hits costs three queries and a Paginator can page through them. Snippets are
    costly (each parses its row's text), so only shown rows get one."""

    def __init__(
        self, *, kind: str, language: str, searched: ParsedSearch, ranked: list, drafts: bool
    ):
        self.kind, self.language, self.searched, self.drafts = kind, language, searched, drafts
        # (pk, rank) of the matching rows, best first (search.ranking.rankings).
        self.ranking = ranked

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
        shown = shown_rows(self.kind, self.language, self.drafts)
        values = {
            MARKED_FIRST_LETTERS: self.searched.first_letters,
            MARKED_FOLDED_WORDS: self.searched.folded_words,
            MARKED_QUERY: self.searched.marked,
            SHOWN_ROWS: planned_array(pks),
        }
        rows = {row.pk: row for row in shown.run(values)}
        # A row withdrawn since the ranking was read is left out rather than failing the page.
        return [rows[pk] for pk in pks if pk in rows]


def kind_search(*, text: str, kind: str, drafts: bool = False) -> RankedHits:
    """The `kind` rows matching `text`, best first, to page through. 2 queries (treaties ranked by
    their articles too; the ranking's in a transaction of its own), and 1 a page."""
    language = query_language(text)
    searched = parsed(text, language=language)
    ranked = rankings([kind], language=language, searched=searched, drafts=drafts)[kind]
    return RankedHits(kind=kind, language=language, searched=searched, ranked=ranked, drafts=drafts)


# How many of each kind's best matches the search page shows before "More …": most room for the
# articles, which students compare; a kind's own page lists all its matches.
OVERVIEW_HITS = {"topics": 3, "treaties": 5, "clauses": 10, "reactions": 5, "parties": 3}


def record_search(
    *, text: str, limits: dict[str, int] = OVERVIEW_HITS, drafts: bool = False
) -> SearchResults:
    """Topics, treaties, clauses, reactions and parties matching `text`, the best
    `limits[kind]` of each kind. 2 queries (the ranking's in a transaction of its own), and 1 a
    kind with a match."""
    language = query_language(text)
    searched = parsed(text, language=language)
    ranked_by_kind = rankings(KINDS, language=language, searched=searched, drafts=drafts)
    ranked = {
        kind: RankedHits(
            kind=kind,
            language=language,
            searched=searched,
            ranked=ranked_by_kind[kind],
            drafts=drafts,
        )
        for kind in KINDS
    }
    return SearchResults(
        query=text,
        language=language,
        **{kind: hits[: limits[kind]] for kind, hits in ranked.items()},
        found={kind: len(hits) for kind, hits in ranked.items()},
    )


# How close a name must come to what was searched to be suggested (pg_trgm's word similarity).
SUGGESTION_SIMILARITY = 0.5


def suggestions(*, text: str, drafts: bool = False, limit: int = 5) -> list[str]:
    """For a search that found nothing: the names of topics, parties, treaties, articles and
    speakers nearest to `text` by trigram similarity (a misspelt "defnce" suggests the topics
    "Mutual defence" and "Joint defence measures"), closest first. 2 queries."""
    language = query_language(text)
    nearest = [
        searched_rows(kind, drafts=drafts)
        .rewrite(False)
        .annotate(
            term=F(f"{field}_{language}"),
            similarity=TrigramWordSimilarity(text, f"{field}_{language}"),
        )
        .filter(**{f"{field}_{language}__trigram_word_similar": text})
        .order_by()
        .values_list("term", "similarity")
        for kind, field in SUGGESTED_FIELDS.items()
    ]
    ranked = nearest[0].union(*nearest[1:]).order_by("-similarity", "term")[: limit * 2]
    # The operator finds the candidates by each name's trigram index (migrations treaties
    # 0024, reactions 0011) at the threshold set for this transaction alone.
    with transaction.atomic(using=ranked.db), connections[ranked.db].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(SUGGESTION_SIMILARITY)],
        )
        ranked = list(ranked)
    terms = []
    for term, _similarity in ranked:
        if term and term.casefold() != text.casefold() and term not in terms:
            terms.append(term)
    return terms[:limit]
