"""Writes shared by the record apps: the curator and editor roles, and publishing one record."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models.deletion import Collector

from .db import record_models
from .models import PUBLISHING_NEEDS_EDITOR, Publication, Publishable

CURATOR_ACTIONS = ("view", "add", "change")
# "publish" exists for the publishable models only; the other codenames match nothing.
EDITOR_ACTIONS = (*CURATOR_ACTIONS, "delete", "publish")
# Editors make releases (core.releases); curators see them. Nobody changes or deletes one.
RELEASE_PERMISSIONS = {"curator": ("view_release",), "editor": ("view_release", "add_release")}


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update the "curator" group (view, add and change the record, its history
    included, and view its releases) and the "editor" group (curators who may also delete,
    publish and withdraw, and make releases).
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
        releases = Permission.objects.filter(
            content_type__app_label="core",
            codename__in=RELEASE_PERMISSIONS[name],
        )
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([*permissions, *releases])
        counts[name] = group.permissions.count()
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
def records_publish(*, records: list[Publishable], user) -> int:
    """Publish exactly `records` as `user`, in one step. Returns how many changed."""
    return sum(
        publication_set(record=record, publication=Publication.PUBLISHED, user=user)
        for record in records
    )


def records_left_unsourced(objs) -> list:
    """The records that cite no source but those among `objs` (sources about to be deleted):
    every record cites at least one, so deleting `objs` would break the rule for these."""
    found = []
    for relation in type(objs[0])._meta.related_objects if objs else []:
        if not relation.many_to_many or relation.field.name != "sources":
            continue
        through = relation.through._base_manager
        owner = relation.field.m2m_field_name()
        cited = f"{relation.field.m2m_reverse_field_name()}__in"
        found += relation.related_model._base_manager.filter(
            pk__in=through.filter(**{cited: objs}).values(owner)
        ).exclude(pk__in=through.exclude(**{cited: objs}).values(owner))
    return found


def records_deleted_with(obj) -> list:
    """The records a delete of `obj` would take with it (its cascades), besides the links of
    its many-to-many fields. Raises ProtectedError if a record protects it."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    fetched = [row for rows in collector.data.values() for row in rows]
    fast = [row for rows in collector.fast_deletes for row in rows]
    return [row for row in [*fetched, *fast] if row != obj and not row._meta.auto_created]


def deletion_conflicts(obj) -> list[str]:
    """What stands in the way of deleting `obj` outside the admin's confirmation page: the
    records it would leave without a source, then those it would delete with it, named."""
    return [
        f"{row._meta.verbose_name}: {row}"
        for row in [*records_left_unsourced([obj]), *records_deleted_with(obj)]
    ]


def version_relations(version) -> dict[str, list[int]]:
    """The many-to-many values a historical version recorded, by field: the pks it was linked
    to. A version recorded before its fields were (none linked at all) gives none, so reverting
    to it leaves them as they are rather than emptying them."""
    relations = {}
    for field in getattr(version, "_history_m2m_fields", []):
        target = f"{field.m2m_reverse_field_name()}_id"
        linked = list(getattr(version, field.name).values_list(target, flat=True))
        if linked:
            relations[field.name] = linked
    return relations


def last_relations(version) -> dict[str, list[int]]:
    """The many-to-many values of the record of `version` as its newest version that recorded
    them had them (a deletion's own version records none: the links go first)."""
    relations = {}
    history = type(version).objects.filter(id=version.id, history_date__lte=version.history_date)
    for earlier in history.order_by("-history_date", "-history_id"):
        relations = version_relations(earlier) | relations
        if len(relations) == len(getattr(version, "_history_m2m_fields", [])):
            break
    return relations


def version_restore(*, version, user, reason: str):
    """Bring a deleted record back as `version` had it, with its many-to-many values, as
    `user`; its History says so with `reason`."""
    record = version.instance
    record._history_user = user
    record._change_reason = reason
    record.save(force_insert=True)
    for name, pks in last_relations(version).items():
        getattr(record, name).set(pks)
    return record


def versions_keep_relations(versions: list) -> None:
    """Record with each of `versions` (one model's) its record's many-to-many rows as they are
    now: for versions made while the links were set without one version each (a fixture load,
    an import). 1 query per field, and 1 to write."""
    if not versions:
        return
    historical = type(versions[0])
    for field in historical._history_m2m_fields:
        through = field.remote_field.through
        owner = field.m2m_field_name()
        columns = [column.attname for column in through._meta.fields]
        by_owner = {}
        for row in through.objects.filter(**{f"{owner}__in": [v.id for v in versions]}):
            by_owner.setdefault(getattr(row, f"{owner}_id"), []).append(row)
        history_rows = getattr(historical, field.name).model
        history_rows.objects.bulk_create(
            history_rows(history=version, **{column: getattr(row, column) for column in columns})
            for version in versions
            for row in by_owner.get(version.id, [])
        )
