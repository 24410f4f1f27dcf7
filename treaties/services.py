"""Writes to treaties that need more than save()."""

from django.db import transaction

from core.models import Publication
from core.services import publication_set

from .models import Treaty


@transaction.atomic
def treaty_publish(*, treaty: Treaty, user) -> int:
    """Publish a treaty with the draft clauses and reactions drafted with it, in one step, so a
    new treaty goes public whole. Returns how many records it published."""
    records = [
        treaty,
        *treaty.clauses.filter(publication=Publication.DRAFT),
        *treaty.reactions.filter(publication=Publication.DRAFT),
    ]
    return sum(
        publication_set(record=record, publication=Publication.PUBLISHED, user=user)
        for record in records
    )
