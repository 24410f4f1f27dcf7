from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.admin_helpers import edit_in_admin, staff_client
from tests.factories import (
    ClauseFactory,
    ClauseTextFactory,
    EventFactory,
    ReactionFactory,
    SignatoryFactory,
    SourceFactory,
    TopicFactory,
    TopicNoteFactory,
    TreatyFactory,
)
from treaties.models import Alignment

pytestmark = pytest.mark.django_db


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_root_redirects_to_the_visitors_language(client):
    assert client.get("/", headers={"accept-language": "ar"})["Location"] == "/ar/"
    assert client.get("/", headers={"accept-language": "en-GB"})["Location"] == "/en/"


def test_home_lists_the_treaties_in_english(client, record):
    response = client.get(url("treaties:list", "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    for title in ("1961 Soviet–DPRK Treaty", "2000 Russia–DPRK Treaty", "2024 Comprehensive"):
        assert title in html
    assert "6 July 1961" in html
    assert "No longer in force" in html
    assert "In force" in html


def test_home_in_arabic_is_right_to_left_and_translated(client, record):
    response = client.get(url("treaties:list", "ar"))
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "معاهدة الشراكة الاستراتيجية الشاملة 2024" in html
    assert "ثلاث معاهدات بين موسكو وبيونغ يانغ" in html  # interface string from the .po catalogue
    assert "سارية" in html  # "In force"


def test_language_switch_links_to_the_same_page(client, record):
    html = client.get(url("treaties:detail", "en", slug="russia-dprk-2024")).content.decode()
    assert 'href="/ar/treaties/russia-dprk-2024/"' in html
    assert 'hreflang="ar"' in html


def test_treaty_page_shows_clauses_reactions_and_sources(client, record):
    response = client.get(url("treaties:detail", "en", slug="russia-dprk-2024"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Military assistance without delay" in html
    assert "Article 51 of the UN Charter" in html
    assert "Antony Blinken" in html
    assert "Chosun Ilbo (English edition)" in html
    assert "Replaced" in html
    assert "/en/treaties/russia-dprk-2000/" in html


def test_treaty_page_marks_unconfirmed_points(client, record):
    html = client.get(url("treaties:detail", "en", slug="ussr-dprk-1961")).content.decode()
    assert "badge-unconfirmed" in html  # the reported signatories
    assert "Date not known from the sources" in html  # entry into force


def test_arabic_treaty_page_keeps_english_quotes_marked_as_english(client, record):
    html = client.get(url("treaties:detail", "ar", slug="ussr-dprk-1961")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "المساعدة العسكرية التلقائية" in html
    assert '<blockquote lang="en" dir="ltr">The Contracting Parties declare' in html


def test_arabic_pages_join_place_and_office_with_the_arabic_comma(client, record):
    detail = client.get(url("treaties:detail", "ar", slug="ussr-dprk-1961")).content.decode()
    listing = client.get(url("treaties:list", "ar")).content.decode()
    assert "1961</time>، موسكو" in detail
    assert "1961</time>، موسكو" in listing
    assert "نيكيتا خروتشوف، رئيس مجلس وزراء الاتحاد السوفيتي" in detail
    english = client.get(url("treaties:detail", "en", slug="ussr-dprk-1961")).content.decode()
    assert "1961</time>, Moscow" in english


def test_unknown_treaty_is_404(client, record):
    assert client.get(url("treaties:detail", "en", slug="no-such-treaty")).status_code == 404


def test_pages_refuse_writes(client, record):
    assert client.post(url("treaties:list", "en")).status_code == 405


def test_home_query_count_does_not_grow_with_treaties(client, django_assert_num_queries):
    TreatyFactory.create_batch(3)
    TreatyFactory.create_batch(2, reference=True)
    # Intended to prevent an n+1: the count for the pages, 1 query for the page's treaties and 1
    # for all their parties; the same 2 for the reference treaties; the latest release the
    # footer names.
    with django_assert_num_queries(6):
        client.get(url("treaties:list", "en"))
    TreatyFactory.create_batch(60)
    TreatyFactory.create_batch(2, reference=True)
    with django_assert_num_queries(6):
        response = client.get(url("treaties:list", "en"))
    assert len(response.context["treaties"]) == 50
    assert 'rel="next" href="?page=2"' in response.content.decode()


def test_treaty_page_query_count_does_not_grow_with_clauses_or_reactions(
    client, django_assert_num_queries
):
    treaty = TreatyFactory(replaces=TreatyFactory())
    TreatyFactory(replaces=treaty)
    SignatoryFactory(treaty=treaty)
    EventFactory(treaty=treaty)
    TopicNoteFactory(treaty=treaty)
    ClauseFactory.create_batch(2, treaty=treaty)
    ReactionFactory.create_batch(2, treaty=treaty)
    page = url("treaties:detail", "en", slug=treaty.slug)
    # Intended to prevent an n+1: the treaty and each prefetched relation once, its reactions,
    # its change log (see selectors; the roles of those who edited, when someone did), the
    # record's version its Cite box names, and the latest release the footer names.
    with django_assert_num_queries(22):
        client.get(page)
    SignatoryFactory.create_batch(3, treaty=treaty)
    EventFactory.create_batch(3, treaty=treaty)
    for clause in ClauseFactory.create_batch(5, treaty=treaty):
        ClauseTextFactory.create_batch(2, clause=clause)
    ReactionFactory.create_batch(5, treaty=treaty)
    with django_assert_num_queries(22):
        client.get(page)


def test_treaty_page_groups_articles_by_topic(client, record):
    html = client.get(url("treaties:detail", "en", slug="russia-dprk-2024")).content.decode()
    assert "Articles by topic" in html
    assert html.index(">Mutual defence</h3>") < html.index(">Sanctions and coercive measures</h3>")
    assert 'See also <a href="#clause-4">Article 4: Military assistance without delay</a>' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Page not found"), ("ar", "الصفحة غير موجودة")]
)
def test_a_missing_page_is_the_sites_own_404_in_the_readers_language(client, language, heading):
    response = client.get(f"/{language}/treaties/no-such-treaty/")
    html = response.content.decode()
    assert response.status_code == 404
    assert heading in html
    assert f'lang="{language}"' in html
    assert f'href="/{language}/"' in html


def test_list_pages_through_the_treaties_with_their_own_link_texts(client):
    TreatyFactory.create_batch(51)
    first = client.get(url("treaties:list", "en")).content.decode()
    assert 'rel="next" href="?page=2">Later treaties</a>' in first
    assert '<span aria-current="page">Page 1 of 2</span>' in first
    second = client.get(url("treaties:list", "en"), {"page": 2}).content.decode()
    assert 'rel="prev" href="?page=1">Earlier treaties</a>' in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize(
    ("language", "signed", "ended", "month"),
    [
        ("en", "1 January 2000", "9 March 2010", "April 2000"),
        ("ar", "1 يناير 2000", "9 مارس 2010", "إبريل 2000"),
    ],
)
def test_dates_are_time_elements_as_precise_as_the_sources(client, language, signed, ended, month):
    treaty = TreatyFactory()  # signed on 1 January 2000
    treaty.ended_on, treaty.end_reason = treaty.signed_on.replace(2010, 3, 9), "lapsed"
    treaty.save()
    EventFactory(treaty=treaty, date_precision="month")
    detail = client.get(url("treaties:detail", language, slug=treaty.slug)).content.decode()
    assert f'<time datetime="2000-01-01">{signed}</time>' in detail
    assert f'<time datetime="2010-03-09">{ended}</time>' in detail
    assert f'<time datetime="2000-04-01">{month}</time>' in detail
    listing = client.get(url("treaties:list", language)).content.decode()
    assert f'<time datetime="2000-01-01">{signed}</time>' in listing
    assert f'<time datetime="2010-03-09">{ended}</time>' in listing


def form_errors(html: str) -> str:
    """The page's one form-errors block (failing if there are none or several)."""
    assert html.count('class="form-errors"') == 1
    start = html.index('<div class="form-errors" role="alert">')
    return html[start : html.index("</div>", start)]


def test_a_refused_comparison_says_why_under_its_heading(client, record):
    response = client.get(
        url("treaties:compare", "en"), {"treaties": ["ussr-dprk-1961", "nope"], "topics": "x"}
    )
    assert response.status_code == 400
    errors = form_errors(response.content.decode())
    assert "<h2>This comparison cannot be made</h2>" in errors
    assert (
        '<li><span class="field-name">Treaties</span>: There is no treaty nope.</li>'
        '<li><span class="field-name">Topics</span>: There is no topic x.</li>'
    ) in errors


def test_a_refused_wording_comparison_lists_each_reason(client, record):
    response = client.get(
        url("treaties:compare-wording", "en"), {"topic": "nope", "old": "ussr-dprk-1961"}
    )
    assert response.status_code == 400
    errors = form_errors(response.content.decode())
    assert "<h2>" not in errors
    assert (
        '<li><span class="field-name">Topic</span>: There is no topic nope.</li>'
        '<li><span class="field-name">Later treaty</span>: This field is required.</li>'
    ) in errors


def test_a_bare_wording_address_names_each_missing_field(client, record):
    response = client.get(url("treaties:compare-wording", "en"))
    assert response.status_code == 400
    errors = form_errors(response.content.decode())
    for label in ("Topic", "Earlier treaty", "Later treaty"):
        assert f'<span class="field-name">{label}</span>: This field is required.' in errors


def test_back_to_the_comparison_keeps_the_treaties_compared(client, record):
    compare = client.get(url("treaties:compare", "en")).content.decode()
    diff_link = compare.split('id="wording-mutual-defence"')[0].rsplit('<a href="', 1)[1]
    diff_link = diff_link.split('"')[0].replace("&amp;", "&")
    assert "compared=russia-dprk-2000" in diff_link
    html = client.get(diff_link).content.decode()
    back = html.split("Back to the comparison")[0].rsplit('<a href="', 1)[1].split('"')[0]
    assert back == (
        "/en/compare/?treaties=ussr-dprk-1961&amp;treaties=russia-dprk-2000"
        "&amp;treaties=russia-dprk-2024#topic-mutual-defence"
    )
    bare = client.get(url("treaties:compare-wording", "en"), {"old": "x", "new": "y"})
    back = bare.content.decode().split("Back to the comparison")[0].rsplit('<a href="', 1)[1]
    assert back.startswith('/en/compare/?treaties=x&amp;treaties=y"')


ARTICLE_4 = {"treaty_slug": "russia-dprk-2024", "slug": "russia-dprk-2024-art-4"}


def test_an_article_has_a_page_of_its_own(client, record):
    response = client.get(url("treaties:clause-detail", "en", **ARTICLE_4))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Article 4: Military assistance without delay · 2024 Comprehensive" in html
    assert '<span class="clause-number">Article 4</span>' in html
    assert "Art. 51 of the UN Charter" in html  # its summary
    assert '<blockquote lang="en" dir="ltr">In the event that either party' in html
    assert "<mark>without delay</mark>" in html
    # Every text, each labelled for what it is: KCNA's English, then the Chosun Ilbo's.
    assert html.index("Official translation</span>, English, as printed by") < html.index(
        "Published translation</span>, English, as printed by"
    )
    assert '<span class="topic">Mutual defence</span>' in html  # every topic, even the first
    assert "Assistance without delay, under stated conditions" in html  # its obligation
    assert 'href="https://' in html  # its sources
    assert 'href="/en/treaties/russia-dprk-2024/#clause-4"' in html
    assert 'href="/en/treaties/russia-dprk-2024/">2024 Comprehensive' in html
    assert 'id="changes-heading"' in html
    assert "No edit has been made to this article since it was published." in html


def test_an_article_no_source_prints_says_its_text_was_not_found(client, record):
    html = client.get(
        url(
            "treaties:clause-detail",
            "en",
            treaty_slug="russia-dprk-2000",
            slug="russia-dprk-2000-art-2",
        )
    ).content.decode()
    assert "Text not found: no source we hold prints this article’s wording" in html
    assert "<blockquote" not in html


def test_an_article_page_in_arabic_is_right_to_left(client, record):
    html = client.get(url("treaties:clause-detail", "ar", **ARTICLE_4)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "المساعدة العسكرية دون تأخير" in html
    assert '<blockquote lang="en" dir="ltr">In the event' in html
    assert 'href="/ar/treaties/russia-dprk-2024/#clause-4"' in html
    assert 'href="/en/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/"' in html


def test_the_treaty_page_links_each_article_to_its_page(client, record):
    html = client.get(url("treaties:detail", "en", slug="russia-dprk-2024")).content.decode()
    assert (
        '<a class="clause-number" href="/en/treaties/russia-dprk-2024/articles/'
        'russia-dprk-2024-art-4/">Article 4</a>'
    ) in html


@pytest.mark.parametrize(
    ("treaty_slug", "slug"),
    [
        ("russia-dprk-2024", "no-such-article"),
        ("ussr-dprk-1961", "russia-dprk-2024-art-4"),  # an article of another treaty
    ],
)
def test_an_article_under_the_wrong_treaty_or_none_is_404(client, record, treaty_slug, slug):
    page = url("treaties:clause-detail", "en", treaty_slug=treaty_slug, slug=slug)
    assert client.get(page).status_code == 404


@pytest.mark.parametrize("draft", ["article", "treaty"])
def test_a_draft_articles_page_is_seen_by_curators_only(client, django_user_model, roles, draft):
    clause = ClauseFactory(heading_en="A heading in preview")
    draft_record = clause if draft == "article" else clause.treaty
    draft_record.publication = "draft"
    draft_record.save()
    page = clause.get_absolute_url()
    assert client.get(page).status_code == 404
    staff, _user = staff_client(client, django_user_model, "curator")
    html = staff.get(page).content.decode()
    assert "A heading in preview" in html
    assert "badge-draft" in html


def test_article_page_query_count_does_not_grow_with_topics_sources_or_edits(
    client, django_user_model, roles, django_assert_num_queries
):
    clause = ClauseFactory(topics=TopicFactory.create_batch(2))
    Alignment.objects.create(
        old_treaty=clause.treaty,
        old_clause=clause,
        new_treaty=TreatyFactory(signed_on=date(2024, 6, 19)),
        relation="dropped",
        note_en="n",
        note_ar="ن",
    )
    page = clause.get_absolute_url()
    # Intended to prevent an n+1: the article with its treaty, its topics, its sources, its texts
    # (with their sources), its aligned articles (with their sources), and its change log (its
    # versions; the roles of those who edited), and the record's version its Cite box names.
    with django_assert_num_queries(9):
        client.get(page)
    clause.topics.add(*TopicFactory.create_batch(3))
    clause.sources.add(*SourceFactory.create_batch(3))
    ClauseTextFactory.create_batch(3, clause=clause)
    staff, _user = staff_client(Client(), django_user_model, "curator")
    for heading in ("Consultation and talks", "Consultation, talks and aid"):
        edit_in_admin(staff, clause, {"heading_en": heading}, reason="Per the text")
    with django_assert_num_queries(10):
        response = client.get(page)
    assert "Consultation, talks and aid" in response.content.decode()
