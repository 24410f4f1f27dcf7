import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Reaction


@register(Reaction)
class ReactionTranslationOptions(TranslationOptions):
    fields = ("speaker", "speaker_office", "summary")
    required_languages = {"en": ("summary",), "ar": ("summary",)}


# Registered after the translation options: see treaties/translation.py.
simple_history.register(
    Reaction, excluded_fields=["search_en", "search_ar"], m2m_fields=["sources"]
)
