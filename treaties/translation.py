from modeltranslation.translator import TranslationOptions, register

from .models import Clause, Event, Party, Signatory, Topic, TopicNote, Treaty


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
    fields = ("heading", "summary")
    required_languages = ("en", "ar")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",), "ar": ("title",)}


@register(TopicNote)
class TopicNoteTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("en", "ar")
