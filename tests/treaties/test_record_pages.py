"""The pages of the record's parts: topics, parties, sources, and the about page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Publication
from tests.factories import ClauseFactory, ReactionFactory, SourceFactory, TreatyFactory
from treaties import selectors
from treaties.models import Party, Source, Topic

pytestmark = pytest.mark.django_db


def page(client, name, *args, language="en"):
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/topics/", "/en/parties/", "/en/sources/", "/en/about/", "/ar/about/"]
)
def test_the_pages_that_were_404_answer(client, record, path):
    assert client.get(path).status_code == 200


def test_a_topic_page_lists_every_article_on_it_across_treaties(client, record):
    html = page(client, "treaties:topic-detail", "mutual-defence")
    for treaty in ("1961 Soviet–DPRK Treaty", "2024 Comprehensive Strategic Partnership Treaty"):
        assert treaty in html
    defence = Topic.objects.get(slug="mutual-defence")
    for clause in defence.clauses.filter(publication=Publication.PUBLISHED):
        assert clause.get_absolute_url() in html
    # The 2000 treaty has no article on it: the sources' note says so instead.
    assert "No article of this treaty speaks to this topic." in html
    assert f"/en/compare/?topics={defence.slug}" in html


def test_anchors_stay_unique_across_the_treaties_of_a_topic(client, record):
    html = page(client, "treaties:topic-detail", "mutual-defence")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_a_draft_article_is_off_the_public_topic_page(client, record):
    defence = Topic.objects.get(slug="mutual-defence")
    draft = ClauseFactory(publication=Publication.DRAFT, heading="Secret draft article")
    draft.topics.add(defence)
    assert "Secret draft article" not in page(client, "treaties:topic-detail", defence.slug)
    listed = {topic.slug: topic.article_count for topic in selectors.topic_list()}
    assert listed[defence.slug] == len(
        [entry for e in selectors.topic_articles(defence) for entry in e.clauses]
    )


def test_an_unknown_topic_or_party_is_a_404(client, record):
    assert client.get("/en/topics/no-such-topic/").status_code == 404
    assert client.get("/en/parties/no-such-party/").status_code == 404


def test_topic_page_query_count_does_not_grow(client, record, django_assert_num_queries):
    defence = Topic.objects.get(slug="mutual-defence")
    with django_assert_num_queries(8):
        client.get(defence.get_absolute_url())
    for _ in range(4):
        ClauseFactory(treaty=TreatyFactory()).topics.add(defence)
    with django_assert_num_queries(8):
        client.get(defence.get_absolute_url())


def test_a_party_page_lists_its_treaties_and_reactions_and_lineage(client, record):
    russia = Party.objects.get(slug="russia")
    html = page(client, "treaties:party-detail", russia.slug)
    assert "2000 Russia–DPRK Treaty" in html
    assert "2024 Comprehensive Strategic Partnership Treaty" in html
    assert "1961 Soviet–DPRK Treaty" not in html.split("treaties-heading")[1].split("</ul>")[0]
    assert russia.predecessor.get_absolute_url() in html
    us = page(client, "treaties:party-detail", "usa")
    assert "Blinken" in us


def test_a_party_page_keeps_draft_reactions_from_readers(client, record):
    party = Party.objects.get(slug="usa")
    ReactionFactory(party=party, publication=Publication.DRAFT, summary_en="Unpublished stance")
    assert "Unpublished stance" not in page(client, "treaties:party-detail", party.slug)


def test_the_sources_page_lists_every_source_with_what_cites_it(client, record):
    html = page(client, "treaties:source-list")
    assert html.count('id="source-') == Source.objects.count()
    # A reaction's source links to the reaction; an article's to the article.
    blinken = page(client, "reactions:list")
    assert "Blinken" in blinken
    reaction_links = re.findall(r'href="(/en/reactions/[^"#]+/)"', html)
    assert reaction_links
    clause_links = re.findall(r'href="(/en/treaties/[^"]+/articles/[^"]+/)"', html)
    assert clause_links


def test_sources_page_query_count_does_not_grow(client, record, django_assert_num_queries):
    with django_assert_num_queries(10):
        client.get(reverse("treaties:source-list"))
    source = SourceFactory()
    ClauseFactory(sources=[source])
    ReactionFactory(sources=[source])
    TreatyFactory(sources=[source])
    with django_assert_num_queries(10):
        client.get(reverse("treaties:source-list"))


def test_the_sources_page_keeps_drafts_from_readers(client, record):
    source = SourceFactory(title="Lonely source")
    TreatyFactory(sources=[source], publication=Publication.DRAFT, short_title_en="Hidden pact")
    html = page(client, "treaties:source-list")
    assert "Lonely source" in html
    assert "Hidden pact" not in html


def test_the_about_page_explains_the_text_labels_in_both_languages(client):
    html = page(client, "treaties:about")
    for label in (
        "Authentic text",
        "Official translation",
        "Published translation",
        "Unofficial translation by this project",
    ):
        assert label in html
    arabic = page(client, "treaties:about", language="ar")
    assert 'dir="rtl"' in arabic
    assert "ترجمة رسمية" in arabic


def test_every_page_links_the_new_pages(client, record):
    html = page(client, "treaties:list")
    for name in ("in-force", "topic-list", "party-list", "source-list", "about"):
        assert f'href="{reverse(f"treaties:{name}")}"' in html


def test_the_sitemap_lists_topics_and_parties(client, record):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/topics/mutual-defence/" in xml
    assert "/ar/parties/russia/" in xml
    assert "/en/in-force/" in xml


def test_the_api_links_a_topic_to_its_articles(client, record):
    body = client.get("/api/v2/topics/mutual-defence/").json()
    assert body["clauses_url"] == "http://testserver/api/v2/clauses/?topic=mutual-defence"
    clauses = client.get(body["clauses_url"]).json()["results"]
    assert {row["treaty"].rsplit("/", 2)[1] for row in clauses} >= {
        "ussr-dprk-1961",
        "russia-dprk-2024",
    }


def test_the_api_links_a_party_to_its_treaties_and_reactions(client, record):
    body = client.get("/api/v2/parties/usa/").json()
    treaties = client.get(body["treaties_url"]).json()
    reactions = client.get(body["reactions_url"]).json()
    assert treaties["count"] >= 1  # the 1953 US–South Korea treaty
    assert reactions["count"] >= 1
    assert all(row["party"].endswith("/parties/usa/") for row in reactions["results"])


def test_the_api_says_what_cites_a_source(client, record):
    source = Source.objects.filter(clause_texts__isnull=False).first()
    body = client.get(f"/api/v2/sources/{source.slug}/").json()
    assert set(body["cited_by"]) == {"treaties", "clauses", "events", "reactions"}
    clauses = client.get(body["cited_by"]["clauses"]).json()["results"]
    printed = {text.clause.slug for text in source.clause_texts.all()}
    assert printed <= {row["slug"] for row in clauses}


@pytest.mark.parametrize("resource", ["treaties", "clauses", "events", "reactions"])
def test_a_source_filter_naming_nothing_is_a_json_4xx(client, record, resource):
    unknown = client.get(f"/api/v2/{resource}/", {"source": "no-such-source"})
    assert unknown.status_code == 404
    malformed = client.get(f"/api/v2/{resource}/", {"source": "<b>\x00"})
    assert malformed.status_code == 400
    assert malformed["Content-Type"].startswith("application/json")


def test_a_source_filter_keeps_drafts_hidden(client, record):
    source = SourceFactory()
    TreatyFactory(sources=[source], publication=Publication.DRAFT)
    assert client.get("/api/v2/treaties/", {"source": source.slug}).json()["count"] == 0
