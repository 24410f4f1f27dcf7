"""Import and export of the record as CSV, JSON and XLSX (django-import-export).

Rows name each other by slug, as the fixtures do, so a file exported here imports into another
database unchanged. Every row goes through the model's full_clean(), like the admin and the API;
an import is one transaction, so a file with one bad row changes nothing.
"""

import json
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from .models import PUBLISHING_NEEDS_EDITOR, Publication
from .services import versions_keep_relations

HISTORY_BATCH = 500  # versions written by one statement


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug; a slug that names nothing is a row error, not a crash.

    `lookups` (RecordResource's) holds the rows the file names, read once for the whole file."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, lookups=None, **kwargs):
        if found := (lookups or {}).get(self.model, {}).get(str(value or "").strip()):
            return found
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("There is no %(model)s %(slug)s.")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugManyWidget(widgets.ManyToManyWidget):
    """Related rows as slugs separated by "|"; every slug must name a row."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator="|", field="slug", **kwargs)

    def clean(self, value, row=None, lookups=None, **kwargs):
        wanted = {slug.strip() for slug in str(value or "").split(self.separator) if slug.strip()}
        known = (lookups or {}).get(self.model, {})
        if wanted <= known.keys():
            return [known[slug] for slug in sorted(wanted)]
        related = super().clean(value, row, **kwargs)
        unknown = sorted(wanted - {item.slug for item in related})
        if unknown:
            raise ValueError(
                _("There is no %(model)s %(slugs)s.")
                % {"model": self.model._meta.verbose_name, "slugs": ", ".join(unknown)}
            )
        return related


class JSONListWidget(widgets.Widget):
    """A list of strings as a JSON array, so phrases may hold commas or any other separator."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        try:
            items = json.loads(value)
        except (TypeError, ValueError):
            raise ValueError(_('Give a JSON list of strings, e.g. ["a phrase"].')) from None
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ValueError(_('Give a JSON list of strings, e.g. ["a phrase"].'))
        return items

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value or [], ensure_ascii=False)


def import_problems(result) -> list[dict]:
    """What was wrong with each row an import refused: its number and one message per field;
    an error of the whole file has no row number."""
    invalid = [
        {
            "row": row.number,
            "messages": [
                f"{field}: {' '.join(map(str, texts))}" for field, texts in row.error_dict.items()
            ],
        }
        for row in result.invalid_rows
    ]
    failed = [
        {"row": number, "messages": [str(errors[0].error)]}
        for number, errors in result.row_errors()
    ]
    # An error of the whole file, not of a row, which undid the import all the same.
    whole_file = [
        {
            "row": None,
            "messages": [_("The import failed and was undone: %(error)s") % {"error": error.error}],
        }
        for error in result.base_errors
    ]
    return whole_file + sorted(invalid + failed, key=lambda problem: problem["row"])


def slug_link(attribute: str, model) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=SlugForeignKeyWidget(model)
    )


def slug_links(attribute: str, model) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=SlugManyWidget(model))


class RecordResource(resources.ModelResource):
    """Rows identified by slug, validated by the model, sourced, and published only by editors.

    The importing user comes as `user` from the admin (or from whoever calls import_data)."""

    # An empty spreadsheet cell reads as None; text columns store it as "" (they are not null).
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget}

    class Meta:
        import_id_fields = ["slug"]
        # The file's existing rows are read in one query, not one a row.
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        slugs = Counter(dataset["slug"]) if "slug" in (dataset.headers or []) else Counter()
        self.repeated_slugs = {slug for slug, count in slugs.items() if count > 1}
        self.lookups = self.slug_lookups(dataset)
        self.saved = []  # (instance, whether it is new) for each row saved

    def slug_lookups(self, dataset) -> dict:
        """The related rows each slug column of the file names, read in one query a model:
        {model: {slug: row}}. A slug missing here (a row the file itself adds) is looked up
        when its row is imported."""
        named = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugForeignKeyWidget | SlugManyWidget) and (
                field.column_name in (dataset.headers or [])
            ):
                slugs = named.setdefault(field.widget.model, set())
                for value in dataset[field.column_name]:
                    slugs.update(slug.strip() for slug in str(value or "").split("|"))
        return {
            model: {row.slug: row for row in model.objects.filter(slug__in=slugs - {""})}
            for model, slugs in named.items()
        }

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        super().import_field(
            field, instance, row, is_m2m, lookups=getattr(self, "lookups", None), **kwargs
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        # Versions are written for the whole file when it is done (after_import); a dry run
        # writes none, since its writes are rolled back.
        instance.skip_history_when_saving = True
        super().save_instance(instance, is_create, row, **kwargs)
        if not self._is_dry_run(kwargs):
            self.saved.append((instance, is_create))

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        del instance.skip_history_when_saving

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if report := kwargs.get("progress"):
            report(kwargs["row_number"])

    def after_import(self, dataset, result, **kwargs):
        """One version for each row saved, with its links, the importer and the reason they
        gave: written in a few statements for the whole file, not several a row."""
        super().after_import(dataset, result, **kwargs)
        history = getattr(self._meta.model, "history", None)
        if history is None or not self.saved:
            return
        for created in (True, False):
            instances = [instance for instance, is_create in self.saved if is_create == created]
            # In batches: one statement may carry at most 65,535 values (PostgreSQL's protocol).
            for start in range(0, len(instances), HISTORY_BATCH):
                versions = history.bulk_history_create(
                    instances[start : start + HISTORY_BATCH],
                    update=not created,
                    default_user=kwargs.get("user"),
                    default_change_reason=kwargs.get("change_reason") or "",
                )
                versions_keep_relations(versions)

    def import_instance(self, instance, row, **kwargs):
        state_before = instance.publication if instance.pk else Publication.DRAFT
        errors = {}
        if row.get("slug") in getattr(self, "repeated_slugs", ()):
            # Otherwise the last of the rows would silently win over the others.
            errors["slug"] = [_("This slug names more than one row of the file: keep one.")]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are saved after validation; check them now, so a bad slug or a
        # missing source is reported with the row's other errors.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    related = field.clean(row, lookups=getattr(self, "lookups", None), **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
                    continue
                if field.attribute == "sources" and not related:
                    errors["sources"] = [_("Every record cites at least one source.")]
        user = kwargs.get("user")
        if instance.publication != state_before and not instance.may_be_published_by(user):
            errors["publication"] = [PUBLISHING_NEEDS_EDITOR]
        if errors:
            raise ValidationError(errors)
