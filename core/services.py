"""Writes shared by the record apps: the curator and editor roles, and publishing one record."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import PUBLISHING_NEEDS_EDITOR, Publishable

CURATOR_ACTIONS = ("view", "add", "change")
# "publish" exists for the publishable models only; the other codenames match nothing.
EDITOR_ACTIONS = (*CURATOR_ACTIONS, "delete", "publish")


def record_models() -> list[type]:
    """The models curators look after: those of settings.RECORD_APPS, without their history."""
    return [
        model
        for label in settings.RECORD_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.model_name.startswith("historical")
    ]


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update the "curator" group (view, add and change the record, its history
    included) and the "editor" group (curators who may also delete, publish and withdraw).
    Neither touches users.
    Returns the number of permissions each group holds."""
    models = record_models()
    counts = {}
    for name, actions in (("curator", CURATOR_ACTIONS), ("editor", EDITOR_ACTIONS)):
        codenames = [f"{action}_{model._meta.model_name}" for model in models for action in actions]
        permissions = Permission.objects.filter(
            content_type__app_label__in={model._meta.app_label for model in models},
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
