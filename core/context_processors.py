from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from .addresses import shareable_url


def links_to_languages(request, path: str) -> list[dict]:
    """`path` in every language: for the language switch (plain links, no JavaScript) and, as
    absolute addresses, for the alternates search engines read."""
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    return links


def language_links(request):
    """The page in every language, and its own address as search engines should index it."""
    path = shareable_url(request)
    return {
        "language_links": links_to_languages(request, path),
        "canonical_url": request.build_absolute_uri(path),
    }
