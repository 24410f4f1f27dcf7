from functools import partial

from django.conf import settings
from django.urls import get_script_prefix, translate_url
from django.utils.translation import get_language_info

from .addresses import shareable_url
from .releases import shown_release


def links_to_languages(request, path: str) -> list[dict]:
    """`path` in every language: for the language switch (plain links, no JavaScript) and, as
    absolute addresses, for the alternates search engines read."""
    prefix = get_script_prefix()
    # translate_url() resolves the address from the script prefix (a release's, core.releases)
    # and reverses it with the prefix again.
    inner = "/" + path[len(prefix) :] if path.startswith(prefix) else path
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(inner, code)
        if url == inner:  # not an address of the site: left as it was
            url = path
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
