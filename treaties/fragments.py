"""The articles of a comparison as its answers show them, kept per article (core.fragments): a
combination of treaties never compared before reuses the articles earlier comparisons made.

A curator's preview (`drafts`) makes its own and keeps none. `version`: core.fragments's
record_version(), read before the clauses were."""

from collections.abc import Sequence

from django.template.loader import get_template
from django.utils.translation import get_language

from core.fragments import kept_fragments
from core.renderers import WrittenJSON, kept_json

from .models import Clause
from .serializers import ClauseSerializer


def clause_representations(
    request, clauses: Sequence[Clause], *, version: int | None, drafts: bool = False
) -> dict[int, WrittenJSON]:
    """Each clause's JSON (ClauseSerializer) for this request's API version, language (the
    obligation's label) and address (the links), by pk, as written to be kept
    (core.renderers.kept_json). `clauses` come from treaty_comparison(), so making those not
    kept costs no query."""

    def build(pks: list[int]) -> dict[int, bytes]:
        made = [by_pk[pk] for pk in pks]
        data = ClauseSerializer(made, many=True, context={"request": request}).data
        return dict(zip(pks, map(kept_json, data), strict=True))

    by_pk = {clause.pk: clause for clause in clauses}
    if drafts:
        written = build(list(by_pk))
    else:
        variant = (request.version, get_language(), request.scheme, request.get_host())
        written = kept_fragments(
            "clause-written", list(by_pk), build, version=version, variant=variant
        )
    return {pk: WrittenJSON(kept) for pk, kept in written.items()}


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
