from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def language_links(request):
    """The current page in every language, for the language switch (plain links, no JavaScript)."""
    path = request.get_full_path()
    return {
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
        ]
    }
