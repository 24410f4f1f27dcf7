"""Embedding: /embed/ views may be framed by other sites; every other page keeps DENY."""

import re
from html import unescape

import pytest

from core.models import Publication
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

EMBED = "/en/embed/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024"


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if "frame-ancestors" in part).strip()


def test_the_embedded_comparison_may_be_framed(client, record):
    response = client.get(EMBED)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "frame-ancestors *"


def test_every_other_page_keeps_deny(client, record):
    for path in ("/en/compare/", "/en/", "/en/treaties/russia-dprk-2024/", "/en/about/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert frame_ancestors(response) == "frame-ancestors 'none'"


def test_the_frame_policy_holds_for_kept_answers(client, record, kept_answers):
    first, kept = client.get(EMBED), client.get(EMBED)
    assert frame_ancestors(kept) == frame_ancestors(first) == "frame-ancestors *"
    assert "X-Frame-Options" not in kept
    page = client.get("/en/compare/")
    assert client.get("/en/compare/")["X-Frame-Options"] == page["X-Frame-Options"] == "DENY"


def test_the_sites_that_may_frame_are_a_setting(client, record, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://school.example"]
    assert frame_ancestors(client.get(EMBED)) == "frame-ancestors https://school.example"


def test_the_embed_is_compact_and_links_back(client, record):
    html = client.get(EMBED).content.decode()
    assert '<base target="_blank">' in html
    full = "http://testserver/en/compare/?treaties=ussr-dprk-1961&amp;treaties=russia-dprk-2024"
    assert f'href="{full}"' in html
    assert "Automatic military assistance" in html
    assert 'class="site-header' not in html  # no navigation
    assert "<form" not in html  # read-only


def test_a_bad_embed_is_a_400_in_the_frame(client, record):
    response = client.get("/en/embed/compare/?treaties=ussr-dprk-1961")
    assert response.status_code == 400
    assert "Pick at least two treaties to compare." in response.content.decode()


def test_the_embed_never_shows_drafts(admin_client, record):
    Treaty.objects.filter(slug="russia-dprk-2024").update(publication=Publication.DRAFT)
    response = admin_client.get(EMBED)
    assert response.status_code == 400


def test_a_treaty_card_may_be_embedded(client, record):
    response = client.get("/en/embed/treaties/russia-dprk-2024/")
    assert response.status_code == 200
    assert frame_ancestors(response) == "frame-ancestors *"
    assert "2024 Comprehensive Strategic Partnership Treaty" in response.content.decode()
    assert client.get("/en/embed/treaties/no-such-treaty/").status_code == 404


def embed_code(client) -> str:
    """The embed code as a reader copies it from the comparison page."""
    html = client.get("/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024").content
    return unescape(re.search(r'<pre tabindex="0" dir="ltr">(.*?)</pre>', html.decode())[1])


def test_the_comparison_page_offers_the_embed_code(client, record):
    embed = (
        "http://testserver/en/embed/compare/?treaties=ussr-dprk-1961&amp;treaties=russia-dprk-2024"
    )
    assert embed_code(client).startswith(f'<iframe src="{embed}" title="Compare: ')


def test_the_embed_code_stays_valid_markup_whatever_the_title(client, record):
    Treaty.objects.filter(slug="russia-dprk-2024").update(short_title_en='The "new" pact')
    code = embed_code(client)
    assert 'title="Compare: 1961 Soviet–DPRK Treaty, The &quot;new&quot; pact"' in code
