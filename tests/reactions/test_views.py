from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reactions.models import Reaction
from tests.admin_helpers import edit_in_admin, staff_client
from tests.factories import ReactionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def reactions_url(language="en", **params):
    with translation.override(language):
        url = reverse("reactions:list")
    return f"{url}?{urlencode(params)}" if params else url


def test_all_reactions_are_listed_with_speaker_date_quote_and_source(client, record):
    response = client.get(reactions_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{Reaction.objects.count()} reactions" in html
    assert "Antony Blinken" in html
    assert "US Secretary of State" in html
    assert "18 June 2024" in html
    assert "cut off the support" in html
    assert 'href="https://m.koreatimes.co.kr/' in html


@pytest.mark.parametrize(
    ("params", "expected", "unexpected"),
    [
        ({"party": "china"}, "Sun Weidong", "Antony Blinken"),
        ({"stance": "supportive"}, "Kim Jong Un", "Antony Blinken"),
        ({"party": "rok", "stance": "critical"}, "Kim Hong-kyun", "no red lines left"),
        ({"treaty": "russia-dprk-2024"}, "Josep Borrell", "No reaction matches"),
        ({"treaty": "ussr-dprk-1961"}, "No reaction matches", "Antony Blinken"),
    ],
)
def test_filters(client, record, params, expected, unexpected):
    html = client.get(reactions_url(**params)).content.decode()
    assert expected in html
    assert unexpected not in html


def test_arabic_reactions_page(client, record):
    html = client.get(reactions_url("ar", party="dprk")).content.decode()
    assert 'dir="rtl"' in html
    assert "رد فعل واحد" in html  # one reaction, in Arabic's singular form
    assert "هذا الاتفاق هو أقوى معاهدة بيننا على الإطلاق" in html


def test_htmx_filter_returns_only_the_results(client, record):
    response = client.get(reactions_url(stance="neutral"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Lin Jian" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"party": "atlantis"}, "There is no party atlantis with reactions."),
        ({"stance": "delighted"}, "delighted is not a stance."),
        ({"treaty": "no-such-treaty"}, "There is no treaty no-such-treaty."),
    ],
)
def test_bad_filters_get_a_400_with_the_reason(client, record, params, message):
    response = client.get(reactions_url(**params))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_reactions_page_query_count_does_not_grow(client, django_assert_num_queries):
    ReactionFactory.create_batch(3)
    # Intended to prevent an n+1: party and treaty choices 2, count 1, page 1, sources 1, the
    # latest release the footer names 1.
    with django_assert_num_queries(6):
        client.get(reactions_url())
    ReactionFactory.create_batch(20)
    with django_assert_num_queries(6):
        client.get(reactions_url())


def test_long_lists_are_paginated(client):
    ReactionFactory.create_batch(55)
    first = client.get(reactions_url()).content.decode()
    assert "55 reactions" in first
    assert "Page 1 of 2" in first
    second = client.get(reactions_url(page=2)).content.decode()
    assert second.count('class="reaction ') == 5


@pytest.mark.parametrize("number", ["3", "0", "two", "1.5"])
def test_a_page_that_does_not_exist_is_a_404(client, number):
    # As on the treaty list and the timeline: a URL that names nothing is not a nearby page.
    ReactionFactory.create_batch(55)
    response = client.get(reactions_url(page=number))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_pages_keep_the_filters_and_name_the_page_once(client):
    ReactionFactory.create_batch(55, stance=Reaction.Stance.CRITICAL)
    first = client.get(reactions_url(party="", stance="critical")).content.decode()
    assert 'rel="next" href="?party=&amp;stance=critical&amp;page=2">Next</a>' in first
    assert '<span aria-current="page">Page 1 of 2</span>' in first
    # The page in the middle of the query string stays there, replaced and not repeated.
    second = client.get(reactions_url(page=2, stance="critical")).content.decode()
    assert 'rel="prev" href="?page=1&amp;stance=critical">Previous</a>' in second
    assert 'rel="next"' not in second


def test_the_pages_of_an_htmx_answer_keep_the_filters(client):
    ReactionFactory.create_batch(55)
    fragment = client.get(
        reactions_url(stance="neutral"), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="results"')
    assert 'rel="next" href="?stance=neutral&amp;page=2">Next</a>' in fragment


def test_bad_filters_are_listed_once_each_in_one_alert(client, record):
    html = client.get(reactions_url(party="atlantis", stance="delighted")).content.decode()
    assert html.count('class="form-errors"') == 1
    assert (
        '<ul><li><span class="field-name">Who reacted</span>: '
        "There is no party atlantis with reactions.</li>"
        '<li><span class="field-name">Stance</span>: delighted is not a stance.</li></ul>'
    ) in html
    assert 'class="pagination"' not in html


def reaction_url(slug: str, language="en") -> str:
    with translation.override(language):
        return reverse("reactions:detail", kwargs={"slug": slug})


def test_a_reaction_has_a_page_of_its_own(client, record):
    response = client.get(reaction_url("blinken-russia-desperation"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="reaction-heading">United States: Antony Blinken' in html
    assert "US Secretary of State" in html
    assert '<time datetime="2024-06-18">18 June 2024</time>' in html
    assert "cut off the support" in html
    assert 'On <a href="/en/treaties/russia-dprk-2024/">' in html
    assert 'href="/en/reactions/">All reactions</a>' in html
    assert 'id="changes-heading"' in html
    assert "No edit has been made to this reaction since it was published." in html


def test_a_reaction_page_in_arabic_is_right_to_left(client, record):
    html = client.get(reaction_url("kim-jong-un-strongest-treaty", "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "كيم جونغ أون" in html
    assert '<blockquote lang="ar" dir="auto">هذا الاتفاق' in html
    assert 'href="/ar/treaties/russia-dprk-2024/"' in html


def test_the_reactions_and_the_treaty_page_link_each_reaction_to_its_page(client, record):
    page = reaction_url("blinken-russia-desperation")
    link = f'<a href="{page}">United States: Antony Blinken</a>'
    assert link in client.get(reactions_url()).content.decode()
    with translation.override("en"):
        treaty_page = reverse("treaties:detail", kwargs={"slug": "russia-dprk-2024"})
    assert link in client.get(treaty_page).content.decode()


def test_an_unknown_reaction_is_404(client, record):
    assert client.get(reaction_url("no-such-reaction")).status_code == 404


@pytest.mark.parametrize("draft", ["reaction", "treaty"])
def test_a_draft_reactions_page_is_seen_by_curators_only(client, django_user_model, roles, draft):
    reaction = ReactionFactory(summary_en="A summary in preview")
    draft_record = reaction if draft == "reaction" else reaction.treaty
    draft_record.publication = "draft"
    draft_record.save()
    page = reaction.get_absolute_url()
    assert client.get(page).status_code == 404
    staff, _user = staff_client(client, django_user_model, "curator")
    html = staff.get(page).content.decode()
    assert "A summary in preview" in html
    assert "badge-draft" in html


def test_a_reactions_page_lists_its_published_edits(client, django_user_model, roles, record):
    staff, user = staff_client(Client(), django_user_model, "editor")
    user.username = "zarina.quill"
    user.save()
    reaction = Reaction.objects.get(slug="blinken-russia-desperation")
    other = Reaction.objects.get(slug="blinken-cho-call")
    edit_in_admin(staff, reaction, {"speaker_office_en": "Secretary of State"}, reason="Shorter")
    edit_in_admin(staff, other, {"speaker_office_en": "Top US diplomat"}, reason="Plainer")
    html = client.get(reaction.get_absolute_url()).content.decode()
    changes = html[html.index('id="changes-heading"') :]
    assert "Edits to this reaction since it was published" in changes
    assert "<del><bdi>US Secretary of State</bdi></del>" in changes
    assert "<ins><bdi>Secretary of State</bdi></ins>" in changes
    assert "Shorter" in changes
    assert "changed by an editor" in changes
    assert user.username not in changes
    assert "Top US diplomat" not in changes


def test_reaction_page_query_count_does_not_grow_with_sources_or_edits(
    client, django_user_model, roles, django_assert_num_queries
):
    reaction = ReactionFactory()
    page = reaction.get_absolute_url()
    # Intended to prevent an n+1: the reaction with its party and treaty, its sources, and its
    # change log (its versions; the roles of those who edited them), the record's version its
    # Cite box names, and the latest release the footer names.
    with django_assert_num_queries(5):
        client.get(page)
    reaction.sources.add(*SourceFactory.create_batch(3))
    staff, _user = staff_client(Client(), django_user_model, "curator")
    for summary in ("Noted the treaty.", "Noted the treaty at once."):
        edit_in_admin(staff, reaction, {"summary_en": summary}, reason="Per the readout")
    with django_assert_num_queries(6):
        response = client.get(page)
    assert "Noted the treaty at once." in response.content.decode()
