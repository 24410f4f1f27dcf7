import datetime
import decimal
import json
import uuid
from collections import OrderedDict

import pytest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from core.renderers import ApiJSONRenderer, WrittenJSON, kept_json
from tests.api_helpers import api

pytestmark = pytest.mark.django_db

WHAT_THE_API_WRITES = {
    "text": 'معاهدة الشراكة الاستراتيجية الشاملة — “quoted” \\ / " \t\n 🇰🇵',
    "separators": "line\u2028paragraph\u2029end",
    "lazy": gettext_lazy("Mutual defence"),
    "safe": mark_safe("<b>bold</b>"),
    "when": datetime.datetime(2024, 6, 19, 14, 5, 7, 123456, tzinfo=datetime.UTC),
    "naive": datetime.datetime(2024, 6, 19, 14, 5, 7),
    "day": datetime.date(2024, 6, 19),
    "time": datetime.time(9, 30, 15, 250000),
    "span": datetime.timedelta(days=2, seconds=5),
    "amount": decimal.Decimal("12.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "numbers": [0, -7, 2**53, 0.1, 12.5, 3.0],
    "flags": [True, False, None],
    "by_number": {1: "one", 2: "two"},
    "ordered": OrderedDict([("b", 1), ("a", 2)]),
    "returned": ReturnDict({"slug": "russia-dprk-2024"}, serializer=None),
    "list": ReturnList([{"x": []}, {}], serializer=None),
    "empty": {"": ""},
    "controls": "NUL\x00 bell\x07 escape\x1b del\x7f zero-width\u200b bidi\u202e\u2066",
    "long": "=cmd|' /C calc'!A0" * 2000,
}


def test_the_api_writes_the_same_json_as_drf_byte_for_byte():
    assert ApiJSONRenderer().render(WHAT_THE_API_WRITES) == JSONRenderer().render(
        WHAT_THE_API_WRITES
    )


def test_a_tiny_number_is_the_same_number_in_a_shorter_exponent():
    assert ApiJSONRenderer().render([1.5e-7]) == b"[1.5e-7]"  # DRF's: 1.5e-07
    assert json.loads(ApiJSONRenderer().render([1.5e-7])) == [1.5e-7]


def test_what_drf_refuses_is_written_as_null():
    assert ApiJSONRenderer().render([float("nan"), float("inf")]) == b"[null,null]"


def test_json_kept_as_written_is_put_back_as_it_is_and_indented_like_the_rest():
    record = {"slug": "russia-dprk-2024", "title": {"ar": "معاهدة"}}
    answer = {"count": 1, "results": [WrittenJSON(kept_json(record))]}
    assert ApiJSONRenderer().render(answer) == JSONRenderer().render(
        {"count": 1, "results": [record]}
    )
    indented = "application/json; indent=4"
    assert ApiJSONRenderer().render(answer, indented) == JSONRenderer().render(
        {"count": 1, "results": [record]}, indented
    )


@pytest.mark.parametrize(
    "path",
    [
        "treaties/",
        "treaties/russia-dprk-2024/",
        "treaties/russia-dprk-2024/changes/",
        "clauses/?treaty=russia-dprk-2024",
        "reactions/",
        "parties/",
        "topics/",
        "sources/",
        "events/",
        "compare/",
        "compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024",
        "releases/",
    ],
)
def test_answers_are_drfs_json(client, record, path):
    """Lists of records kept as written and comparisons of articles kept as written are
    DRF's JSON, asked for the first time and kept alike."""
    for _time in ("made", "kept"):
        for language in ("en", "ar"):
            response = client.get(api(path), headers={"accept-language": language})
            assert response.status_code == 200
            assert response.content == JSONRenderer().render(json.loads(response.content))


def test_the_browsable_api_shows_the_records_kept_as_written(client, record):
    client.get(api("treaties/"))  # kept as written
    page = client.get(api("treaties/"), headers={"accept": "text/html"}).content.decode()
    assert "&quot;slug&quot;: &quot;russia-dprk-2024&quot;" in page
