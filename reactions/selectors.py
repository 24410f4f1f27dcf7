"""Reads of reactions, shared by the treaty page and (later) the reactions page and API."""

from django.db.models import QuerySet

from .models import Reaction


def reaction_list() -> QuerySet[Reaction]:
    """Reactions by date, with their party and sources. 2 queries, whatever the number of rows."""
    return (
        Reaction.objects.select_related("party")
        .prefetch_related("sources")
        .order_by("date", "slug")
    )
