"""The obligation coding explained: the methodology page, and every coded cell linked to it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core.models import Publication
from tests.admin_helpers import staff_client
from tests.api_helpers import api
from tests.factories import ClauseFactory, TreatyFactory
from treaties.models import Clause, ObligationLevel, TopicNote, Treaty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_what_each_level_means(client, record):
    html = page(client, reverse("treaties:methodology"))
    for level in ObligationLevel:
        assert str(level.label) in html
        assert escape(level.criteria) in html
    assert "Article 51 of the UN Charter" in html


def test_every_coded_article_and_note_has_its_reason_on_the_page(client, record):
    html = page(client, reverse("treaties:methodology"))
    coded = [*Clause.objects.filter(obligation_level__isnull=False)]
    coded += [*TopicNote.objects.filter(obligation_level__isnull=False)]
    assert len(coded) == 8  # the three treaties' five, and one guarantee of each reference
    for record_coded in coded:
        assert f'id="{record_coded.coding_id}"' in html
        reason = getattr(record_coded, "obligation_reason_en", None) or record_coded.note_en
        assert escape(reason) in html
    # The words the coding rests on, quoted in the text's language.
    assert '<li><q lang="en" dir="ltr">without delay</q></li>' in html


def test_atops_codes_stand_beside_ours(client, record):
    html = page(client, reverse("treaties:methodology"))
    table = html[html.index('atop-table"') :]
    assert "<td>3440</td>" in table
    assert "<td>4940</td>" in table
    rows = re.findall(r"<tr>.*?</tr>", table, flags=re.S)
    soviet = next(row for row in rows if "3440" in row)
    assert re.findall(r"<td>(\d)</td>", soviet) == ["1", "0", "0", "1", "0"]
    assert "/treaties/russia-dprk-2024/" not in table  # ATOP's data ends in 2018


def test_every_coded_cell_of_the_comparison_links_to_its_reason(client, record):
    compare = page(client, reverse("treaties:compare"))
    links = re.findall(r'href="(/en/methodology/\?treaty=[\w-]+)#([\w-]+)"', compare)
    # Three glance items and the five coded cells of the two defence rows.
    assert len(links) == 8
    for address, anchor in links:
        assert f'id="{anchor}"' in page(client, address)


def test_a_treatys_codings_are_shown_alone(client, record):
    html = page(client, reverse("treaties:methodology") + "?treaty=russia-dprk-2000")
    assert "Each coding of the 2000 Russia–DPRK Treaty, and its reason" in html
    assert "<title>2000 Russia–DPRK Treaty · How the promises are coded · " in html
    codings = re.findall(r'<li id="(coding-[\w-]+)" class="coding">', html)
    assert codings == ["coding-russia-dprk-2000-art-2", "coding-russia-dprk-2000-mutual-defence"]
    assert 'href="/en/methodology/#codings-heading"' in html


@pytest.mark.parametrize("treaty", ["no-such-treaty", "a b", "russia-dprk-2000-art-2", "²"])
def test_a_treaty_not_coded_or_not_there_is_a_404(client, record, treaty):
    response = client.get(reverse("treaties:methodology"), {"treaty": treaty})
    assert response.status_code == 404


def test_an_empty_treaty_filters_nothing(client, record):
    html = page(client, reverse("treaties:methodology") + "?treaty=")
    assert len(re.findall(r'<li id="coding-[\w-]+" class="coding">', html)) == 8


def test_a_draft_treatys_codings_are_a_curators_alone(client, django_user_model, record, roles):
    draft = TreatyFactory(slug="draft-pact", publication=Publication.DRAFT)
    coded = {"obligation_level": ObligationLevel.CONSULTATION, "obligation_reason_ar": "مسودة."}
    ClauseFactory(treaty=draft, obligation_reason_en="Draft coding.", **coded)
    published = Treaty.objects.get(slug="russia-dprk-2000")
    ClauseFactory(treaty=published, publication=Publication.DRAFT, number="99", order=99,
                  obligation_reason_en="Draft article.", **coded)  # fmt: skip
    every = reverse("treaties:methodology")
    assert "Draft" not in page(client, every)
    assert client.get(every, {"treaty": "draft-pact"}).status_code == 404
    assert "Draft article." not in page(client, every + "?treaty=russia-dprk-2000")
    curator, _user = staff_client(client, django_user_model, "curator")
    assert "Draft coding." in page(curator, every + "?treaty=draft-pact")
    assert "Draft article." in page(curator, every + "?treaty=russia-dprk-2000")


def test_the_codings_come_a_page_of_treaties_at_a_time(client, record, django_assert_num_queries):
    """A record of many coded treaties is not one page of all their articles."""
    for treaty in TreatyFactory.create_batch(12, signed_on=datetime.date(2030, 1, 1)):
        for level in (ObligationLevel.CONSULTATION, ObligationLevel.AUTOMATIC_ASSISTANCE):
            ClauseFactory(
                treaty=treaty,
                obligation_level=level,
                obligation_reason_en=f"Coded {treaty.slug}.",
                obligation_reason_ar="مرمّزة.",
            )
    with django_assert_num_queries(10):
        first = page(client, reverse("treaties:methodology"))
    with django_assert_num_queries(11):  # 2 to count the codings numbered before it
        last = page(client, reverse("treaties:methodology") + "?page=2")
    shown = re.findall(r"<p>Coded (treaty-\d+)\.</p>", first + last)
    later = sorted(Treaty.objects.filter(signed_on__year=2030).values_list("slug", flat=True))
    assert sorted(shown) == sorted(later * 2)  # each of the twelve's two articles, once
    # The real record's six coded treaties come first; ten a page leaves eight for the second.
    assert len(re.findall(r"<p>Coded", last)) == 16
    assert "Page 2 of 2" in last
    assert client.get(reverse("treaties:methodology") + "?page=3").status_code == 404
    # The second page numbers its codings on from the first's.
    assert '<ol class="codings">' in first
    numbered_first = len(re.findall(r'<li id="coding-[^"]+" class="coding">', first))
    assert f'<ol class="codings" start="{numbered_first + 1}">' in last


def test_the_glance_names_the_article_its_level_comes_from(client, record):
    compare = page(client, reverse("treaties:compare"))
    glance = compare[compare.index('class="at-a-glance"') : compare.index("</section>")]
    assert "from Article 2" in glance  # the 2000 treaty: consultation, not "No obligation"
    assert "from Article 4" in glance
    assert "#coding-russia-dprk-2000-art-2" in glance
    assert "How the scale is coded" in compare


def test_the_page_reads_in_arabic(client, record):
    with translation.override("ar"):
        html = page(client, reverse("treaties:methodology"))
    assert 'dir="rtl"' in html
    assert escape(Clause.objects.get(slug="russia-dprk-2024-art-4").obligation_reason_ar) in html


def test_the_page_makes_a_fixed_number_of_queries(client, record, django_assert_num_queries):
    with django_assert_num_queries(10):
        client.get(reverse("treaties:methodology"))


def test_a_coded_article_needs_its_reason_in_both_languages(record):
    clause = Clause.objects.get(slug="ussr-dprk-1961-art-2")
    clause.obligation_level = ObligationLevel.CONSULTATION
    with pytest.raises(ValidationError) as refused:
        clause.full_clean()
    assert "obligation_reason_en" in refused.value.message_dict
    clause.obligation_reason_en, clause.obligation_reason_ar = "Consults only.", "تشاور فقط."
    clause.full_clean()


@pytest.mark.parametrize(
    "codes", [{"defence": 1}, {"defense": 2}, {"defense": True}, ["defense"], "1"]
)
def test_atop_codes_are_named_ones_and_zeros(record, codes):
    treaty = Treaty.objects.get(slug="ussr-dprk-1961")
    treaty.atop_obligations = codes
    with pytest.raises(ValidationError) as refused:
        treaty.full_clean()
    assert "atop_obligations" in refused.value.message_dict


def test_the_api_gives_the_codes_and_the_reasons(client, record):
    treaty = client.get(api("treaties/ussr-dprk-1961/")).json()
    assert treaty["atop_id"] == 3440
    assert treaty["atop_obligations"]["defense"] == 1
    clause = client.get(api("clauses/russia-dprk-2024-art-4/")).json()
    assert clause["obligation_reason"]["en"].startswith("Level 2")
    assert clause["obligation_reason"]["ar"]


def test_an_uncoded_articles_reason_reads_as_empty_text(client, record):
    """Its language columns are NULL in the database; the schema says string, so it is ""."""
    uncoded = Clause.objects.filter(obligation_level=None).first()
    assert Clause.objects.filter(pk=uncoded.pk, obligation_reason_en=None).exists()
    clause = client.get(api(f"clauses/{uncoded.slug}/")).json()
    assert clause["obligation_reason"] == {"en": "", "ar": ""}
