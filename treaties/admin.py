from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Clause,
    Event,
    Party,
    Publication,
    Signatory,
    Source,
    Topic,
    TopicNote,
    Treaty,
)
from .resources import ClauseResource, TreatyResource
from .services import publication_set, treaty_publish


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


class RecordAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Both languages side by side in tabs, a filter for what still needs translating, and a
    History page per record with revert."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


class PublicationFieldMixin:
    """`publication` is shown to everyone but changed only by users who may publish."""

    def has_publish_permission(self, request) -> bool:
        return self.model.may_be_published_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.has_publish_permission(request):
            return fields
        return [*fields, "publication"]


class PublishableAdmin(ImportExportMixin, PublicationFieldMixin, RecordAdmin):
    """A record with draft and published states: a column, a filter, and actions for editors;
    import (with a dry run that lists each row's errors) and export as CSV, JSON or XLSX."""

    actions = ["publish", "withdraw"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication"]

    def get_list_filter(self, request):
        return ["publication", *super().get_list_filter(request)]

    def get_import_data_kwargs(self, **kwargs):
        # The confirming step imports again; a row that has turned invalid since the dry run
        # (someone edited the record meanwhile) must undo the whole import, not be skipped.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def publish_record(self, record, user) -> int:
        return publication_set(record=record, publication=Publication.PUBLISHED, user=user)

    @admin.action(
        permissions=["publish"], description=_("Publish selected %(verbose_name_plural)s")
    )
    def publish(self, request, queryset):
        count = sum(self.publish_record(record, request.user) for record in queryset)
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


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "publisher", "title", "published_on", "language"]
    list_filter = ["language"]
    search_fields = ["slug", "title", "publisher", "url"]
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


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


class SignatoryInline(TranslationTabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["party", "sources"]


class ClauseInline(PublicationFieldMixin, TranslationStackedInline):
    """The articles as the treaty page lists them; quoted wording is edited on the clause's own
    page, where its language and source sit beside it."""

    model = Clause
    extra = 0
    fields = [
        ("order", "slug", "publication"),
        ("number", "number_certainty"),
        "heading",
        "summary",
        "obligation_level",
        "topics",
        "sources",
    ]
    autocomplete_fields = ["topics", "sources"]
    show_change_link = True


class TopicNoteInline(TranslationTabularInline):
    model = TopicNote
    extra = 0
    autocomplete_fields = ["topic", "sources"]


@admin.register(Treaty)
class TreatyAdmin(PublishableAdmin):
    list_display = ["short_title", "signed_on", "entry_into_force", "ended_on", "status_label"]
    list_filter = ["parties", "end_reason"]
    search_fields = ["slug", "title_en", "title_ar", "short_title_en", "short_title_ar"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["parties", "replaces", "sources"]
    prepopulated_fields = {"slug": ["short_title_en"]}
    inlines = [SignatoryInline, ClauseInline, TopicNoteInline]
    resource_classes = [TreatyResource]

    @admin.display(description="status")
    def status_label(self, treaty):
        return treaty.get_status_display()

    def publish_record(self, record, user) -> int:
        return treaty_publish(treaty=record, user=user)


@admin.register(Clause)
class ClauseAdmin(PublishableAdmin):
    list_display = ["__str__", "number_certainty", "obligation_level"]
    list_filter = ["treaty", "topics", "number_certainty", "obligation_level"]
    list_select_related = ["treaty"]
    search_fields = ["heading_en", "heading_ar", "summary_en", "summary_ar", "text"]
    resource_classes = [ClauseResource]
    autocomplete_fields = ["treaty", "topics", "sources", "text_source"]


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


@admin.register(TopicNote)
class TopicNoteAdmin(RecordAdmin):
    list_display = ["__str__", "obligation_level"]
    list_filter = ["topic", "treaty"]
    list_select_related = ["treaty", "topic"]
    search_fields = ["note_en", "note_ar"]
    autocomplete_fields = ["treaty", "topic", "sources"]
