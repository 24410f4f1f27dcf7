from functools import lru_cache, partial

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.translation import get_language, get_language_info

from .addresses import shareable_url
from .releases import shown_release


def translated_address(address: str, language: str) -> str:
    """translate_url() of an address without its query, kept: every search or filter of a page
    shares its address."""
    return kept_translation(address, language, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=4096)
def kept_translation(address: str, language: str, *read_by_translate_url) -> str:
    """translate_url(), keyed also on what it reads besides its arguments: the active language,
    the script prefix and the URLconf."""
    return translate_url(address, language)


def links_to_languages(request, path: str) -> list[dict]:
    """`path` in every language: for the language switch (plain links, no JavaScript) and, as
    absolute addresses, for the alternates search engines read."""
    prefix = get_script_prefix()
    # translate_url() resolves the address from the script prefix (a release's, core.releases)
    # and reverses it with the prefix again.
    inner = "/" + path[len(prefix) :] if path.startswith(prefix) else path
    address, mark, query = inner.partition("?")
    links = []
    for code, _name in settings.LANGUAGES:
        translated = translated_address(address, code)
        # Not an address of the site: left as it was.
        url = path if translated == address else translated + mark + query
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


def record_release(request):
    """The release the page shows, for the banner of a release's pages and every footer: read
    only when a template shows it."""
    return {"shown_release": partial(shown_release, request)}
