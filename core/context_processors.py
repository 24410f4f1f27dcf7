from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def links_to_languages(path: str) -> list[dict]:
    """`path` in every language, for the language switch (plain links, no JavaScript)."""
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    ]


def language_links(request):
    return {"language_links": links_to_languages(request.get_full_path())}
