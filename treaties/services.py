"""Writes that need more than save()."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

# The models curators look after, as (app label, model name).
RECORD_MODELS = [
    ("treaties", model)
    for model in ("party", "source", "topic", "treaty", "signatory", "clause", "topicnote", "event")
] + [("reactions", "reaction")]

CURATOR_ACTIONS = ("view", "add", "change")
EDITOR_ACTIONS = (*CURATOR_ACTIONS, "delete")


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update the "curator" group (view, add and change the record, its history
    included) and the "editor" group (curators who may also delete). Neither touches users.
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
