import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation
from rest_framework.request import Request

from core.api_defaults import ModelPermissionsOrAnonReadOnly
from core.models import Publication
from tests.api_helpers import api
from tests.factories import (
    ClauseFactory,
    EventFactory,
    PartyFactory,
    ReactionFactory,
    SignatoryFactory,
    SourceFactory,
    TopicFactory,
    TreatyFactory,
)
from treaties.models import Clause, ClauseText, ObligationLevel, Treaty

pytestmark = pytest.mark.django_db


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


# Reading ----------------------------------------------------------------------------------------


def test_api_root_links_every_resource(anonymous):
    body = anonymous.get(api("/")).json()
    assert set(body) == {
        "treaties", "clauses", "parties", "topics", "sources", "reactions", "events", "compare",
        "compare/wording", "in-force", "releases",
    }  # fmt: skip


def test_treaty_list_is_paginated_with_counts_and_links(anonymous, record):
    body = anonymous.get(api("treaties/"), {"page_size": 2, "reference": "false"}).json()
    assert body["count"] == 3
    assert body["previous"] is None
    assert body["next"].endswith("/api/v2/treaties/?page=2&page_size=2&reference=false")
    assert [row["slug"] for row in body["results"]] == ["ussr-dprk-1961", "russia-dprk-2000"]


def test_treaty_detail_has_both_languages_iso_dates_and_links(anonymous, record):
    body = anonymous.get(api("treaties/russia-dprk-2024/")).json()
    assert body["title"]["en"].startswith("Treaty on Comprehensive Strategic Partnership")
    assert body["title"]["ar"].startswith("معاهدة الشراكة الاستراتيجية الشاملة")
    assert body["signed_on"] == "2024-06-19"
    assert body["entry_into_force"] == "2024-12-04"
    assert body["status"] == "in_force"
    assert body["replaces"].endswith("/api/v2/treaties/russia-dprk-2000/")
    assert body["api_url"].endswith("/api/v2/treaties/russia-dprk-2024/")
    assert body["clauses_url"].endswith("/api/v2/clauses/?treaty=russia-dprk-2024")
    assert {signatory["name"]["en"] for signatory in body["signatories"]} == {
        "Kim Jong Un",
        "Vladimir Putin",
    }
    assert any(link.endswith("/api/v2/sources/s17/") for link in body["sources"])


def test_clause_detail(anonymous, record):
    body = anonymous.get(api("clauses/russia-dprk-2024-art-4/")).json()
    assert body["number"] == "4"
    assert body["obligation"]["level"] == 2
    assert body["obligation"]["label"]["en"] == (
        "Assistance without delay, under stated conditions"
    )
    assert "without delay" in body["key_phrases"]
    texts = {text["source"].rsplit("/", 2)[-2]: text for text in body["texts"]}
    assert texts["s31"] == {
        "language": "en",
        "kind": "published_translation",
        "text": texts["s31"]["text"],
        "complete": True,
        "source": texts["s31"]["source"],
        "retrieved": None,
        "note": "",
    }
    assert texts["s31"]["text"].startswith("In the event that either party")
    assert texts["hankyoreh-en-2024-06-21"]["kind"] == "official_translation"
    assert "text" not in body
    assert "text_language" not in body
    assert body["treaty"].endswith("/api/v2/treaties/russia-dprk-2024/")


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("parties/russia/", "russia"),
        ("topics/mutual-defence/", "mutual-defence"),
        ("sources/seed-article/", "seed-article"),
        ("reactions/blinken-russia-desperation/", "blinken-russia-desperation"),
    ],
)
def test_details(anonymous, record, path, slug):
    response = anonymous.get(api(path))
    assert response.status_code == 200
    assert response.json()["slug"] == slug


def test_party_succession_is_a_link(anonymous, record):
    body = anonymous.get(api("parties/russia/")).json()
    assert body["predecessor"].endswith("/api/v2/parties/ussr/")
    assert body["name"] == {"en": "Russian Federation", "ar": "الاتحاد الروسي"}


# Filters, search, ordering ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("treaties/", {"party": "ussr"}, ["ussr-dprk-1961"]),
        ("treaties/", {"topic": "sanctions"}, ["russia-dprk-2024"]),
        (
            "treaties/",
            {"signed_after": "1999-01-01", "signed_before": "2001-01-01"},
            ["russia-dprk-2000"],
        ),
        ("treaties/", {"status": "ended"}, ["ussr-dprk-1961", "russia-dprk-2000"]),
        (
            "treaties/",
            {"status": "in_force"},
            ["north-atlantic-1949", "us-rok-1953", "prc-dprk-1961", "russia-dprk-2024"],
        ),
        ("treaties/", {"status": "signed"}, []),
        ("treaties/", {"q": "strongest"}, ["russia-dprk-2024"]),
        (
            "treaties/",
            {"ordering": "-signed_on", "reference": "false"},
            ["russia-dprk-2024", "russia-dprk-2000", "ussr-dprk-1961"],
        ),
        (
            "treaties/",
            {"reference": "true"},
            ["north-atlantic-1949", "us-rok-1953", "prc-dprk-1961"],
        ),
        (
            "clauses/",
            {"topic": "mutual-defence"},
            [
                "north-atlantic-1949-art-5",
                "us-rok-1953-art-3",
                "ussr-dprk-1961-art-1",
                "prc-dprk-1961-art-2",
                "russia-dprk-2024-art-4",
            ],
        ),
        (
            "clauses/",
            {"treaty": "russia-dprk-2000", "obligation_level": "1"},
            ["russia-dprk-2000-art-2"],
        ),
        (
            "clauses/",
            {"treaty": "russia-dprk-2024", "number_certainty": "inferred"},
            ["russia-dprk-2024-art-1", "russia-dprk-2024-art-2"],
        ),
        ("clauses/", {"q": "Article 51"}, ["russia-dprk-2024-art-4", "north-atlantic-1949-art-5"]),
        ("parties/", {"kind": "organisation"}, ["eu", "nato", "un"]),
        ("sources/", {"language": "ru"}, ["s32", "s33", "s39", "s43", "s68"]),
        ("topics/", {"ordering": "-order", "page_size": "1"}, ["duration-termination"]),
    ],
)
def test_filters(anonymous, record, path, params, expected):
    response = anonymous.get(api(path), params)
    assert response.status_code == 200, response.json()
    assert slugs(response) == expected


def test_status_filter_agrees_with_the_status_on_the_page():
    today = datetime.date.today()
    cases = [
        TreatyFactory(signed_on=today),
        TreatyFactory(signed_on=today - datetime.timedelta(days=9), entry_into_force=today),
        TreatyFactory(
            signed_on=datetime.date(1961, 7, 6),
            ended_on=datetime.date(1996, 9, 10),
            end_reason=Treaty.EndReason.LAPSED,
        ),
        TreatyFactory(
            signed_on=datetime.date(1990, 1, 1),
            ended_on=today + datetime.timedelta(days=9),
            end_reason=Treaty.EndReason.TERMINATED,
        ),
        TreatyFactory(
            signed_on=datetime.date(1990, 1, 1), entry_into_force=datetime.date(1990, 2, 1)
        ),
    ]
    for status in Treaty.Status.values:
        matched = set(Treaty.objects.filter(Treaty.status_condition(status, today)))
        assert matched == {t for t in cases if t.status_on(today) == status}, status


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("treaties/", {"signed_after": "not-a-date"}, "signed_after"),
        ("treaties/", {"signed_before": ""}, "signed_before"),
        ("treaties/", {"status": "sleeping"}, "status"),
        ("treaties/", {"reference": "null"}, "reference"),
        ("treaties/", {"reference": "yes"}, "reference"),
        ("treaties/", {"reference": ""}, "reference"),
        ("treaties/", {"party": "bad slug!"}, "party"),
        ("treaties/", {"party": "x\x00"}, "party"),
        ("treaties/", {"ordering": "title"}, "ordering"),
        ("treaties/", {"page": "abc"}, "page"),
        ("treaties/", {"page": "0"}, "page"),
        ("treaties/", {"page_size": "1000"}, "page_size"),
        ("clauses/", {"q": "x" * 201}, "q"),
        ("clauses/", {"q": "delay\x00"}, "q"),
        ("clauses/", {"obligation_level": "9"}, "obligation_level"),
        ("reactions/", {"format": "xml"}, "format"),
        ("compare/", {"treaties": "ussr-dprk-1961"}, "treaties"),
        ("compare/", {"treaties": ["ussr-dprk-1961", "bad slug"]}, "treaties"),
    ],
)
def test_malformed_parameters_are_a_400_naming_them(anonymous, record, path, params, name):
    response = anonymous.get(api(path), params)
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("treaties/no-such-treaty/", {}, "No Treaty matches"),
        ("clauses/no-such-clause/", {}, "No Clause matches"),
        ("treaties/", {"party": "atlantis"}, "party: There is no party atlantis."),
        ("clauses/", {"topic": "astrology"}, "topic: There is no topic astrology."),
        ("compare/", {"treaties": ["ussr-dprk-1961", "no-such"]}, "There is no treaty no-such."),
        ("treaties/", {"page": "99"}, "There is no page 99."),
        ("treaties/with.dot/", {}, "Not found."),
        ("nothing-here/", {}, "Not found."),
    ],
)
def test_unknown_slugs_are_a_404_with_a_json_body(anonymous, record, path, params, message):
    response = anonymous.get(api(path), params)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["detail"]


# Comparison -------------------------------------------------------------------------------------


def test_comparison_endpoint_returns_what_the_page_shows(anonymous, record):
    body = anonymous.get(api("compare/")).json()
    assert [t["slug"] for t in body["treaties"]] == [
        "ussr-dprk-1961",
        "russia-dprk-2000",
        "russia-dprk-2024",
    ]
    assert [s["obligation"]["level"] for s in body["strongest_obligations"]] == [3, 1, 2]
    defence = next(row for row in body["rows"] if row["topic"]["slug"] == "mutual-defence")
    t1961, t2000, t2024 = defence["cells"]
    assert [c["slug"] for c in t1961["clauses"]] == ["ussr-dprk-1961-art-1"]
    assert t2000["clauses"] == []
    assert t2000["note"]["note"]["en"].startswith("No military-assistance clause")
    assert t2000["obligation"]["level"] == 0
    assert t2024["obligation"]["label"]["en"] == (
        "Assistance without delay, under stated conditions"
    )


def test_comparison_endpoint_takes_treaties_and_topics(anonymous, record):
    body = anonymous.get(
        api("compare/"),
        {"treaties": ["russia-dprk-2000", "russia-dprk-2024"], "topics": ["sanctions"]},
    ).json()
    assert [row["topic"]["slug"] for row in body["rows"]] == ["sanctions"]
    assert [cell["empty"] for cell in body["rows"][0]["cells"]] == [True, False]


def test_comparison_as_csv(anonymous, record):
    response = anonymous.get(api("compare/"), {"format": "csv", "topics": ["mutual-defence"]})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="compare.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith(
        "topic,topic_en,topic_ar,treaty,obligation_level,obligation_en,obligation_ar,articles"
    )
    assert len(lines) == 4
    assert lines[1].startswith(
        "mutual-defence,Mutual defence,الدفاع المشترك,ussr-dprk-1961,3,"
        "Automatic military assistance,"
    )
    with translation.override("ar"):
        arabic = str(ObligationLevel(3).label)
    assert arabic != "Automatic military assistance"
    assert f",{arabic},Article 1" in lines[1]


def test_the_links_of_a_csv_export_are_the_records_own(anonymous, record):
    response = anonymous.get(api("reactions/"), {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="reactions.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert "format=" not in response.content.decode()
    for column in ("api_url", "treaty", "party"):
        assert anonymous.get(rows[0][column]).status_code == 200
    treaties = anonymous.get(api("treaties/"), {"format": "json"}).json()["results"]
    assert treaties[0]["clauses_url"].endswith(f"/api/v2/clauses/?treaty={treaties[0]['slug']}")
    assert "format=" not in treaties[0]["api_url"]


# Caching, CORS, throttling ----------------------------------------------------------------------


def test_conditional_get_answers_304_when_nothing_changed(anonymous, record):
    first = anonymous.get(api("treaties/"))
    etag = first["ETag"]
    assert anonymous.get(api("treaties/"), HTTP_IF_NONE_MATCH=etag).status_code == 304
    Treaty.objects.filter(slug="russia-dprk-2024").update(duration_en="Indefinite (edited)")
    assert anonymous.get(api("treaties/"), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reads_allow_other_origins_but_writes_do_not(anonymous, record):
    response = anonymous.get(api("treaties/"), HTTP_ORIGIN="https://notebook.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = anonymous.options(
        api("treaties/"),
        HTTP_ORIGIN="https://notebook.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_anonymous_reads_are_throttled(anonymous, record, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    codes = [anonymous.get(api("topics/")).status_code for _ in range(4)]
    cache.clear()
    assert codes == [200, 200, 200, 429]


# Query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # page count, page, then each relation once: parties, sources, replaces (the
        # reader may not see it), replaced_by, signatories, their sources, events. Intended to
        # prevent an n+1.
        ("treaties/", 9),
        ("clauses/", 5),  # count, page (treaty joined), topics, sources, texts (source joined)
        ("parties/", 2),
        ("topics/", 2),
        ("sources/", 2),
        ("reactions/", 3),  # count, page (party and treaty joined), sources
        ("events/", 3),  # count, page (treaty joined), sources
    ],
)
def test_list_endpoints_use_a_constant_number_of_queries(
    anonymous, django_assert_num_queries, path, queries
):
    def grow():
        treaty = TreatyFactory(replaces=TreatyFactory())
        SignatoryFactory(treaty=treaty)
        ClauseFactory(treaty=treaty, topics=[TopicFactory()])
        ReactionFactory(treaty=treaty)
        EventFactory(treaty=treaty)
        PartyFactory(predecessor=PartyFactory())

    grow()
    with django_assert_num_queries(queries):
        assert anonymous.get(api(path)).status_code == 200
    for _ in range(4):
        grow()
    with django_assert_num_queries(queries):
        assert anonymous.get(api(path)).status_code == 200


def test_comparison_endpoint_uses_a_constant_number_of_queries(
    anonymous, record, django_assert_num_queries
):
    # default chain 1, form validation 1, comparison 7, the topics in order 1 (answers and
    # the treaties' columns are kept as deployed: tests.treaties.test_fragments)
    with django_assert_num_queries(10):
        anonymous.get(api("compare/"))


# Writes -----------------------------------------------------------------------------------------


def new_treaty(**changes):
    body = {
        "slug": "test-treaty-2030",
        "title": {"en": "Treaty of Testing", "ar": "معاهدة الاختبار"},
        "short_title": {"en": "2030 Test Treaty", "ar": "معاهدة 2030"},
        "summary": {"en": "", "ar": ""},
        "signed_on": "2030-01-01",
        "signed_at": {"en": "Geneva", "ar": "جنيف"},
        "duration": {"en": "", "ar": ""},
        "notes": {"en": "", "ar": ""},
        "parties": ["/api/v2/parties/russia/", "/api/v2/parties/dprk/"],
        "sources": ["/api/v2/sources/s17/"],
    }
    return body | changes


def test_a_read_is_allowed_without_making_the_views_queryset(rf):
    """DRF's model permissions made a list's whole queryset to learn that a read needs none."""

    class View:
        def get_queryset(self):
            raise AssertionError("the queryset was made for a read")

    for method in ("get", "head", "options"):
        request = Request(getattr(rf, method)("/api/v2/treaties/"))
        request.user = AnonymousUser()
        assert ModelPermissionsOrAnonReadOnly().has_permission(request, View())


def test_anonymous_writes_are_refused(anonymous, record):
    assert anonymous.post(api("treaties/"), new_treaty(), format="json").status_code == 401
    assert anonymous.delete(api("treaties/russia-dprk-2024/")).status_code == 401
    assert Treaty.objects.count() == 6


def test_users_without_rights_cannot_write(reader, record):
    assert reader.get(api("treaties/")).status_code == 200
    assert reader.post(api("treaties/"), new_treaty(), format="json").status_code == 403


def test_curator_creates_a_treaty(curator, record):
    response = curator.post(api("treaties/"), new_treaty(), format="json")
    assert response.status_code == 201, response.json()
    treaty = Treaty.objects.get(slug="test-treaty-2030")
    assert treaty.title_ar == "معاهدة الاختبار"
    assert {party.slug for party in treaty.parties.all()} == {"russia", "dprk"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"entry_into_force": "2029-01-01"}, "non_field_errors", "enter into force before"),
        ({"ended_on": "2031-01-01"}, "non_field_errors", "needs a reason"),
        ({"slug": "russia-dprk-2024"}, "slug", "already exists"),
        ({"title": {"en": "Only English"}}, "title", "Give an object with the keys"),
        ({"title": {"en": "Treaty", "ar": ""}}, "title_ar", "blank"),
        ({"sources": []}, "sources", "empty"),
    ],
)
def test_writes_meet_the_same_rules_as_the_admin(curator, record, changes, field, message):
    response = curator.post(api("treaties/"), new_treaty(**changes), format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Treaty.objects.filter(slug="test-treaty-2030").exists()


def test_curator_edits_and_deletes_a_clause(curator, record):
    response = curator.patch(
        api("clauses/russia-dprk-2024-art-15/"),
        {"heading": {"en": "Law enforcement", "ar": "إنفاذ القانون"}, "change_reason": "Shorter"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["heading"]["en"] == "Law enforcement"
    assert curator.delete(api("clauses/russia-dprk-2024-art-15/")).status_code == 204


def test_key_phrases_must_be_in_the_text_through_the_api_too(curator, record):
    response = curator.patch(
        api("clauses/russia-dprk-2024-art-4/"), {"key_phrases": ["not in it"]}, format="json"
    )
    assert response.status_code == 400
    assert "key_phrases" in response.json()


def test_deleting_a_treaty_others_depend_on_is_a_409(curator, record):
    response = curator.delete(api("treaties/russia-dprk-2024/"))
    assert response.status_code == 409
    assert "reaction: " in response.json()["detail"]  # the reactions that protect it, named
    assert Treaty.objects.filter(slug="russia-dprk-2024").exists()


def test_deleting_a_treaty_would_not_take_its_articles_and_events_silently(curator, db):
    treaty = TreatyFactory(slug="short-lived")
    ClauseFactory(treaty=treaty, heading_en="Friendship")
    EventFactory(treaty=treaty, title_en="Initialled")
    response = curator.delete(api("treaties/short-lived/"))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "clause: " in detail
    assert "event: Initialled" in detail
    assert Treaty.objects.filter(slug="short-lived").exists()
    assert treaty.clauses.count() == 1


def test_a_treaty_with_nothing_of_its_own_is_deleted(curator, db):
    TreatyFactory(slug="empty-treaty")
    assert curator.delete(api("treaties/empty-treaty/")).status_code == 204
    assert not Treaty.objects.filter(slug="empty-treaty").exists()


def test_deleting_the_only_source_of_a_record_is_a_409_naming_it(curator, db):
    only, other = SourceFactory(slug="only-source"), SourceFactory(slug="other-source")
    clause = ClauseFactory(heading_en="Mutual aid", sources=[only])
    ClauseFactory(heading_en="Trade", sources=[only, other])
    response = curator.delete(api("sources/only-source/"))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert str(clause) in detail
    assert "Trade" not in detail  # it keeps another source
    assert clause.sources.get() == only
    Clause.objects.filter(pk=clause.pk).delete()
    assert curator.delete(api("sources/only-source/")).status_code == 204


def test_source_write_round_trip(curator, db):
    SourceFactory(slug="existing")
    body = {
        "slug": "new-source",
        "title": "A report",
        "publisher": "A wire",
        "url": "https://example.org/r",
        "published_on": "2024-06-20",
        "language": "en",
    }
    assert curator.post(api("sources/"), body, format="json").status_code == 201
    assert curator.get(api("sources/new-source/")).json()["published_on"] == "2024-06-20"


@pytest.mark.parametrize("index", ["clause_order_unique", "reaction_published_in_order"])
def test_a_lists_count_can_read_an_index_instead_of_the_wide_rows(index):
    # Every page of the API's articles and reactions counts the published ones (whose treaty is
    # published too). Their rows hold texts and search vectors; an index holding both columns
    # the count reads lets PostgreSQL count from it alone (on the scale data: 190 -> 40 ms).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_index JOIN pg_attribute "
            "ON attrelid = indrelid AND attnum = ANY(indkey) WHERE indexrelid = %s::regclass",
            [index],
        )
        columns = {name for (name,) in cursor.fetchall()}
    assert {"publication", "treaty_id"} <= columns, columns


def test_a_write_with_a_stale_if_match_is_refused(curator, record):
    url = api("treaties/russia-dprk-2024/")
    etag = curator.get(url)["ETag"]
    duration = {"en": "Indefinite, by agreement", "ar": "غير محددة"}
    reason = "Per the signed text"
    first = curator.patch(
        url, {"duration": duration, "change_reason": reason}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    ten_years = {"duration": {"en": "Ten years", "ar": "عشر سنوات"}, "change_reason": reason}
    stale = curator.patch(url, ten_years, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "changed since you read it" in stale.json()["detail"]
    assert Treaty.objects.get(slug="russia-dprk-2024").duration_en == "Indefinite, by agreement"
    assert curator.delete(url, HTTP_IF_MATCH=etag).status_code == 412


def test_the_etag_read_compressed_also_matches(curator, record):
    url = api("clauses/russia-dprk-2024-art-4/")
    etag = curator.get(url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert etag.startswith('W/"')
    body = {
        "heading": {"en": "Mutual assistance", "ar": "المساعدة المتبادلة"},
        "change_reason": "Shorter",
    }
    assert curator.patch(url, body, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert curator.patch(url, body, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_an_api_edit_of_a_published_record_says_why(curator, record):
    url = api("treaties/russia-dprk-2024/")
    duration = {"en": "Indefinite, by agreement", "ar": "غير محددة"}
    refused = curator.patch(url, {"duration": duration}, format="json")
    assert refused.status_code == 400
    assert "change_reason" in refused.json()
    assert Treaty.objects.get(slug="russia-dprk-2024").duration_en != duration["en"]
    saved = curator.patch(url, {"duration": duration, "change_reason": "KCNA"}, format="json")
    assert saved.status_code == 200
    assert "change_reason" not in saved.json()  # written, not read back
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    assert treaty.history.first().history_change_reason == "KCNA"
    changes = curator.get(api("treaties/russia-dprk-2024/changes/")).json()
    assert changes[0]["reason"] == "KCNA"


def test_version_1_keeps_an_articles_single_quote_read_only(anonymous, curator, record):
    body = anonymous.get("/api/v1/clauses/russia-dprk-2024-art-4/").json()
    assert "texts" not in body
    assert body["text"].startswith("In case any one of the two sides")  # KCNA's, official
    assert body["text_language"] == "en"
    assert body["text_source"].endswith("/api/v1/sources/hankyoreh-en-2024-06-21/")
    assert body["treaty"].endswith("/api/v1/treaties/russia-dprk-2024/")
    unquoted = anonymous.get("/api/v1/clauses/russia-dprk-2000-art-2/").json()
    assert (unquoted["text"], unquoted["text_source"]) == ("", None)
    # Writing it changes nothing: it is read from the article's texts.
    response = curator.patch(
        "/api/v1/clauses/russia-dprk-2024-art-4/",
        {"text": "Invented wording", "change_reason": "Test"},
    )
    assert response.status_code == 200
    assert not ClauseText.objects.filter(text="Invented wording").exists()


def test_each_version_has_its_schema(anonymous):
    current = anonymous.get("/api/schema/?format=json").json()
    legacy = anonymous.get("/api/schema/v1/?format=json").json()
    assert current["info"]["version"].startswith("2.0.0")
    assert "/api/v2/clauses/" in current["paths"]
    assert "/api/v1/clauses/" in legacy["paths"]
    assert "texts" in current["components"]["schemas"]["Clause"]["properties"]
    assert "text_source" in legacy["components"]["schemas"]["Clause"]["properties"]


def test_an_unknown_version_is_a_404(anonymous, record):
    assert anonymous.get("/api/v3/clauses/").status_code == 404


def test_a_source_keeps_its_english_publisher_and_gives_its_arabic_name_beside(
    anonymous, curator, record
):
    body = anonymous.get(api("sources/s17/"), headers={"accept-language": "ar"}).json()
    assert body["publisher"] == "KCNA (via KCNA Watch)"
    assert body["publisher_ar"] == "وكالة الأنباء المركزية الكورية (عبر KCNA Watch)"
    new = {
        "slug": "wire-2024",
        "title": "A dispatch",
        "publisher": "A wire",
        "url": "https://example.org/a",
        "language": "en",
    }
    assert curator.post(api("sources/"), new, format="json").status_code == 201
    assert curator.get(api("sources/wire-2024/")).json()["publisher_ar"] == ""
    changed = curator.patch(api("sources/wire-2024/"), {"publisher_ar": "وكالة"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["publisher"] == "A wire"


def test_a_source_without_an_arabic_publisher_reads_it_as_blank(anonymous, db):
    from treaties.models import Source

    Source.objects.create(slug="plain", title="T", publisher_en="P", url="", language="en")
    assert Source.objects.get(slug="plain").publisher_ar is None
    assert anonymous.get(api("sources/plain/")).json()["publisher_ar"] == ""


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_api_root_lists_the_comparison_beside_the_lists(anonymous, version):
    root = anonymous.get(f"/api/{version}/").json()
    assert root["compare"] == f"http://testserver/api/{version}/compare/"
    assert root["treaties"] == f"http://testserver/api/{version}/treaties/"


def test_options_answers_what_an_endpoint_renders_and_takes(anonymous, curator, record):
    response = anonymous.options(api("treaties/"))
    assert response.status_code == 200
    assert "OPTIONS" in response["Allow"]
    described = response.json()
    assert described["name"] == "Treaty List"
    assert "application/json" in described["renders"]
    assert "actions" not in described  # an anonymous reader may not write
    assert "POST" in curator.options(api("treaties/")).json()["actions"]


def test_links_never_carry_the_format_they_were_asked_in(anonymous, record):
    root = anonymous.get("/api/v2/?format=json").json()
    assert root["treaties"] == "http://testserver/api/v2/treaties/"
    assert anonymous.get("/api/v2/.json").json()["treaties"] == root["treaties"]
    treaty = anonymous.get("/api/v2/treaties/russia-dprk-2024.json").json()
    assert treaty["api_url"] == "http://testserver/api/v2/treaties/russia-dprk-2024/"
    assert all(not party.endswith(".json") for party in treaty["parties"])


def test_options_names_the_csv_of_a_list_and_the_citations_of_a_record(anonymous, record):
    listing = anonymous.options(api("treaties/")).json()["renders"]
    assert "text/csv" in listing
    assert "application/x-bibtex" not in listing
    one = anonymous.options(api("treaties/russia-dprk-2024/")).json()["renders"]
    assert "text/csv" not in one
    assert {"application/x-bibtex", "application/vnd.citationstyles.csl+json"} <= set(one)


def test_a_compared_treatys_short_title_is_typed_in_the_schema(anonymous):
    schema = anonymous.get("/api/schema/?format=json").json()
    short_title = schema["components"]["schemas"]["TreatyBrief"]["properties"]["short_title"]
    assert short_title["properties"] == {"en": {"type": "string"}, "ar": {"type": "string"}}


def test_events_are_served_with_their_treaty_and_sources(anonymous, record):
    events = anonymous.get(api("events/"), {"page_size": 100}).json()["results"]
    summit = next(event for event in events if event["slug"] == "pyongyang-summit-2024")
    assert summit["treaty"] == "http://testserver/api/v2/treaties/russia-dprk-2024/"
    assert summit["kind"] == "summit"
    assert summit["date"] == "2024-06-19"
    assert summit["date_precision"] == "day"
    assert summit["title"]["ar"].startswith("بوتين في بيونغ يانغ")
    assert "http://testserver/api/v2/sources/seed-article/" in summit["sources"]
    assert [event["date"] for event in events] == sorted(event["date"] for event in events)


def test_a_treaty_links_its_events(anonymous, record):
    treaty = anonymous.get(api("treaties/russia-dprk-2024/")).json()
    assert "http://testserver/api/v2/events/pyongyang-summit-2024/" in treaty["events"]
    assert anonymous.get(treaty["events"][0]).status_code == 200


def test_events_filter_by_treaty_kind_and_date(anonymous, record):
    def slugs(**params) -> set[str]:
        return {event["slug"] for event in anonymous.get(api("events/"), params).json()["results"]}

    ratified = slugs(treaty="russia-dprk-2024", kind="ratification", after="2024-11-07")
    assert ratified == {
        "treaty-2024-putin-signs-ratification",
        "treaty-2024-dprk-ratification",
        "treaty-2024-instruments-exchanged",
    }
    assert anonymous.get(api("events/"), {"kind": "coup"}).status_code == 400
    # A slug that names nothing is a 404, as on every list.
    assert anonymous.get(api("events/"), {"treaty": "no-such-treaty"}).status_code == 404


def test_the_events_of_a_draft_treaty_are_the_curators_alone(anonymous, curator):
    event = EventFactory(treaty=TreatyFactory(publication=Publication.DRAFT))
    assert anonymous.get(api(f"events/{event.slug}/")).status_code == 404
    assert curator.get(api(f"events/{event.slug}/")).status_code == 200


def test_events_are_read_only(curator, record):
    response = curator.post(api("events/"), {"slug": "new-event"}, format="json")
    assert response.status_code == 405


def test_an_obligation_is_named_in_both_languages_as_every_text_is(anonymous, record):
    with translation.override("ar"):
        arabic = str(ObligationLevel(3).label)
    named = {"en": "Automatic military assistance", "ar": arabic}
    clause = anonymous.get(api("clauses/ussr-dprk-1961-art-1/"), HTTP_ACCEPT_LANGUAGE="ar").json()
    assert clause["obligation"] == {"level": 3, "label": named}
    compared = anonymous.get(api("compare/"), HTTP_ACCEPT_LANGUAGE="ar").json()
    assert compared["strongest_obligations"][0]["obligation"] == {"level": 3, "label": named}
    defence = next(row for row in compared["rows"] if row["topic"]["slug"] == "mutual-defence")
    assert defence["cells"][0]["obligation"] == {"level": 3, "label": named}


def test_v1_still_names_an_obligation_in_the_readers_language(anonymous, record):
    clause = anonymous.get(
        "/api/v1/clauses/ussr-dprk-1961-art-1/", HTTP_ACCEPT_LANGUAGE="ar"
    ).json()
    with translation.override("ar"):
        assert clause["obligation"] == {"level": 3, "label": str(ObligationLevel(3).label)}


def test_the_schema_of_each_version_says_how_an_obligation_is_named(anonymous):
    def label(path: str) -> dict:
        schema = anonymous.get(path).json()
        return schema["components"]["schemas"]["Clause"]["properties"]["obligation"]["properties"][
            "label"
        ]

    assert label("/api/schema/?format=json")["properties"] == {
        "en": {"type": "string"},
        "ar": {"type": "string"},
    }
    assert label("/api/schema/v1/?format=json") == {"type": "string"}


def test_the_wording_diff_as_data(anonymous, record, client):
    query = {"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "russia-dprk-2024"}
    body = anonymous.get(api("compare/wording/"), query).json()
    assert body["old"] == "http://testserver/api/v2/treaties/ussr-dprk-1961/"
    assert body["new_clauses"] == ["http://testserver/api/v2/clauses/russia-dprk-2024-art-4/"]
    assert (body["language"], body["kind"]) == ("en", "official_translation")
    assert {run["op"] for run in body["runs"]} == {"equal", "delete", "insert"}
    # The runs rebuild both wordings, and are what the page shows.
    old_words = " ".join(run["text"] for run in body["runs"] if run["op"] != "insert").split()
    new_words = " ".join(run["text"] for run in body["runs"] if run["op"] != "delete").split()
    old_text = ClauseText.objects.get(clause__slug="ussr-dprk-1961-art-1", language="en")
    assert old_words == old_text.text.split()
    assert new_words
    page = client.get("/en/compare/wording/", query).content.decode()
    assert f"{body['shared_percent']}%" in page


def test_the_wording_diff_without_texts_in_common_says_so(anonymous, record):
    query = {"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "russia-dprk-2000"}
    body = anonymous.get(api("compare/wording/"), query).json()
    assert body["runs"] is None
    assert body["language"] is None
    assert body["old_clauses"] == ["http://testserver/api/v2/clauses/ussr-dprk-1961-art-1/"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"topic": "mutual-defence", "old": "ussr-dprk-1961"}, 400),
        ({"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "ussr-dprk-1961"}, 400),
        ({"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "no-such-treaty"}, 404),
        ({"topic": "a\x00b", "old": "ussr-dprk-1961", "new": "russia-dprk-2024"}, 400),
        ({"topic": "no-such-topic", "old": "ussr-dprk-1961", "new": "russia-dprk-2024"}, 404),
    ],
)
def test_a_bad_wording_diff_request_is_refused_in_json(anonymous, record, query, status):
    response = anonymous.get(api("compare/wording/"), query)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
