"""How the site is found and shared: each page's description, canonical address, language
alternates and link-preview tags; robots.txt, sitemap.xml and the favicon."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def head_of(html: str) -> str:
    return html.split("</head>")[0]


def test_every_page_describes_itself_and_names_its_other_language(client, record):
    from django.utils.html import escape

    from treaties.models import Treaty

    summary = Treaty.objects.get(slug="russia-dprk-2024").summary_ar
    head = head_of(client.get("/ar/treaties/russia-dprk-2024/").content.decode())
    assert f'<meta name="description" content="{escape(summary[:100])}' in head
    assert '<link rel="canonical" href="http://testserver/ar/treaties/russia-dprk-2024/">' in head
    for code in ("en", "ar"):
        href = f"http://testserver/{code}/treaties/russia-dprk-2024/"
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in head
    assert 'hreflang="x-default" href="http://testserver/en/treaties/russia-dprk-2024/"' in head
    assert '<meta property="og:title" content="معاهدة الشراكة الاستراتيجية الشاملة 2024">' in head
    assert '<meta property="og:locale" content="ar_AR">' in head


def test_a_shared_comparison_previews_as_that_comparison(client, record):
    url = "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024&topics="
    html = client.get(url).content.decode()
    head = head_of(html)
    title = "Compare: 1961 Soviet–DPRK Treaty, 2024 Comprehensive Strategic Partnership Treaty"
    assert f"<title>{title} · Moscow–Pyongyang treaties</title>" in head
    assert f'<meta property="og:title" content="{title}">' in head
    assert (
        "The defence guarantee: 1961 Soviet–DPRK Treaty: Automatic military assistance; "
        "2024 Comprehensive Strategic Partnership Treaty: Assistance without delay"
    ) in head
    canonical = (
        "http://testserver/en/compare/?treaties=ussr-dprk-1961&amp;treaties=russia-dprk-2024"
    )
    assert f'<link rel="canonical" href="{canonical}">' in head  # no empty parameter


def test_a_search_is_titled_by_its_words(client, record):
    head = head_of(client.get("/en/search/", {"q": "assistance"}).content.decode())
    assert "<title>“assistance”: search · Moscow–Pyongyang treaties</title>" in head


def test_robots_point_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_the_sitemap_lists_published_pages_in_both_languages_with_alternates(client, record):
    from tests.factories import TreatyFactory

    draft = TreatyFactory(publication="draft")
    xml = Client().get("/sitemap.xml").content.decode()
    for path in (
        "/en/compare/",
        "/ar/compare/",
        "/en/treaties/russia-dprk-2024/",
        "/ar/treaties/russia-dprk-2024/text/",
        "/en/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
        "/ar/reactions/blinken-cho-call/",
        "/en/reactions/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml, path
    alternate = (
        '<xhtml:link rel="alternate" hreflang="ar" '
        'href="http://testserver/ar/treaties/russia-dprk-2024/"'
    )
    assert alternate in xml
    assert draft.slug not in xml


def test_the_favicon_is_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
