"""Writes to treaties that need more than save()."""

from django.db import transaction

from core.models import Publication, Publishable
from core.services import publication_set

from .models import Treaty


def drafted_with(treaty: Treaty) -> list[Publishable]:
    """The draft rows that belong to `treaty` and have a publication state of their own: its
    articles, and whatever other app's records point at it (reactions)."""
    return [
        row
        for relation in Treaty._meta.related_objects
        if relation.one_to_many and issubclass(relation.related_model, Publishable)
        for row in relation.related_model._base_manager.filter(
            **{relation.field.name: treaty, "publication": Publication.DRAFT}
        ).order_by("pk")
    ]


@transaction.atomic
def treaty_publish(*, treaty: Treaty, user) -> int:
    """Publish a treaty with the draft records drafted with it, in one step, so a new treaty
    goes public whole. Returns how many records it published."""
    return sum(
        publication_set(record=record, publication=Publication.PUBLISHED, user=user)
        for record in [treaty, *drafted_with(treaty)]
    )
