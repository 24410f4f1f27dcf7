"""Reads shared by the record apps: the public change log of published records, and the
releases of the record."""

import datetime
from dataclasses import dataclass
from itertools import pairwise

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, Field, Model, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator

from .models import Publication, RecordVersion, Release, ReleaseFile

# Never shown as a change: the row's key, and its state (publishing is not an edit).
UNSHOWN_FIELDS = {"id", "publication"}


@dataclass(frozen=True)
class FieldChange:
    """A field's old and new values as stored (the API's), and as a reader reads them (a
    choice's label, a related record's name)."""

    name: str
    label: str
    old: object
    new: object
    old_shown: object = None
    new_shown: object = None


@dataclass(frozen=True)
class PublishedChange:
    """One saved edit of a record that was published before it and after it."""

    record_id: int
    date: datetime.datetime
    by: str
    reason: str
    fields: list[FieldChange]
    version: object  # the historical version the edit made


def shown_fields(model) -> list[str]:
    """The fields of `model` a change log shows: each text in each language (not the field
    modeltranslation mirrors them in), dates, numbers, choices and relations by key."""
    try:
        mirrored = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        mirrored = set()
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and field.name not in UNSHOWN_FIELDS | mirrored
    ]


def field_label(field: Field) -> str:
    """A field's name as a change log shows it, in the page's language. A translated field is
    named by its base field and the language version that changed, "duration (Arabic)", not
    modeltranslation's "duration [ar]"."""
    if not isinstance(field, TranslationField):
        return str(field.verbose_name)
    # Translators: a field's version in one language, in the public change log: the field's
    # name, then the language's (in Arabic, as in "المدة (بالعربية)").
    return gettext("%(field)s (%(language)s)") % {
        "field": field.translated_field.verbose_name,
        "language": dict(settings.LANGUAGES)[field.language],
    }


def related_names(model, diffs) -> dict:
    """The records that changed relations name, by (model, key): 1 query a related model."""
    keys = {}
    for diff in diffs:
        field = model._meta.get_field(diff.field)
        if field.is_relation:
            keys.setdefault(field.related_model, set()).update({diff.old, diff.new} - {None, ""})
    return {
        (related, key): record
        for related, wanted in keys.items()
        for key, record in related._default_manager.in_bulk(wanted).items()
    }


def field_change(field: Field, diff, related: dict) -> FieldChange:
    def shown(value):
        if value in (None, ""):
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.is_relation:
            return related.get((field.related_model, value), value)
        return value

    return FieldChange(
        name=diff.field,
        label=field_label(field),
        old=diff.old,
        new=diff.new,
        old_shown=shown(diff.old),
        new_shown=shown(diff.new),
    )


def editor_ids(user_ids: set[int]) -> set[int]:
    """Which of the users hold the editor role (or are superusers). 1 query."""
    editors = get_user_model().objects.filter(Q(groups__name="editor") | Q(is_superuser=True))
    return set(editors.filter(pk__in=user_ids).values_list("pk", flat=True))


def published_changes(history: QuerySet) -> list[PublishedChange]:
    """The edits among the versions in `history` (one model's, narrowed to the records wanted)
    made while their record was published, newest first: what changed, when, the reason the
    curator gave, and by "a curator" or "an editor", never a name. Drafts' edits, publishing
    and withdrawing are not changes. 2 queries (1 when no signed-in user made a version), and 1
    for each kind of record a changed relation names."""
    model = history.model.instance_type
    included = shown_fields(model)
    versions = list(history.order_by("id", "history_date", "history_id"))
    editors = editor_ids({v.history_user_id for v in versions if v.history_user_id})
    edits = []
    for before, after in pairwise(versions):
        published = {before.publication, after.publication} == {Publication.PUBLISHED}
        if before.id != after.id or after.history_type != "~" or not published:
            continue
        diffs = [
            change
            for change in after.diff_against(before, included_fields=included).changes
            if change.old or change.new
        ]
        if diffs:
            edits.append((after, diffs))
    related = related_names(model, [diff for _version, diffs in edits for diff in diffs])
    changes = [
        PublishedChange(
            record_id=version.id,
            date=version.history_date,
            by=str(_("an editor") if version.history_user_id in editors else _("a curator")),
            reason=version.history_change_reason or "",
            fields=[
                field_change(model._meta.get_field(diff.field), diff, related) for diff in diffs
            ],
            version=version,
        )
        for version, diffs in edits
    ]
    return sorted(changes, key=lambda change: change.date, reverse=True)


@dataclass(frozen=True)
class ChangeLogEntry:
    """A line of a page's change log: a published change, and the part of the page's record it
    changed (an article, on its treaty's page), or None for the record itself."""

    change: PublishedChange
    part: Model | None = None


def record_changes(record: Model) -> list[PublishedChange]:
    """The published edits of one record, newest first (see published_changes). 2 queries (1
    when no signed-in user made a version)."""
    return published_changes(type(record).history.filter(id=record.pk))


def record_change_log(record: Model) -> list[ChangeLogEntry]:
    """The change log of a page showing one record: its published edits, newest first. 2 queries
    (1 when no signed-in user made a version)."""
    return [ChangeLogEntry(change) for change in record_changes(record)]


def releases() -> QuerySet:
    """Every release, newest first, with its files (but not their bytes)."""
    return Release.objects.prefetch_related(
        Prefetch("files", queryset=ReleaseFile.objects.defer("content"))
    )


def release_files() -> QuerySet:
    return ReleaseFile.objects.all()


def latest_release() -> tuple | None:
    """(number, made_at, is_live) of the latest release, `is_live` while the record's version has
    not moved since it: one query."""
    return (
        Release.objects.annotate(
            is_live=Exists(RecordVersion.objects.filter(number=OuterRef("record_version")))
        )
        .order_by("-number")
        .values_list("number", "made_at", "is_live")
        .first()
    )
