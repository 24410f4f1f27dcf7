"""Every page's navigation and footer (templates/_base.html): the same for every page of a view
in a language and a release, so made once a process and read after, and still right for each."""

import re

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from core import context_processors
from core.releases import make_release

pytestmark = pytest.mark.django_db


def current_nav_link(html: str) -> str:
    navigation = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.search(r'<a href="([^"]+)" aria-current="page">', navigation).group(1)


@pytest.fixture
def fresh_fragments():
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_the_navigation_is_made_once_a_view_and_language(record, client, fresh_fragments):
    client.get("/en/search/", {"q": "defence"})
    key = make_template_fragment_key("site-nav", ["en", "", "search:search"])
    kept = caches["default"].get(key)
    assert kept is not None
    assert 'href="/en/search/" aria-current="page"' in kept
    # Another search reads it: whatever it holds is what the page shows.
    caches["default"].set(key, kept.replace("Treaties", "Kept treaties"))
    assert "Kept treaties" in client.get("/en/search/", {"q": "trade"}).content.decode()


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/en/", "/en/"),
        ("/en/search/?q=defence", "/en/search/"),
        ("/en/compare/", "/en/compare/"),
        ("/ar/compare/", "/ar/compare/"),
        ("/ar/timeline/", "/ar/timeline/"),
        ("/en/reactions/", "/en/reactions/"),
    ],
)
def test_the_navigation_marks_the_page_it_is_on_in_each_view_and_language(
    record, client, url, current
):
    for _read_again in range(2):
        assert current_nav_link(client.get(url).content.decode()) == current


def test_a_release_page_and_a_live_page_each_link_their_own_record(record, client):
    make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")
    live = client.get("/en/compare/").content.decode()
    released = client.get("/releases/1/en/compare/").content.decode()
    assert current_nav_link(live) == "/en/compare/"
    assert current_nav_link(released) == "/releases/1/en/compare/"
    assert 'href="/releases/1/en/data/"' in released
    assert 'href="/releases/1/en/data/"' not in client.get("/en/compare/").content.decode()


def language_switch(html: str) -> dict[str, str]:
    switch = re.search(r'<nav id="language-switch".*?</nav>', html, re.S).group(0)
    return {lang: url for url, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', switch)}


def test_the_language_switch_translates_an_address_once_whatever_its_query(
    record, client, monkeypatch
):
    translated = []
    translate_url = context_processors.translate_url
    monkeypatch.setattr(
        context_processors,
        "translate_url",
        lambda url, language: translated.append(url) or translate_url(url, language),
    )
    context_processors.kept_translation.cache_clear()
    first = client.get("/en/search/", {"q": "defence"}).content.decode()
    second = client.get("/en/search/", {"q": "trade", "kind": "clauses"}).content.decode()
    assert language_switch(first) == {"en": "/en/search/?q=defence", "ar": "/ar/search/?q=defence"}
    assert language_switch(second)["ar"] == "/ar/search/?q=trade&amp;kind=clauses"
    assert translated == ["/en/search/", "/en/search/"]  # once for each language
    # A release's pages are translated under its own prefix, not served the live ones.
    make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")
    released = client.get("/releases/1/en/search/", {"q": "defence"}).content.decode()
    assert language_switch(released)["ar"] == "/releases/1/ar/search/?q=defence"
