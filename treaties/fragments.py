"""The articles of a comparison as its answers show them, kept per article (core.fragments): a
combination of treaties never compared before reuses the articles earlier comparisons made.

A curator's preview (`drafts`) makes its own and keeps none."""

import json
from collections.abc import Sequence

from django.template.loader import get_template
from django.utils.translation import get_language
from rest_framework.utils.encoders import JSONEncoder

from core.fragments import kept_fragments

from . import selectors
from .models import Clause
from .serializers import ClauseSerializer


def clause_representations(
    request, clauses: Sequence[Clause], *, drafts: bool = False
) -> dict[int, dict]:
    """Each clause's JSON (ClauseSerializer) for this request's API version, language (the
    obligation's label) and address (the links), by pk. Those not kept cost 4 queries."""

    def build(pks: list[int]) -> dict[int, dict]:
        loaded = list(selectors.clause_record(drafts=drafts).filter(pk__in=pks))
        data = ClauseSerializer(loaded, many=True, context={"request": request}).data
        # As plain JSON values: DRF's links are strings that hold their model instance, which
        # would be kept (and unpickled at every read) with them.
        data = json.loads(json.dumps(data, cls=JSONEncoder))
        return {clause.pk: shown for clause, shown in zip(loaded, data, strict=True)}

    pks = [clause.pk for clause in clauses]
    if drafts:
        return build(pks)
    variant = (request.version, get_language(), request.scheme, request.get_host())
    return kept_fragments("clause-json", pks, build, variant=variant)


def clause_excerpts(clauses: Sequence[Clause], *, drafts: bool = False) -> dict[int, str]:
    """Each clause as a comparison cell shows it (_clause_excerpt.html) in the language of the
    page, by pk. Those not kept cost 4 queries."""
    excerpt = get_template("_clause_excerpt.html")

    def build(pks: list[int]) -> dict[int, str]:
        loaded = selectors.clause_record(drafts=drafts).filter(pk__in=pks)
        return {clause.pk: excerpt.render({"clause": clause}) for clause in loaded}

    pks = [clause.pk for clause in clauses]
    if drafts:
        return build(pks)
    return kept_fragments("clause-excerpt", pks, build, variant=(get_language(),))
