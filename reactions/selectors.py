"""Reads of reactions, shared by the treaty page, the reactions page and the API."""

from collections.abc import Iterable

from django.db.models import QuerySet

from core.search_vectors import search_vector_paths
from treaties.models import Party, Source, Treaty

from .models import Reaction


def reaction_list(*, drafts: bool = False) -> QuerySet[Reaction]:
    """Reactions by date with their party, treaty and sources, as the reactions page and a
    reaction's own page show them. 2 queries, whatever the number. `drafts` (a curator's
    preview) adds the unpublished ones."""
    return (
        Reaction.objects.visible(drafts=drafts)
        .select_related("party", "treaty")
        .without_search_vectors()
        .prefetch_related("sources")
        .order_by("date", "slug")
    )


def reaction_addresses() -> QuerySet[Reaction]:
    """Published reactions by date: what /sitemap.xml lists. 1 query."""
    return Reaction.objects.visible(drafts=False).without_search_vectors().order_by("date", "slug")


def treaty_reactions(*, treaty: Treaty, drafts: bool = False) -> QuerySet[Reaction]:
    """The reactions to one treaty, for its page. 2 queries, whatever the number."""
    return reaction_list(drafts=drafts).filter(treaty=treaty)


def party_reactions(*, party: Party, drafts: bool = False) -> QuerySet[Reaction]:
    """A party's reactions, for its page. 2 queries, whatever the number."""
    return reaction_list(drafts=drafts).filter(party=party)


def reactions_citing(sources: Iterable[Source], *, drafts: bool = False) -> dict[int, list]:
    """The reactions citing each of `sources`, by source key, for the sources page. 1 query."""
    citing: dict[int, list[Reaction]] = {}
    through = Reaction.sources.through
    cited = (
        through.objects.filter(
            source__in=list(sources), reaction__in=Reaction.objects.visible(drafts=drafts)
        )
        .select_related("reaction__party")
        .defer(*search_vector_paths(through, {"reaction": {"party": {}}}))
    )
    for link in cited.order_by("reaction__date", "reaction__slug"):
        citing.setdefault(link.source_id, []).append(link.reaction)
    return citing
