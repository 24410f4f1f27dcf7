"""The bases of the record's admin pages: both languages in tabs, History with revert,
publication by editors only, import and export."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from . import spreadsheets
from .models import CHANGE_REASON_LENGTH, Publication
from .services import last_relations, publication_set, records_publish
from .text import validate_readable


def publish_key(record) -> str:
    """How the publish confirmation names a record in its form."""
    return f"{record._meta.label_lower}:{record.pk}"


def import_failure(result) -> str:
    """What went wrong in an import that changed nothing, row by row."""
    problems = [
        _("row %(number)s: %(errors)s")
        % {
            "number": row.number,
            "errors": "; ".join(
                f"{field}: {' '.join(map(str, texts))}" for field, texts in row.error_dict.items()
            ),
        }
        for row in result.invalid_rows
    ] + [
        _("row %(number)s: %(error)s") % {"number": number, "error": errors[0].error}
        for number, errors in result.row_errors()
    ]
    return _("Nothing was imported; correct the file and import it again. %(problems)s") % {
        "problems": " · ".join(map(str, problems))
    }


class MissingTranslationFilter(admin.SimpleListFilter):
    """Records where some text is written in one language but not the other."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("ar", _("Missing Arabic")), ("en", _("Missing English"))]

    def queryset(self, request, queryset):
        if self.value() not in {"ar", "en"}:
            return queryset
        missing, other = self.value(), "en" if self.value() == "ar" else "ar"
        condition = Q()
        for field in translator.get_options_for_model(queryset.model).fields:
            condition |= Q(**{f"{field}_{missing}": ""}) & ~Q(**{f"{field}_{other}": ""})
        return queryset.filter(condition)


def latest_version_id(record) -> int | None:
    """The id of `record`'s newest version in its history (None for a new record)."""
    if record.pk is None:
        return None
    return (
        record.history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def is_published(record) -> bool:
    """Whether `record` is stored as published (a record without publication never is)."""
    if record.pk is None or not hasattr(record, "publication"):
        return False
    stored = type(record)._base_manager.filter(pk=record.pk, publication=Publication.PUBLISHED)
    return stored.exists()


def changes_between(record, seen_version_id: int) -> str:
    """What the versions of `record` after `seen_version_id` changed: field, old -> new."""
    history = record.history.order_by("-history_date", "-history_id")
    seen = history.filter(history_id=seen_version_id).first()
    latest = history.first()
    if seen is None or latest is None:
        return ""
    changes = latest.diff_against(seen).changes
    named = {change.field for change in changes}
    return "; ".join(
        f"{change.field}: {change.old!r} → {change.new!r}"
        for change in changes
        if (change.old or change.new)  # not an empty text stored as None before
        # A translated field's own name mirrors its language's column: name the column only.
        and not any(f"{change.field}_{code}" in named for code, _name in settings.LANGUAGES)
    )


class VersionedForm(forms.ModelForm):
    """An admin form that remembers which version of its record it showed, and refuses to save
    over a version saved since by someone else (optimistic concurrency), saying what changed."""

    record_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=CHANGE_REASON_LENGTH,
        validators=[validate_readable],
        help_text=_(
            "Needed when you change a published record: readers see it beside the change, "
            "without your name."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_version"].initial = latest_version_id(self.instance)
        version = to_historic(self.instance)
        if version is not None and not self.is_bound:
            # History's revert form: the version's many-to-many values, not today's.
            for name, related in last_relations(version).items():
                if name in self.fields:
                    self.initial[name] = related

    def clean(self):
        cleaned = super().clean()
        seen, latest = cleaned.get("record_version"), latest_version_id(self.instance)
        if self.instance.pk is not None and seen != latest:
            raise forms.ValidationError(
                _(
                    "Someone saved this record after you opened it, so your changes were not "
                    "saved. What they changed: %(changes)s. Open the record again to see it as "
                    "it is now, then make your changes again."
                ),
                code="stale",
                params={"changes": changes_between(self.instance, seen) or _("unknown")},
            )
        edited = set(self.changed_data) - {"record_version", "change_reason"}
        if edited and not cleaned.get("change_reason") and is_published(self.instance):
            self.add_error(
                "change_reason",
                _("Say why you change this published record: readers see the reason."),
            )
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    """A record's admin with History (and revert), stale forms refused, and the reason for a
    change kept with its version (the public change log shows it)."""

    form = VersionedForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)


class RecordAdmin(VersionedAdmin, TabbedTranslationAdmin):
    """Both languages side by side in tabs, a filter for what still needs translating, and a
    History page per record with revert."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


def is_history_revert(request) -> bool:
    """Whether the request is History's "Revert to this version" page (simple-history's view)."""
    match = request.resolver_match
    return match is not None and match.url_name.endswith("_simple_history")


class PublicationFieldMixin:
    """`publication` is shown to everyone but changed only by users who may publish, and by
    them only on purpose: the form's field or the publish and withdraw actions, never as a side
    effect of reverting to an older version."""

    def has_publish_permission(self, request) -> bool:
        return self.model.may_be_published_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.has_publish_permission(request) and not is_history_revert(request):
            return fields
        return [*fields, "publication"]

    def save_model(self, request, obj, form, change):
        # A version restored from History carries the publication it had then; the field is not
        # in the form, but the restored row would save it all the same.
        if change and "publication" in self.get_readonly_fields(request, obj):
            stored = type(obj)._base_manager.filter(pk=obj.pk).values_list("publication").first()
            # A deleted record restored from its History comes back as a draft.
            obj.publication = stored[0] if stored else Publication.DRAFT
        super().save_model(request, obj, form, change)


class PublishableAdmin(ImportExportMixin, PublicationFieldMixin, RecordAdmin):
    """A record with draft and published states: a column, a filter, and actions for editors;
    import (with a dry run that lists each row's errors) and export as CSV, JSON or XLSX."""

    actions = ["publish", "withdraw"]
    formats = spreadsheets.FORMATS

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication"]

    def get_list_filter(self, request):
        return ["publication", *super().get_list_filter(request)]

    def get_import_data_kwargs(self, **kwargs):
        # The confirming step imports again; a row that has turned invalid since the dry run
        # (someone edited the record meanwhile) must undo the whole import, not be skipped.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        """The confirmed import: a row that turned invalid since the dry run (someone edited the
        record meanwhile) undid the whole import; say so, name the rows, and log nothing."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        self.message_user(request, import_failure(result), level=messages.ERROR)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        )

    def drafts_published_with(self, record) -> list:
        """Draft records offered for publishing together with `record` (a treaty's own)."""
        return []

    @admin.action(
        permissions=["publish"], description=_("Publish selected %(verbose_name_plural)s")
    )
    def publish(self, request, queryset):
        """Publish after a page listing every record it would publish, the drafts attached to
        each ticked; exactly what is ticked there when confirmed is published."""
        offered = [
            (
                record,
                [
                    (publish_key(draft), draft._meta.verbose_name, draft)
                    for draft in self.drafts_published_with(record)
                ],
            )
            for record in queryset
        ]
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Publish"),
                "opts": self.opts,
                "offered": offered,
                "selected": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/publish_confirmation.html", context)
        ticked = set(request.POST.getlist("publish_with"))
        records = [record for record, _drafts in offered] + [
            draft for _record, drafts in offered for key, _kind, draft in drafts if key in ticked
        ]
        count = records_publish(records=records, user=request.user)
        self.message_user(
            request,
            ngettext("Published %(count)d record.", "Published %(count)d records.", count)
            % {"count": count},
        )

    @admin.action(
        permissions=["publish"], description=_("Withdraw selected %(verbose_name_plural)s to draft")
    )
    def withdraw(self, request, queryset):
        count = sum(
            publication_set(record=record, publication=Publication.DRAFT, user=request.user)
            for record in queryset
        )
        self.message_user(
            request,
            ngettext("Withdrew %(count)d record.", "Withdrew %(count)d records.", count)
            % {"count": count},
        )
