"""Stored search vectors and matching rows against them, for any record model.

Each model stores one tsvector per language (search_en, search_ar); a query is matched against
the vector of its own script, and both read a GIN index. The search app ranks across models; the
API's `?q=` and the comparison's "find another treaty" use search_queryset() here.

Before PostgreSQL parses a text, indexed or searched, one SQL function folds it the same way on
both sides (migration treaties 0019): English UK spellings to US ones, "defence" to "defend";
Arabic without diacritics and tatweel, one alef, ه for ة, ي for ى, and its attached prefixes
(و ف ب ك ل, ال) and plural endings taken off. English then goes through PostgreSQL's `english`
stemmer; Arabic is left as folded (the `arabic_light` configuration), since PostgreSQL's Arabic
stemmer makes مساعدة (assistance) and مساعد (an aide) one word and العدوان and عدوان two.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, Expression, F, Func, QuerySet, TextField, Value, When

SEARCH_CONFIGS = {"en": "english", "ar": "arabic_light"}
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


class Folded(Func):
    """`text` folded for searching in `language` (the SQL functions of migration treaties 0019)."""

    output_field = TextField()

    def __init__(self, text, *, language: str):
        super().__init__(text, function=f"search_folded_{language}")


def search_vector_field(language: str, *weighted_fields: tuple[str, str]) -> models.GeneratedField:
    """A tsvector PostgreSQL stores itself, so a search reads an index instead of parsing rows."""
    config = SEARCH_CONFIGS[language]
    vectors = [
        SearchVector(Folded(F(field), language=language), config=config, weight=weight)
        for field, weight in weighted_fields
    ]
    expression = vectors[0]
    for vector in vectors[1:]:
        expression = expression + vector
    return models.GeneratedField(
        expression=expression, output_field=SearchVectorField(), db_persist=True
    )


def search_vector_paths(model, select_related: dict | bool, prefix: str = "") -> list[str]:
    """Lookups of the tsvectors of `model` and of the relations in a `select_related` tree."""
    paths = [
        f"{prefix}{field.name}"
        for field in model._meta.concrete_fields
        if isinstance(field, models.GeneratedField)
        and isinstance(field.output_field, SearchVectorField)
    ]
    # select_related() with no names (True) follows every relation; its vectors are left loaded.
    for name, nested in (select_related if isinstance(select_related, dict) else {}).items():
        related = model._meta.get_field(name).related_model
        paths += search_vector_paths(related, nested, f"{prefix}{name}__")
    return paths


def query_language(text: str) -> str:
    """The language whose vectors a query is matched against: Arabic if it has Arabic letters."""
    return "ar" if ARABIC_LETTERS.search(text) else "en"


def folded_websearch(text: str, language: str, search_type: str = "websearch") -> SearchQuery:
    """`text` as a query of `language`, folded as the vectors are, parsed with that language's
    configuration."""
    folded = Folded(Value(text), language=language)
    return SearchQuery(folded, config=SEARCH_CONFIGS[language], search_type=search_type)


def folded_phrase(text: str, language: str) -> SearchQuery:
    """`text` as a phrase of `language`: folded_websearch's words, in their order."""
    return folded_websearch(text, language, search_type="phrase")


class ParsedQuery(SearchQuery):
    """A query PostgreSQL has parsed already, given in its text form (`tsquery::text`): the
    statement holding it is planned without parsing it again."""

    template = "%(expressions)s::tsquery"

    def __init__(self, parsed: str):
        super().__init__(parsed)


def websearch(text: str) -> tuple[str, SearchQuery]:
    """The language of `text` and its query (folded_websearch)."""
    language = query_language(text)
    return language, folded_websearch(text, language)


def match_rank(vector: str, query: SearchQuery, phrase: SearchQuery) -> Expression:
    """How well a row matches `query`: PostgreSQL's rank of the words; where the row holds them
    as `phrase` (folded_phrase), in their order, a whole point more and twice the phrase's own
    rank. So "military assistance" puts the texts that say it before those that only use both
    words, and of those, a heading that says it before a summary that does."""
    # ts_rank ranks a phrase's words wherever they stand: only a row holding it gets more.
    in_order = Case(
        When(**{vector: phrase}, then=Value(1.0) + 2 * SearchRank(F(vector), phrase)),
        default=Value(0.0),
    )
    return SearchRank(F(vector), query) + in_order


def search_queryset(queryset: QuerySet, *, text: str, candidates: int | None = None) -> QuerySet:
    """The rows of `queryset` matching `text` in the vectors of its script, best first (`rank`);
    with `candidates`, only that many matching rows are ranked."""
    language, query = websearch(text)
    vector = f"search_{language}"
    matching = queryset.filter(**{vector: query})
    if candidates is not None:
        matching = queryset.filter(pk__in=matching.order_by().values("pk")[:candidates])
    rank = match_rank(vector, query, folded_phrase(text, language))
    return matching.annotate(rank=rank).order_by("-rank", "pk")
