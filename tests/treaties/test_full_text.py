"""A treaty's full text: the document article by article, in one language or two side by side."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ClauseFactory, ClauseTextFactory, TreatyFactory
from treaties.models import TextKind

pytestmark = pytest.mark.django_db


def full_text(client, slug, page_language="en", **params):
    with translation.override(page_language):
        url = reverse("treaties:full-text", kwargs={"slug": slug})
    return client.get(url, params)


def test_every_article_up_to_the_sourced_count_is_listed_in_order(client, record):
    html = full_text(client, "russia-dprk-2024").content.decode()
    positions = [html.index(f'id="article-{number}"') for number in range(1, 24)]
    assert positions == sorted(positions)
    # Article 9: in the count, but no source gives its content.
    article_9 = html[positions[8] : positions[9]]
    assert "Not found: no source we hold gives this article’s content." in article_9
    assert "Military assistance without delay" in html
    assert html.index('id="article-23"') < html.index('id="provision-')  # unnumbered last


def test_each_text_is_labelled_for_what_it_is(client, record):
    html = full_text(client, "russia-dprk-2024").content.decode()
    assert "Official translation</span>, English, as printed by" in html
    assert "Published translation</span>, English, as printed by" in html
    assert "part of the article: the source prints no more" in html
    assert "Summary; text not found:" in html  # Art. 8: no wording held


def test_two_languages_side_by_side(client):
    treaty = TreatyFactory()
    clause = ClauseFactory(treaty=treaty, number="1", order=1)
    ClauseTextFactory(clause=clause, text="The parties shall consult.")
    ClauseTextFactory(clause=clause, language="ru", kind=TextKind.AUTHENTIC, text="Стороны")
    response = full_text(client, treaty.slug, page_language="ar", language="ru", beside="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ft-columns ft-columns-2"' in html
    assert html.index('lang="ru" dir="ltr">Стороны') < html.index('lang="en" dir="ltr">The parties')
    assert "النص الرسمي المعتمد" in html  # "Authentic text", in the page's language


def test_the_page_language_is_read_first_when_a_text_is_held_in_it(client):
    treaty = TreatyFactory()
    clause = ClauseFactory(treaty=treaty, number="1", order=1)
    ClauseTextFactory(clause=clause, text="English words")
    ClauseTextFactory(clause=clause, language="ar", kind=TextKind.PROJECT_TRANSLATION, text="كلمات")
    html = full_text(client, treaty.slug, page_language="ar").content.decode()
    assert 'lang="ar" dir="rtl">كلمات' in html
    assert "English words" not in html
    assert "ترجمة غير رسمية من هذا المشروع" in html  # labelled as ours, not a quote


@pytest.mark.parametrize(
    "params",
    [{"language": "xx"}, {"beside": "de"}, {"language": "ar"}],
)
def test_a_language_the_treaty_has_no_text_in_is_a_400(client, record, params):
    response = full_text(client, "ussr-dprk-1961", **params)
    assert response.status_code == 400
    assert "No article of this treaty has a text in" in response.content.decode()


def test_a_treaty_without_any_text_lists_its_summaries(client, record):
    response = full_text(client, "russia-dprk-2000")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No source we hold prints the wording of any of this treaty’s articles" in html
    assert "<blockquote" not in html


def test_the_full_text_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    treaty = TreatyFactory(article_count=40)
    for number in (1, 2):
        ClauseTextFactory(clause=ClauseFactory(treaty=treaty, number=str(number), order=number))
    # Intended to prevent an n+1: the treaty and what treaty_record() prefetches, its articles'
    # texts (with their sources) included, and the latest release the footer names.
    with django_assert_num_queries(12):
        full_text(client, treaty.slug)
    for number in range(3, 10):
        clause = ClauseFactory(treaty=treaty, number=str(number), order=number)
        ClauseTextFactory.create_batch(2, clause=clause)
    with django_assert_num_queries(12):
        full_text(client, treaty.slug)


def test_the_treaty_page_links_to_its_full_text(client, record):
    with translation.override("en"):
        html = client.get(reverse("treaties:detail", kwargs={"slug": "ussr-dprk-1961"})).content
    assert b'href="/en/treaties/ussr-dprk-1961/text/"' in html


def test_the_1961_treaty_reads_in_english_beside_chinese(client, record):
    response = full_text(client, "ussr-dprk-1961", language="en", beside="zh")
    html = response.content.decode()
    assert response.status_code == 200
    article_1 = html[html.index('id="article-1"') : html.index('id="article-2"')]
    assert 'lang="en" dir="ltr">The Contracting Parties declare' in article_1
    assert 'lang="zh" dir="ltr">缔约双方宣布' in article_1
    assert "Published translation</span>, Chinese" in article_1
    # Art. 5 in English only, cut where the source breaks off; no Chinese text of it.
    article_5 = html[html.index('id="article-5"') : html.index('id="article-6"')]
    assert "with th" in article_5
    assert "No Chinese text of this article found." in article_5


@pytest.mark.parametrize("number", ["²", "04", "٣"])
def test_an_unusual_article_number_is_listed_as_printed(client, number):
    treaty = TreatyFactory(article_count=2)
    ClauseFactory(treaty=treaty, number=number, order=1, heading_en="Odd number")
    ClauseFactory(treaty=treaty, number="4", order=2)
    response = full_text(client, treaty.slug)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Odd number" in html
    assert 'id="article-4"' in html
