"""Writes to treaties that need more than save()."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Publication, Publishable
from core.services import records_publish, version_restore

from .models import Clause, Event, Signatory, TopicNote, Treaty

# A treaty's delete takes its parts with it in one transaction, each a moment before the treaty.
DELETED_TOGETHER = datetime.timedelta(seconds=30)
TREATY_PARTS = (Clause, Signatory, TopicNote, Event)


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


def treaty_publish(*, treaty: Treaty, user) -> int:
    """Publish a treaty with the draft records drafted with it, in one step, so a new treaty
    goes public whole. Returns how many records it published."""
    return records_publish(records=[treaty, *drafted_with(treaty)], user=user)


def parts_deleted_with(deletion) -> list:
    """The deletion versions of the articles, signatories, notes and events that the delete of
    `deletion`'s treaty took with it (and that nobody has brought back since)."""
    window = (deletion.history_date - DELETED_TOGETHER, deletion.history_date)
    return [
        version
        for model in TREATY_PARTS
        for version in model.history.filter(
            history_type="-", treaty_id=deletion.id, history_date__range=window
        )
        .exclude(id__in=model.objects.values("id"))
        .order_by("history_date")
    ]


@transaction.atomic
def treaty_restore(*, deletion, user) -> int:
    """Bring back a deleted treaty as it was when deleted (`deletion`, its last version), with
    the parts its delete took and everyone's topics, parties and sources, as `user`, in one
    step. Returns how many records came back."""
    if Treaty.objects.filter(pk=deletion.id).exists():
        raise ValidationError(_("This treaty exists: there is nothing to restore."))
    versions = [deletion, *parts_deleted_with(deletion)]
    for version in versions:
        version_restore(version=version, user=user, reason=_("Restored with its treaty"))
    return len(versions)
