import csv
import io

import pytest

from reactions.models import Reaction
from tests.api_helpers import api

pytestmark = pytest.mark.django_db


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"party": "dprk"}, ["kim-jong-un-strongest-treaty"]),
        (
            {"stance": "supportive", "party": "russia"},
            ["putin-breakthrough-document", "russia-not-a-military-alliance"],
        ),
        (
            {"date_after": "2024-11-01", "date_before": "2024-12-31"},
            ["lin-jian-up-to-them", "hayashi-worrying-sign"],
        ),
        ({"treaty": "russia-dprk-2024", "party": "ukraine"}, ["podolyak-destruction-of-rules"]),
        ({"q": "اختراق"}, ["putin-breakthrough-document"]),
        ({"q": "sanctions", "party": "un"}, ["guterres-abide-by-sanctions"]),
        ({"party": "china", "ordering": "-date", "page_size": "1"}, ["lin-jian-up-to-them"]),
    ],
)
def test_reaction_filters(anonymous, record, params, expected):
    response = anonymous.get(api("reactions/"), params)
    assert response.status_code == 200, response.json()
    assert slugs(response) == expected


def test_reaction_detail_keeps_the_quote_in_its_language(anonymous, record):
    body = anonymous.get(api("reactions/kim-jong-un-strongest-treaty/")).json()
    assert body["quote_language"] == "ar"
    assert body["quote"].startswith("هذا الاتفاق هو أقوى معاهدة")
    assert body["summary"]["en"].startswith("At the summit, Kim called")
    assert body["date_certainty"] == "inferred"
    assert body["party"].endswith("/api/v2/parties/dprk/")


def test_reactions_export_as_csv_holds_every_matching_row(anonymous, record):
    response = anonymous.get(api("reactions/"), {"format": "csv", "stance": "critical"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Reaction.objects.filter(stance="critical").count()
    assert {"slug", "speaker_en", "speaker_ar", "summary_en", "summary_ar", "sources"} <= set(
        rows[0]
    )
    assert "count" not in rows[0]


def test_curator_records_a_reaction(curator, record):
    body = {
        "slug": "test-reaction",
        "treaty": "/api/v2/treaties/russia-dprk-2024/",
        "party": "/api/v2/parties/japan/",
        "speaker": {"en": "A spokesperson", "ar": "متحدث"},
        "speaker_office": {"en": "", "ar": ""},
        "date": "2024-12-06",
        "stance": "concerned",
        "summary": {"en": "Concerned.", "ar": "قلق."},
        "quote": "",
        "quote_language": "",
        "sources": ["/api/v2/sources/s54/"],
    }
    response = curator.post(api("reactions/"), body, format="json")
    assert response.status_code == 201, response.json()
    assert Reaction.objects.get(slug="test-reaction").speaker_ar == "متحدث"


def test_a_quote_without_its_language_is_refused(curator, record):
    response = curator.patch(
        api("reactions/blinken-cho-call/"), {"quote": "Ironclad."}, format="json"
    )
    assert response.status_code == 400
    assert "language it is quoted in" in str(response.json())


def test_a_reactions_published_edits_are_served_with_their_reason(curator, anonymous, record):
    url = "/api/v2/reactions/blinken-cho-call/"
    body = {"speaker_office": {"en": "Secretary of State", "ar": "وزير الخارجية"}}
    response = curator.patch(url, {**body, "change_reason": "Shorter title"}, format="json")
    assert response.status_code == 200
    changes = anonymous.get(f"{url}changes/").json()
    assert changes[0]["reason"] == "Shorter title"
    assert changes[0]["by"] in {"a curator", "an editor"}


def test_the_schema_says_the_csv_export_is_text_and_writes_answer_json(anonymous):
    paths = anonymous.get("/api/schema/?format=json").json()["paths"]
    listed = paths["/api/v2/reactions/"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]["$ref"].endswith("/PaginatedReactionList")
    assert listed["text/csv"]["schema"] == {"type": "string"}
    created = paths["/api/v2/reactions/"]["post"]["responses"]["201"]["content"]
    assert set(created) == {"application/json"}
    detail = paths["/api/v2/reactions/{slug}/"]["get"]["responses"]["200"]["content"]
    assert "text/csv" not in detail  # one reaction: JSON, or a citation of its page
    assert "application/json" in detail


def test_one_reaction_is_not_offered_as_csv(anonymous, record):
    response = anonymous.get(api("reactions/kim-jong-un-strongest-treaty/"), {"format": "csv"})
    assert response.status_code == 400
    assert response.json() == {"format": ["Use one of: api, bibtex, csl, json, ris."]}
