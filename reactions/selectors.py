"""Reads of reactions, shared by the treaty page, the reactions page and the API."""

from django.db.models import QuerySet

from .models import Reaction


def reaction_list() -> QuerySet[Reaction]:
    """Reactions by date with their party, treaty and sources. 2 queries, whatever the number."""
    return (
        Reaction.objects.select_related("party", "treaty")
        .prefetch_related("sources")
        .order_by("date", "slug")
    )
