from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.admin import (
    PublicationFieldMixin,
    PublishableAdmin,
    RecordAdmin,
    RightToLeftArabicFields,
    StaleEditForm,
    VersionedAdmin,
    VersionedForm,
    is_published,
)
from core.services import records_left_unsourced

from . import selectors
from .models import (
    Alignment,
    Clause,
    ClauseText,
    Event,
    Party,
    Signatory,
    Source,
    Topic,
    TopicNote,
    Treaty,
)
from .resources import ClauseResource, TreatyResource
from .services import drafted_with, parts_deleted_with, treaty_restore


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["slug", "publisher", "title", "published_on", "language"]
    list_filter = ["language"]
    search_fields = ["slug", "title", "publisher_en", "publisher_ar", "url"]
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_deleted_objects(self, objs, request):
        """Django's list of what a delete takes and what protects it, plus the records that cite
        no other source: every record cites one, so they protect their last source."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        unsourced = [
            _("%(record)s (%(kind)s) cites no other source")
            % {"record": row, "kind": row._meta.verbose_name}
            for row in records_left_unsourced(list(objs))
        ]
        return deleted, counts, perms_needed, [*protected, *unsourced]


@admin.register(Party)
class PartyAdmin(RecordAdmin):
    list_display = ["name", "short_name", "kind", "iso_code", "predecessor"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ar", "short_name_en", "short_name_ar", "iso_code"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    list_display = ["name", "order", "measures_obligation"]
    search_fields = ["name_en", "name_ar"]
    prepopulated_fields = {"slug": ["name_en"]}


class SignatoryInline(RightToLeftArabicFields, TranslationTabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["party", "sources"]


class ClauseInline(RightToLeftArabicFields, PublicationFieldMixin, TranslationStackedInline):
    """The articles as the treaty page lists them; their texts are edited on the clause's own
    page, where each text's language, kind and source sit beside it."""

    model = Clause
    extra = 0
    fields = [
        ("order", "slug", "publication"),
        ("number", "number_certainty"),
        "heading",
        "summary",
        "obligation_level",
        "obligation_reason",
        "topics",
        "sources",
    ]
    autocomplete_fields = ["topics", "sources"]
    show_change_link = True


class TopicNoteInline(RightToLeftArabicFields, TranslationTabularInline):
    model = TopicNote
    extra = 0
    autocomplete_fields = ["topic", "sources"]


@admin.register(Treaty)
class TreatyAdmin(PublishableAdmin):
    list_display = ["short_title", "signed_on", "entry_into_force", "ended_on", "status_label"]
    list_filter = ["reference", "parties", "end_reason"]
    search_fields = ["slug", "title_en", "title_ar", "short_title_en", "short_title_ar"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["parties", "replaces", "sources"]
    prepopulated_fields = {"slug": ["short_title_en"]}
    inlines = [SignatoryInline, ClauseInline, TopicNoteInline]
    resource_classes = [TreatyResource]

    @admin.display(description="status")
    def status_label(self, treaty):
        return treaty.get_status_display()

    change_list_template = "admin/treaties/treaty/change_list.html"

    def drafts_published_with(self, record) -> list:
        return drafted_with(record)

    def get_urls(self):
        deleted = [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="treaty_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="treaty_restore",
            ),
        ]
        return deleted + super().get_urls()

    def deleted_view(self, request):
        """The deleted treaties, each with what its delete took, to restore in one step."""
        if not self.has_delete_permission(request):
            raise PermissionDenied
        deletions = [
            (
                deletion,
                sorted(
                    (
                        (part.instance._meta.verbose_name, part.instance)
                        for part in parts_deleted_with(deletion)
                    ),
                    key=lambda kind_and_part: (kind_and_part[0], kind_and_part[1].pk),
                ),
            )
            for deletion in selectors.treaty_deletions()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted treaties"),
            "opts": self.opts,
            "deletions": deletions,
        }
        return TemplateResponse(request, "admin/treaties/treaty/deleted.html", context)

    @method_decorator(require_POST)
    def restore_view(self, request, history_id: int):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(selectors.treaty_deletions(), history_id=history_id)
        try:
            count = treaty_restore(deletion=deletion, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
            return redirect("admin:treaty_deleted")
        self.message_user(
            request,
            ngettext("Restored %(count)d record.", "Restored %(count)d records.", count)
            % {"count": count},
        )
        return redirect("admin:treaties_treaty_change", deletion.id)


KEY_PHRASES_NOT_IN_TEXTS = gettext_lazy(
    "The article's key phrases must be words of its texts; none of its texts holds %(phrases)s."
)


class ClauseTextForm(StaleEditForm):
    """A text in its article's form: refused when someone saved the text since it was shown
    (an untouched text is not checked)."""

    def checks_staleness(self) -> bool:
        return self.instance.pk is not None and self.has_changed()


class ClauseTextFormSet(BaseInlineFormSet):
    """A published article's texts change for a reason readers see, as the article does: the
    reason given in the article's form goes with each text's new version. The article's key
    phrases are checked here, against the texts as they are being saved."""

    def reason(self) -> str | None:
        return (self.data.get("change_reason") or "").strip() or None

    def clean(self):
        super().clean()
        changed = any(form.has_changed() for form in self.forms) or self.deleted_forms
        if changed and is_published(self.instance) and not self.reason():
            raise ValidationError(
                _("Say why you change this published article's texts: readers see the reason.")
            )
        kept = [
            form.cleaned_data.get("text", "")
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        missing = self.instance.missing_key_phrases(kept)
        if missing:
            raise ValidationError(KEY_PHRASES_NOT_IN_TEXTS % {"phrases": missing})

    def save_new(self, form, commit=True):
        form.instance._change_reason = self.reason()
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        obj._change_reason = self.reason()
        return super().save_existing(form, obj, commit)

    def delete_existing(self, obj, commit=True):
        obj._change_reason = self.reason()
        super().delete_existing(obj, commit)


class ClauseTextInline(admin.StackedInline):
    model = ClauseText
    form = ClauseTextForm
    formset = ClauseTextFormSet
    extra = 0
    fields = [
        ("language", "kind", "complete"),
        "text",
        ("source", "retrieved_on"),
        "note",
        "record_version",
    ]
    autocomplete_fields = ["source"]


class ClauseForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sent with the texts inline, whose formset checks the key phrases (not History's revert).
        texts_prefix = ClauseText._meta.get_field("clause").remote_field.get_accessor_name()
        if f"{texts_prefix}-TOTAL_FORMS" in self.data:
            self.instance.key_phrases_checked_with_texts = True


class ClauseTextAdminForm(VersionedForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "text" in cleaned:
            clause = self.instance.clause
            others = [text.text for text in clause.texts.exclude(pk=self.instance.pk)]
            missing = clause.missing_key_phrases([*others, cleaned["text"]])
            if missing:
                self.add_error("text", KEY_PHRASES_NOT_IN_TEXTS % {"phrases": missing})
        return cleaned


@admin.register(Clause)
class ClauseAdmin(PublishableAdmin):
    list_display = ["__str__", "number_certainty", "obligation_level"]
    list_filter = ["treaty", "topics", "number_certainty", "obligation_level"]
    list_select_related = ["treaty"]
    search_fields = ["heading_en", "heading_ar", "summary_en", "summary_ar", "texts__text"]
    resource_classes = [ClauseResource]
    autocomplete_fields = ["treaty", "topics", "sources"]
    form = ClauseForm
    inlines = [ClauseTextInline]


@admin.register(ClauseText)
class ClauseTextAdmin(VersionedAdmin):
    """Each text on its own page too, for its History (and revert)."""

    form = ClauseTextAdminForm
    list_display = ["__str__", "language", "kind", "complete", "source"]
    list_filter = ["kind", "language", "complete", "clause__treaty"]
    list_select_related = ["clause__treaty", "source"]
    search_fields = ["text", "clause__slug"]
    autocomplete_fields = ["clause", "source"]

    def get_readonly_fields(self, request, obj=None):
        # A text stays with its article: moving it would bypass the article's reason rule.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "clause"] if obj is not None else fields


@admin.register(Event)
class EventAdmin(RecordAdmin):
    list_display = ["title", "date", "date_precision", "kind", "treaty"]
    list_filter = ["kind", "treaty"]
    list_select_related = ["treaty"]
    search_fields = ["title_en", "title_ar"]
    autocomplete_fields = ["treaty", "sources"]


@admin.register(Signatory)
class SignatoryAdmin(RecordAdmin):
    list_display = ["name", "office", "party", "treaty", "certainty"]
    list_filter = ["certainty", "party", "treaty"]
    list_select_related = ["party", "treaty"]
    search_fields = ["name_en", "name_ar", "office_en", "office_ar"]
    autocomplete_fields = ["treaty", "party", "sources"]


@admin.register(Alignment)
class AlignmentAdmin(RecordAdmin):
    list_display = ["__str__", "relation"]
    list_filter = ["relation", "old_treaty", "new_treaty"]
    list_select_related = ["old_treaty", "new_treaty", "old_clause__treaty", "new_clause__treaty"]
    search_fields = ["note_en", "note_ar"]
    autocomplete_fields = ["old_treaty", "new_treaty", "old_clause", "new_clause", "sources"]


@admin.register(TopicNote)
class TopicNoteAdmin(RecordAdmin):
    list_display = ["__str__", "obligation_level"]
    list_filter = ["topic", "treaty"]
    list_select_related = ["treaty", "topic"]
    search_fields = ["note_en", "note_ar"]
    autocomplete_fields = ["treaty", "topic", "sources"]
