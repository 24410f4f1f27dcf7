from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from .models import Clause, Event, Party, Signatory, Source, Topic, TopicNote, Treaty


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


class ClauseInline(TranslationTabularInline):
    model = Clause
    extra = 0
    fields = [
        "order",
        "slug",
        "number",
        "number_certainty",
        "heading",
        "obligation_level",
        "topics",
    ]
    autocomplete_fields = ["topics"]
    show_change_link = True


class TopicNoteInline(TranslationTabularInline):
    model = TopicNote
    extra = 0
    autocomplete_fields = ["topic", "sources"]


@admin.register(Treaty)
class TreatyAdmin(RecordAdmin):
    list_display = ["short_title", "signed_on", "entry_into_force", "ended_on", "status_label"]
    list_filter = ["parties", "end_reason"]
    search_fields = ["slug", "title_en", "title_ar", "short_title_en", "short_title_ar"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["parties", "replaces", "sources"]
    prepopulated_fields = {"slug": ["short_title_en"]}
    inlines = [SignatoryInline, ClauseInline, TopicNoteInline]

    @admin.display(description="status")
    def status_label(self, treaty):
        return treaty.get_status_display()


@admin.register(Clause)
class ClauseAdmin(RecordAdmin):
    list_display = ["__str__", "number_certainty", "obligation_level"]
    list_filter = ["treaty", "topics", "number_certainty", "obligation_level"]
    list_select_related = ["treaty"]
    search_fields = ["heading_en", "heading_ar", "summary_en", "summary_ar", "text"]
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
