"""Reads of reactions, shared by the treaty page, the reactions page and the API."""

from django.db.models import QuerySet

from treaties.models import Treaty

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
