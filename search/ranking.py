"""Ranking a search's matches of one kind: the first RANKED_CANDIDATES rows the GIN index finds,
by PostgreSQL's rank.

The ranking query of each kind, language and drafts setting is compiled by the ORM once a
process and then run with each search's text: bench/README.md ("each kind's ranking SQL kept")
measures what that saves a first search. The text is parsed first, in a statement of its own
(ParsedSearch), and the rankings given its query and phrase parsed: planning them spent more time
folding and parsing the text in each of its kinds than running them (bench/README.md, "the
rankings given the parsed query"); they now run on the plan PostgreSQL keeps (ranked_rows). The same
statement works out what the snippets mark, which each kind's shown rows otherwise worked out
again (search.selectors.MarkedWords).
"""

import functools
from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Func, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.db.models.sql import Query

from core.compiled import bound
from core.search_vectors import (
    SEARCH_CONFIGS,
    Folded,
    ParsedQuery,
    folded_phrase,
    folded_websearch,
    match_rank,
)

from .kinds import KINDS
from .rows import PARTS, WHOLE_OF_PARTS, searched_rows

# The site's search ranks at most this many matching rows of each kind: the GIN index finds them
# at once, whereas ranking every row a common word matches (most of a large record) reads them
# all. Below this many matches (any specific query) the ranking is exact; above it, the best
# are those of the first rows found, whichever the limit, and the count says "at least"
# (bench/README.md measures the limit).
RANKED_CANDIDATES = 200


def reached_the_ranked_limit(found: int) -> bool:
    """Whether a count of ranked matches may be short of all matches: "at least" that many."""
    return found >= RANKED_CANDIDATES


def ranked_candidates(
    queryset: QuerySet,
    *,
    language: str,
    query: SearchQuery,
    phrase: SearchQuery,
    limit: int,
    also: tuple[str, ...] = (),
) -> QuerySet:
    """(pk, rank, *also) of the first `limit` rows of `queryset` that `query` matches in the
    vector of `language`, in no order: the rows its GIN index finds first. A row holding `phrase`
    (the query's words in order) ranks higher (match_rank)."""
    vector = f"search_{language}"
    return (
        queryset.filter(**{vector: query})
        .order_by()
        .annotate(rank=match_rank(vector, query, phrase))
        # Plain tuples: modeltranslation's values_list() would build a dict for each of them.
        .rewrite(False)
        .values_list("pk", "rank", *also)[:limit]
    )


# Where a search's text goes among the parameters of SQL compiled once (parsing_statement), and
# what the statements after it take of it as parsed: its query and phrase (ranking_statement),
# and what its snippets mark (search.selectors.MarkedWords; ParsedSearch says what each is).
# They start with a NUL, which none of the other parameters holds and no search is let through with.
SEARCHED_TEXT = "\x00searched text"
SEARCHED_QUERY = "\x00searched query"
SEARCHED_PHRASE = "\x00searched phrase"
MARKED_FIRST_LETTERS = "\x00marked first letters"
MARKED_FOLDED_WORDS = "\x00marked folded words"
MARKED_QUERY = "\x00marked query"


class ParsedSearch(NamedTuple):
    """A search's text as PostgreSQL parsed it once, for the statements after: its query and
    its phrase (folded_websearch, folded_phrase) in tsquery's text form (for ParsedQuery); and
    what its snippets mark (migrations treaties 0022 and 0026): the pattern of the first letters
    of its words, its folded words, and its words as folded and as written (a tsquery's text)."""

    query: str
    phrase: str
    first_letters: str | None
    folded_words: list[str]
    marked: str


@functools.cache
def parsing_statement(language: str, database: str) -> tuple[str, tuple]:
    """SQL of one row, a ParsedSearch of SEARCHED_TEXT in `language`; and its parameters.
    Compiled once a process, as the statements it parses the text for are."""
    config = SEARCH_CONFIGS[language]
    query = folded_websearch(SEARCHED_TEXT, language)
    as_written = SearchQuery(Value(SEARCHED_TEXT), config=config, search_type="websearch")
    folded = Folded(Value(SEARCHED_TEXT), language=language)
    expressions = [
        Cast(query, TextField()),
        Cast(folded_phrase(SEARCHED_TEXT, language), TextField()),
        Func(
            Value(SEARCHED_TEXT),
            function=f"search_first_letters_{language}",
            output_field=TextField(),
        ),
        Func(
            SearchVector(folded, config=config),
            function="tsvector_to_array",
            output_field=ArrayField(TextField()),
        ),
        Cast(query | as_written, TextField()),
    ]
    compiler = Query(None).get_compiler(using=database)
    columns = [
        compiler.compile(expression.resolve_expression(compiler.query))
        for expression in expressions
    ]
    sql = "SELECT " + ", ".join(column_sql for column_sql, _params in columns)
    return sql, tuple(param for _sql, params in columns for param in params)


def parsed(text: str, *, language: str, database: str = DEFAULT_DB_ALIAS) -> ParsedSearch:
    """`text` parsed as a search in `language` (ParsedSearch). 1 query."""
    sql, params = parsing_statement(language, database)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, bound(params, {SEARCHED_TEXT: text}))
        return ParsedSearch(*cursor.fetchone())


@functools.cache
def ranking_statement(kind: str, language: str, drafts: bool, limit: int) -> tuple[str, tuple, str]:
    """The SQL of `ranked_candidates` for `kind` (with the whole each row is part of, for a kind
    of parts), its parameters with SEARCHED_QUERY and SEARCHED_PHRASE for the parsed text, and
    its database."""
    rows = searched_rows(kind, drafts=drafts)
    also = (WHOLE_OF_PARTS[kind],) if kind in WHOLE_OF_PARTS else ()
    candidates = ranked_candidates(
        rows,
        language=language,
        query=ParsedQuery(SEARCHED_QUERY),
        phrase=ParsedQuery(SEARCHED_PHRASE),
        limit=limit,
        also=also,
    )
    sql, params = candidates.query.get_compiler(candidates.db).as_sql()
    return sql, tuple(params), candidates.db


@functools.cache
def rankings_statement(
    kinds: tuple[str, ...], language: str, drafts: bool, limit: int
) -> tuple[str, tuple, str]:
    """One statement of the rankings of `kinds` (ranking_statement's), each row led by its kind's
    place in `kinds` and ending with its whole's pk (NULL for a kind not of parts): a search's
    rankings in one round trip. Its parameters, and its database."""
    statements = [ranking_statement(kind, language, drafts, limit) for kind in kinds]
    sql = " UNION ALL ".join(
        # The ORM's own SQL, each search's parsed query a parameter of it.
        f"SELECT {place}, *{'' if kind in WHOLE_OF_PARTS else ', NULL::bigint'} "  # noqa: S608
        f"FROM ({statement}) AS ranked"
        for place, (kind, (statement, _params, _database)) in enumerate(
            zip(kinds, statements, strict=True)
        )
    )
    params = tuple(param for _sql, kind_params, _database in statements for param in kind_params)
    return sql, params, statements[0][2]


def ranked_rows(
    kinds: Iterable[str], *, language: str, searched: ParsedSearch, drafts: bool
) -> dict[str, list[tuple]]:
    """By kind: (pk, rank), and for a kind of parts its whole's pk, of the first
    RANKED_CANDIDATES rows of each of `kinds` matching the text `searched`, in no order.
    1 query, in a transaction of its own which chooses its plan (3 round trips more)."""
    kinds = tuple(kind for kind in KINDS if kind in kinds)
    sql, params, database = rankings_statement(kinds, language, drafts, RANKED_CANDIDATES)
    values = {SEARCHED_QUERY: searched.query, SEARCHED_PHRASE: searched.phrase}
    connection = connections[database]
    within_a_transaction = connection.in_atomic_block
    with transaction.atomic(using=database), connection.cursor() as cursor:
        # Left to choose, PostgreSQL planned the rankings anew for every search (a plan for the
        # words searched looks cheaper to it than the one it keeps), and planning took more
        # than a third of their time (bench/README.md, "the rankings run on the plan kept").
        # For this transaction alone: its end undoes the setting, unless a caller's transaction
        # holds it, which gets its own setting back.
        cursor.execute(
            "SELECT current_setting('plan_cache_mode'),"
            " set_config('plan_cache_mode', 'force_generic_plan', true)"
        )
        before, _forced = cursor.fetchone()
        cursor.execute(sql, bound(params, values))
        found = cursor.fetchall()
        if within_a_transaction:
            cursor.execute("SELECT set_config('plan_cache_mode', %s, true)", [before])
    rows = {kind: [] for kind in kinds}
    for place, *row in found:
        kind = kinds[place]
        rows[kind].append(tuple(row) if kind in WHOLE_OF_PARTS else tuple(row[:2]))
    return rows


def rankings(
    kinds: Iterable[str], *, language: str, searched: ParsedSearch, drafts: bool
) -> dict[str, list[tuple[int, float]]]:
    """(pk, rank) of the first RANKED_CANDIDATES rows of each kind matching the text `searched`,
    best first. A row of a kind made of parts (a treaty, of its articles) adds the rank of its
    best matching part among those ranked: the treaties whose articles say "military assistance"
    come before one whose summary says it was dropped. Parts are ranked once for both. 1 query
    (ranked_rows': in a transaction of its own)."""
    wanted = set(kinds)
    wanted |= {PARTS[kind] for kind in wanted if kind in PARTS}
    rows = ranked_rows(wanted, language=language, searched=searched, drafts=drafts)
    ranked = {}
    for kind in kinds:
        candidates = [(pk, rank) for pk, rank, *_whole in rows[kind]]
        if kind in PARTS:
            best_part = {}
            for _pk, rank, whole in rows[PARTS[kind]]:
                best_part[whole] = max(rank, best_part.get(whole, rank))
            candidates = [(pk, rank + best_part.get(pk, 0.0)) for pk, rank in candidates]
        ranked[kind] = sorted(candidates, key=lambda candidate: (-candidate[1], candidate[0]))
    return ranked
