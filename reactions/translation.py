from modeltranslation.translator import TranslationOptions, register

from .models import Reaction


@register(Reaction)
class ReactionTranslationOptions(TranslationOptions):
    fields = ("speaker", "speaker_office", "summary")
    required_languages = {"en": ("summary",), "ar": ("summary",)}
