"""'What was in force on ...': the page, its API and the timeline's links to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Publication
from tests.factories import TreatyFactory
from treaties import selectors
from treaties.models import ObligationLevel, Treaty

pytestmark = pytest.mark.django_db


def in_force_slugs(day: datetime.date) -> list[str]:
    return [entry.treaty.slug for entry in selectors.in_force_on(day).treaties]


@pytest.mark.parametrize(
    ("day", "slugs"),
    [
        (datetime.date(1961, 7, 5), []),
        (datetime.date(1961, 7, 6), ["ussr-dprk-1961"]),
        (datetime.date(1980, 1, 1), ["ussr-dprk-1961"]),
        (datetime.date(1996, 9, 9), ["ussr-dprk-1961"]),
        (datetime.date(1996, 9, 10), []),
        (datetime.date(1999, 6, 1), []),
        (datetime.date(2000, 10, 30), ["russia-dprk-2000"]),
        (datetime.date(2024, 7, 1), ["russia-dprk-2000"]),
        (datetime.date(2024, 12, 4), ["russia-dprk-2024"]),
    ],
)
def test_the_treaty_in_force_each_day(record, day, slugs):
    assert in_force_slugs(day) == slugs


def test_between_1996_and_2000_the_gap_names_both_ends(record):
    answer = selectors.in_force_on(datetime.date(1999, 6, 1))
    assert answer.is_gap
    assert answer.ended_before.slug == "ussr-dprk-1961"
    assert answer.in_force_after.slug == "russia-dprk-2000"
    assert answer.signed == []


def test_a_signed_treaty_waits_for_its_entry_into_force(record):
    answer = selectors.in_force_on(datetime.date(2024, 7, 1))
    assert [treaty.slug for treaty in answer.signed] == ["russia-dprk-2024"]
    gap_year = selectors.in_force_on(datetime.date(2000, 5, 1))
    assert gap_year.is_gap
    assert [treaty.slug for treaty in gap_year.signed] == ["russia-dprk-2000"]


def test_before_the_first_signing_there_is_no_gap_but_a_first_treaty(record):
    answer = selectors.in_force_on(datetime.date(1950, 1, 1))
    assert not answer.is_gap
    assert answer.treaties == []
    assert answer.signed == []
    assert answer.in_force_after.slug == "ussr-dprk-1961"


def test_each_treaty_in_force_carries_its_defence_obligation_and_article(record):
    (entry,) = selectors.in_force_on(datetime.date(1980, 1, 1)).treaties
    assert entry.defence.obligation == ObligationLevel.AUTOMATIC_ASSISTANCE
    assert entry.obligation_article.treaty.slug == "ussr-dprk-1961"
    assert entry.treaty.replaced_by.get().slug == "russia-dprk-2000"


def test_reference_treaties_and_drafts_are_left_out(record):
    day = datetime.date(1980, 1, 1)
    assert "nato-1949" not in in_force_slugs(day)
    TreatyFactory(signed_on=datetime.date(1970, 1, 1), entry_into_force=datetime.date(1970, 1, 1),
                  publication=Publication.DRAFT, slug="draft-pact")  # fmt: skip
    assert "draft-pact" not in in_force_slugs(day)
    assert "draft-pact" in [e.treaty.slug for e in selectors.in_force_on(day, drafts=True).treaties]


def test_query_count_does_not_grow_with_the_treaties(
    record, django_assert_num_queries, django_assert_max_num_queries
):
    day = datetime.date(2010, 1, 1)
    with django_assert_num_queries(11):
        selectors.in_force_on(day)
    older = Treaty.objects.get(slug="russia-dprk-2000")
    for year in range(2001, 2006):
        TreatyFactory(signed_on=datetime.date(year, 1, 1), entry_into_force=None, replaces=older)
        TreatyFactory(
            signed_on=datetime.date(year, 1, 1),
            entry_into_force=datetime.date(year, 2, 1),
            replaces=older,
        )
    with django_assert_max_num_queries(13):
        answer = selectors.in_force_on(day)
    assert len(answer.treaties) == 6
    assert len(answer.signed) == 5
    with django_assert_max_num_queries(11):
        selectors.in_force_on(datetime.date(1999, 1, 1))


def test_the_page_answers_the_gap_plainly_in_both_languages(client, record):
    response = client.get(reverse("treaties:in-force") + "?date=1999-06-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No treaty between the parties was in force on this day." in html
    assert "10 September 1996" in html
    assert "30 October 2000" in html
    # ATOP's end date, which other sources put a year earlier, is marked.
    assert "unconfirmed" in html
    with translation.override("ar"):
        url = reverse("treaties:in-force")
    arabic = client.get(url + "?date=1999-06-01").content.decode()
    assert 'dir="rtl"' in arabic
    assert "لم تكن أي معاهدة بين الطرفين سارية في هذا اليوم." in arabic


def test_the_page_shows_the_treaty_with_its_obligation_and_neighbours(client, record):
    html = client.get(reverse("treaties:in-force") + "?date=2010-01-01").content.decode()
    assert "2000 Russia–DPRK Treaty" in html
    assert "1961 Soviet–DPRK Treaty" in html  # what it replaced
    assert "2024 Comprehensive Strategic Partnership Treaty" in html  # what replaced it
    assert str(ObligationLevel.CONSULTATION.label) in html


def test_an_unknown_entry_into_force_is_said_not_guessed(client, record):
    html = client.get(reverse("treaties:in-force") + "?date=1961-08-01").content.decode()
    assert "A date no source gives." in html
    assert "10 September 1961" not in html  # the fact sheet's inference is not shown as a fact


def test_without_a_date_the_page_answers_for_today(client, record):
    response = client.get(reverse("treaties:in-force"))
    assert response.status_code == 200
    assert response.context["answer"].day == datetime.date.today()


@pytest.mark.parametrize("bad", ["", "1999-13-01", "yesterday", "99999-01-01", "1" * 300])
def test_a_bad_date_is_a_form_error_not_a_500(client, record, bad):
    response = client.get(reverse("treaties:in-force"), {"date": bad})
    assert response.status_code == 400
    assert "Give a date as year-month-day" in response.content.decode()


def test_the_api_answers_the_same(client, record):
    body = client.get("/api/v2/in-force/?date=2010-01-01").json()
    assert body["date"] == "2010-01-01"
    assert body["gap"] is False
    (entry,) = body["in_force"]
    assert entry["treaty"]["slug"] == "russia-dprk-2000"
    assert entry["treaty"]["replaces"].endswith("/api/v2/treaties/ussr-dprk-1961/")
    assert entry["treaty"]["replaced_by"] == ["http://testserver/api/v2/treaties/russia-dprk-2024/"]
    assert entry["obligation"]["level"] == ObligationLevel.CONSULTATION
    assert set(entry["obligation"]["label"]) == {"en", "ar"}
    assert "/api/v2/clauses/russia-dprk-2000-" in entry["obligation_article"]


def test_the_api_says_so_in_a_gap(client, record):
    body = client.get("/api/v1/in-force/?date=1999-06-01").json()
    assert body["gap"] is True
    assert body["in_force"] == []
    assert body["ended_before"]["slug"] == "ussr-dprk-1961"
    assert body["ended_before"]["ended_on_certainty"] == "unconfirmed"
    assert body["in_force_after"]["entry_into_force"] == "2000-10-30"


def test_the_api_refuses_a_bad_date_in_json(client, record):
    response = client.get("/api/v2/in-force/?date=1999-02-30")
    assert response.status_code == 400
    assert "date" in response.json()


def test_the_api_root_lists_it(client):
    assert client.get("/api/v2/").json()["in-force"].endswith("/api/v2/in-force/")


def test_the_timeline_links_each_year_to_it(client, record):
    html = client.get(reverse("treaties:timeline")).content.decode()
    for year in (1961, 1996, 2000, 2024):
        assert f'href="/en/in-force/?date={year}-12-31"' in html


def test_the_end_certainty_is_on_the_treaty_page_and_api(client, record):
    assert Treaty.objects.get(slug="ussr-dprk-1961").ended_on_certainty == "unconfirmed"
    html = client.get(reverse("treaties:detail", args=["ussr-dprk-1961"])).content.decode()
    assert "badge-unconfirmed" in html
    body = client.get("/api/v2/treaties/russia-dprk-2000/").json()
    assert body["ended_on_certainty"] == "confirmed"


def test_a_draft_replacing_a_treaty_is_not_named_after_a_gap(client, record):
    older = Treaty.objects.get(slug="russia-dprk-2000")
    TreatyFactory(slug="draft-successor", publication=Publication.DRAFT, replaces=older,
                  signed_on=datetime.date(2005, 1, 1))  # fmt: skip
    body = client.get("/api/v2/in-force/?date=1999-01-01").content.decode()
    assert "draft-successor" not in body
    before = client.get("/api/v2/in-force/?date=1950-01-01").content.decode()
    assert "draft-successor" not in before


def test_between_signing_and_entry_into_force_the_page_does_not_say_unsigned(client):
    TreatyFactory(short_title_en="The first pact", signed_on=datetime.date(1970, 1, 1),
                  entry_into_force=datetime.date(1970, 6, 1))  # fmt: skip
    html = client.get(reverse("treaties:in-force") + "?date=1970-03-01").content.decode()
    assert "had been signed by this day" not in html
    assert "No treaty between the parties was in force on this day." in html
    assert "The first pact" in html


@pytest.mark.parametrize(
    "bad", ["\u200b", "1999-06-01\u200b", "\u202e1999-06-01", "1999-06-01" * 500]
)
def test_an_invisible_or_repeated_date_is_refused(client, bad):
    assert client.get("/api/v2/in-force/", {"date": bad}).status_code == 400
    assert client.get(reverse("treaties:in-force"), {"date": bad}).status_code == 400


@pytest.fixture
def many_in_force(record):
    """The 2000 treaty and 55 more in force on 1 January 2020: more than a page."""
    TreatyFactory.create_batch(
        55,
        parties=[],
        signed_on=datetime.date(2001, 1, 1),
        entry_into_force=datetime.date(2001, 2, 1),
    )


def test_the_page_gives_the_treaties_in_force_fifty_at_a_time(
    client, many_in_force, django_assert_num_queries
):
    url = reverse("treaties:in-force") + "?date=2020-01-01"
    with django_assert_num_queries(13):
        first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert first.count('class="treaty-card in-force-treaty"') == 50
    assert second.count('class="treaty-card in-force-treaty"') == 6
    assert "56 treaties were in force on this day." in first
    assert "Page 2 of 2" in second
    assert 'href="/api/v2/in-force/?date=2020-01-01&amp;page=2&amp;page_size=50"' in second
    # The first page's JSON holds the same fifty, whatever the API's own page size.
    assert 'href="/api/v2/in-force/?date=2020-01-01&amp;page_size=50"' in first
    assert client.get(url + "&page=3").status_code == 404
    with translation.override("ar"):
        arabic = client.get(reverse("treaties:in-force") + "?date=2020-01-01").content.decode()
    assert "كانت 56 معاهدةً سارية في هذا اليوم." in arabic


def test_the_api_gives_the_treaties_in_force_a_page_at_a_time(
    client, many_in_force, django_assert_num_queries
):
    with django_assert_num_queries(12):
        first = client.get("/api/v2/in-force/", {"date": "2020-01-01"}).json()
    assert first["count"] == 56
    assert len(first["in_force"]) == 50
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["in_force"]) == 6
    assert second["next"] is None
    shown = [entry["treaty"]["slug"] for entry in first["in_force"] + second["in_force"]]
    assert len(set(shown)) == 56
    small = client.get("/api/v2/in-force/", {"date": "2020-01-01", "page_size": 5}).json()
    assert [entry["treaty"]["slug"] for entry in small["in_force"]] == shown[:5]


@pytest.mark.parametrize(
    ("paging", "status"),
    [
        ({"page": "x"}, 400),
        ({"page": "²"}, 400),
        ({"page_size": "0"}, 400),
        ({"page_size": "1" * 5000}, 400),
        ({"page": "9"}, 404),
        ({"page": "2211911703"}, 404),
        ({"page": "9" * 5000}, 404),
    ],
)
def test_a_bad_page_of_the_api_is_a_json_4xx(client, many_in_force, paging, status):
    response = client.get("/api/v2/in-force/", {"date": "2020-01-01", **paging})
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
