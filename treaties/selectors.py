"""Reads for the treaty pages and (later) the API: each owns its joins and prefetches."""

from django.db.models import Prefetch, QuerySet

from reactions.selectors import reaction_list

from .models import Clause, Event, Signatory, Treaty


def treaty_list() -> QuerySet[Treaty]:
    """Treaties in signing order with their parties. 2 queries, whatever the number of treaties."""
    return Treaty.objects.chronological().prefetch_related("parties")


def treaty_record() -> QuerySet[Treaty]:
    """Treaties with everything their page shows: parties, signatories, clauses (topics, sources,
    quoted source), events, reactions, sources, predecessor and successors.
    13 queries for one treaty, whatever the number of clauses or reactions.
    """
    return Treaty.objects.select_related("replaces").prefetch_related(
        "parties",
        "sources",
        "replaced_by",
        Prefetch(
            "signatories",
            queryset=Signatory.objects.select_related("party").prefetch_related("sources"),
        ),
        Prefetch(
            "clauses",
            queryset=Clause.objects.select_related("text_source").prefetch_related(
                "topics", "sources"
            ),
        ),
        Prefetch("events", queryset=Event.objects.prefetch_related("sources")),
        Prefetch("reactions", queryset=reaction_list()),
    )
