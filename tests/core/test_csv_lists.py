"""Every list of the API exports as CSV; one record stays JSON."""

import csv
import io

import pytest

from treaties.models import Clause, Event, Party, Source, Topic, Treaty

pytestmark = pytest.mark.django_db

LISTS = {
    "treaties": Treaty,
    "clauses": Clause,
    "parties": Party,
    "topics": Topic,
    "sources": Source,
    "events": Event,
}


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_exports_every_row_as_csv(client, record, resource):
    response = client.get(f"/api/v2/{resource}/", {"format": "csv"})
    rows = csv_rows(response)
    model = LISTS[resource]
    published = model.objects.visible(drafts=False) if hasattr(model.objects, "visible") else None
    assert len(rows) == (published or model.objects).count()
    assert response["Content-Disposition"] == f'attachment; filename="{resource}.csv"'
    # Links are canonical: followed, they answer JSON, not the CSV's 400.
    assert all("format=csv" not in value for value in rows[0].values())
    assert client.get(rows[0]["api_url"]).status_code == 200


@pytest.mark.parametrize("resource", LISTS)
def test_a_list_answers_csv_to_its_accept_header(client, record, resource):
    response = client.get(f"/api/v2/{resource}/", headers={"accept": "text/csv"})
    assert response["Content-Type"].startswith("text/csv")


def test_the_clauses_csv_gives_each_text_readably(client, record):
    rows = csv_rows(client.get("/api/v2/clauses/", {"format": "csv", "treaty": "ussr-dprk-1961"}))
    article_1 = next(row for row in rows if row["slug"] == "ussr-dprk-1961-art-1")
    assert "kind: official_translation" in article_1["texts"]
    assert "armed attack" in article_1["texts"]
    assert article_1["heading_ar"]


@pytest.mark.parametrize("resource", ["treaties", "clauses", "events"])
def test_one_record_is_not_offered_as_csv(client, record, resource):
    slug = client.get(f"/api/v2/{resource}/").json()["results"][0]["slug"]
    assert client.get(f"/api/v2/{resource}/{slug}/", {"format": "csv"}).status_code == 400


def test_the_schema_offers_csv_on_every_list_and_not_on_one_record(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for resource in LISTS:
        listed = paths[f"/api/v2/{resource}/"]["get"]
        assert listed["responses"]["200"]["content"]["text/csv"]["schema"] == {"type": "string"}
        assert "format" in {parameter["name"] for parameter in listed["parameters"]}
        detail = paths[f"/api/v2/{resource}/{{slug}}/"]["get"]["responses"]["200"]["content"]
        assert "text/csv" not in detail
        assert "application/json" in detail


@pytest.mark.parametrize("page", ["-1", "1.5", "false"])
def test_a_malformed_page_is_refused_in_an_export_too(client, record, page):
    response = client.get("/api/v2/sources/", {"format": "csv", "page": page})
    assert response.status_code == 400


def test_the_schema_says_an_event_may_belong_to_no_treaty(client):
    event = client.get("/api/schema/?format=json").json()["components"]["schemas"]["Event"]
    assert event["properties"]["treaty"].get("nullable") is True


def test_a_value_starting_with_a_formula_sign_is_not_run_by_a_spreadsheet(client, record):
    Topic.objects.filter(slug="mutual-defence").update(name_en='=HYPERLINK("http://evil")')
    rows = csv_rows(client.get("/api/v2/topics/", {"format": "csv"}))
    cell = next(row["name_en"] for row in rows if row["slug"] == "mutual-defence")
    assert cell == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("value", ["", "\u200b", "s" * 5000, "a\x00b", "=1+1"])
@pytest.mark.parametrize("resource", ["treaties", "clauses", "events", "reactions"])
def test_a_strange_source_filter_is_a_4xx(client, record, resource, value):
    response = client.get(f"/api/v2/{resource}/", {"source": value})
    assert response.status_code in (200, 400, 404)  # "" is no filter; the rest are refused
    if value:
        assert response.status_code in (400, 404)
