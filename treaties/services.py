"""Writes that need more than save()."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import PUBLISHING_NEEDS_EDITOR, Publication, Publishable, Treaty

# The models curators look after, as (app label, model name).
RECORD_MODELS = [
    ("treaties", model)
    for model in ("party", "source", "topic", "treaty", "signatory", "clause", "topicnote", "event")
] + [("reactions", "reaction")]

CURATOR_ACTIONS = ("view", "add", "change")
# "publish" exists for treaties, clauses and reactions only; the other codenames match nothing.
EDITOR_ACTIONS = (*CURATOR_ACTIONS, "delete", "publish")


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update the "curator" group (view, add and change the record, its history
    included) and the "editor" group (curators who may also delete, publish and withdraw).
    Neither touches users.
    Returns the number of permissions each group holds."""
    counts = {}
    for name, actions in (("curator", CURATOR_ACTIONS), ("editor", EDITOR_ACTIONS)):
        codenames = [f"{action}_{model}" for _app, model in RECORD_MODELS for action in actions]
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _model in RECORD_MODELS},
            codename__in=codenames,
        )
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = permissions.count()
    return counts


def publication_set(*, record: Publishable, publication: str, user) -> bool:
    """Publish or withdraw one record as `user`, who needs its publish permission; the change is
    kept in the record's history under the user's name. Returns whether anything changed."""
    if not record.may_be_published_by(user):
        raise PermissionDenied(PUBLISHING_NEEDS_EDITOR)
    if record.publication == publication:
        return False
    record.publication = publication
    record._history_user = user
    record.save(update_fields=["publication"])
    return True


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
