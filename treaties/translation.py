import simple_history
from modeltranslation.translator import TranslationOptions, register

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


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    # How an Arabic page names the publisher ("The Hankyoreh (English edition)" is هانكيوريه
    # (النسخة الإنجليزية)); its English name where no Arabic one is given.
    fields = ("publisher",)
    required_languages = {"en": ("publisher",)}


@register(Party)
class PartyTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")
    required_languages = ("en", "ar")


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",), "ar": ("name",)}


@register(Treaty)
class TreatyTranslationOptions(TranslationOptions):
    fields = ("title", "short_title", "summary", "signed_at", "duration", "notes")
    required_languages = {"en": ("title", "short_title"), "ar": ("title", "short_title")}


@register(Signatory)
class SignatoryTranslationOptions(TranslationOptions):
    fields = ("name", "office")
    required_languages = ("en", "ar")


@register(Clause)
class ClauseTranslationOptions(TranslationOptions):
    fields = ("heading", "summary", "obligation_reason")
    required_languages = {"en": ("heading", "summary"), "ar": ("heading", "summary")}


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",), "ar": ("title",)}


@register(Alignment)
class AlignmentTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("en", "ar")


@register(TopicNote)
class TopicNoteTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("en", "ar")


# Change history (who, when, what) for every record model, its many-to-many fields included, so
# a version brings back its topics, parties and sources too. Registered here, after the
# translation options, so that each historical model also has the per-language columns
# modeltranslation adds. Search vectors are derived from the other columns: history leaves them.
for model in (Party, Source, Topic, ClauseText):
    simple_history.register(model)
for model in (Signatory, TopicNote, Event, Alignment):
    simple_history.register(model, m2m_fields=["sources"])
simple_history.register(
    Treaty,
    excluded_fields=["search_en", "search_ar"],
    m2m_fields=["parties", "sources"],
)
simple_history.register(
    Clause,
    excluded_fields=["search_en", "search_ar", "searched_wording_en", "searched_wording_ar"],
    m2m_fields=["topics", "sources"],
)
