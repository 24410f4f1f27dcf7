from modeltranslation.translator import TranslationOptions, register

from .models import Release


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ("changelog",)
    required_languages = ("en", "ar")
