"""Ranking a search's matches of one kind: the first RANKED_CANDIDATES rows the GIN index finds,
by PostgreSQL's rank.

The ranking query of each kind, language and drafts setting is compiled by the ORM once a
process and then run with each search's text: bench/README.md ("each kind's ranking SQL kept")
measures what that saves a first search.
"""

import functools

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import QuerySet, Value

from core.search_vectors import SEARCH_CONFIGS, Folded, match_rank

from .rows import searched_rows

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
    queryset: QuerySet, *, language: str, query: SearchQuery, text: str, limit: int
) -> QuerySet:
    """(pk, rank) of the first `limit` rows of `queryset` that `query` (of `text`) matches in the
    vector of `language`, in no order: the rows its GIN index finds first."""
    vector = f"search_{language}"
    return (
        queryset.filter(**{vector: query})
        .order_by()
        .annotate(rank=match_rank(vector, query, text, language))
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
    text, and its database."""
    query = SearchQuery(
        Folded(Value(SEARCHED_TEXT), language=language),
        config=SEARCH_CONFIGS[language],
        search_type="websearch",
    )
    rows = searched_rows(kind, drafts=drafts)
    candidates = ranked_candidates(
        rows, language=language, query=query, text=SEARCHED_TEXT, limit=limit
    )
    sql, params = candidates.query.get_compiler(candidates.db).as_sql()
    return sql, tuple(params), candidates.db


def ranking(kind: str, *, language: str, text: str, drafts: bool) -> list[tuple[int, float]]:
    """(pk, rank) of the first RANKED_CANDIDATES `kind` rows matching `text`, best first."""
    sql, params, database = ranking_statement(kind, language, drafts, RANKED_CANDIDATES)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [text if param == SEARCHED_TEXT else param for param in params])
        candidates = cursor.fetchall()
    return sorted(candidates, key=lambda candidate: (-candidate[1], candidate[0]))
