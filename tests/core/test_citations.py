"""The Cite box and the API's citations, read back by real parsers: bibtexparser, rispy and the
CSL-JSON schema (tests/data)."""

import datetime
import json
from html import unescape
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.citations import Citation
from core.models import RecordVersion

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads(Path(__file__).parents[1].joinpath("data", "csl-data.json").read_text())
TODAY = datetime.date.today()

PAGES = {
    "treaty": ("/en/treaties/russia-dprk-2024/", "/api/v2/treaties/russia-dprk-2024/"),
    "article": (
        "/en/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
        "/api/v2/clauses/russia-dprk-2024-art-4/",
    ),
    "reaction": ("/en/reactions/blinken-cho-call/", "/api/v2/reactions/blinken-cho-call/"),
    "comparison": (
        "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024",
        "/api/v2/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024",
    ),
}


def with_format(url: str, name: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}format={name}"


def parsed_bibtex(text: str) -> dict:
    (entry,) = bibtexparser.loads(text).entries
    return entry


def valid_csl(document) -> dict:
    jsonschema.validate(document, CSL_SCHEMA)
    (item,) = document
    return item


def parsed_ris(text: str) -> dict:
    (entry,) = rispy.loads(text)
    return entry


@pytest.mark.parametrize("kind", PAGES)
def test_the_api_answers_each_citation_format_by_parameter_and_accept(client, record, kind):
    page, api = PAGES[kind]
    version = RecordVersion.current()
    page_url = f"http://testserver{page}"

    bibtex = client.get(with_format(api, "bibtex"))
    assert bibtex["Content-Type"].startswith("application/x-bibtex")
    entry = parsed_bibtex(bibtex.content.decode())
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["url"] == page_url
    assert entry["urldate"] == TODAY.isoformat()
    assert f"Record version {version}" in entry["note"]

    csl = client.get(api, headers={"accept": "application/vnd.citationstyles.csl+json"})
    assert csl["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    item = valid_csl(json.loads(csl.content))
    assert item["URL"] == page_url
    assert item["accessed"] == {"date-parts": [[TODAY.year, TODAY.month, TODAY.day]]}

    ris = client.get(api, headers={"accept": "application/x-research-info-systems"})
    entry = parsed_ris(ris.content.decode())
    assert entry["type_of_reference"] == "ELEC"
    assert entry["urls"] == [page_url]
    assert entry["access_date"] == TODAY.strftime("%Y/%m/%d")


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_has_a_cite_box_with_the_same_reference(client, record, kind):
    page, api = PAGES[kind]
    html = unescape(client.get(page).content.decode())
    assert 'class="cite-box' in html
    for name in ("Reference", "BibTeX", "CSL-JSON", "RIS"):
        assert f">{name}</p>" in html
    title = parsed_bibtex(client.get(with_format(api, "bibtex")).content.decode())["title"]
    assert title.strip("{}") in html


def test_a_comparison_is_cited_by_its_one_address(client, record):
    asked = "/en/compare/?treaties=russia-dprk-2024&treaties=ussr-dprk-1961&find=pact&utm_x=1"
    box = unescape(client.get(asked).content.decode()).split('class="cite-box')[1]
    one = "http://testserver/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024"
    assert f"url = {{{one}}}" in box
    assert "utm_x" not in box


def test_the_arabic_page_cites_in_arabic(client, record):
    with translation.override("ar"):
        url = reverse("treaties:detail", args=["russia-dprk-2024"])
    html = client.get(url).content.decode()
    assert "نسخة السجل" in html  # no release yet: the record's version
    assert "http://testserver/ar/treaties/russia-dprk-2024/" in html


def test_one_record_of_a_list_without_pages_is_not_cited(client, record):
    assert client.get("/api/v2/topics/mutual-defence/", {"format": "bibtex"}).status_code == 400
    assert client.get("/api/v2/treaties/", {"format": "bibtex"}).status_code == 400


def test_the_schema_offers_the_citation_formats(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    detail = paths["/api/v2/treaties/{slug}/"]["get"]["responses"]["200"]["content"]
    assert {"application/x-bibtex", "application/vnd.citationstyles.csl+json"} <= set(detail)
    compare = paths["/api/v2/compare/"]["get"]["responses"]["200"]["content"]
    assert "application/x-research-info-systems" in compare


awkward_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=80
).filter(lambda text: text.strip())


@given(title=awkward_text, publisher=awkward_text)
def test_any_title_survives_every_format(title, publisher):
    citation = Citation(
        key="key",
        title=title,
        url="https://example.org/en/treaties/x/",
        accessed=datetime.date(2026, 12, 6),
        version="Record version 7",
        language="en",
        publisher=publisher,
    )
    entry = parsed_bibtex(citation.bibtex())
    assert entry["url"] == citation.url
    assert entry["year"] == "2026"
    assert valid_csl(json.loads(citation.csl_json()))["title"] == title
    assert parsed_ris(citation.ris())["urls"] == [citation.url]
