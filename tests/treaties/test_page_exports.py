"""Every list, comparison and treaty page links its data as CSV and JSON, and the links work."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/treaties/russia-dprk-2024/",
    "/en/compare/",
    "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024&topics=mutual-defence",
    "/en/reactions/?party=usa",
    "/en/timeline/",
    "/en/topics/",
    "/en/topics/mutual-defence/",
    "/en/parties/",
    "/en/parties/russia/",
    "/en/sources/",
    "/ar/compare/",
]


def export_links(html: str) -> dict[str, str]:
    block = re.search(r'<p class="exports[^"]*">(.*?)</p>', html, re.S)
    assert block, "no exports on the page"
    return {
        kind: unescape(url)
        for url, kind in re.findall(r'href="([^"]+)" type="([^"]+)"', block.group(1))
    }


@pytest.mark.parametrize("path", PAGES)
def test_the_page_offers_its_data_as_csv_and_json(client, record, path):
    links = export_links(client.get(path).content.decode())
    assert {"text/csv", "application/json"} <= set(links)
    for media_type, url in links.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(media_type)


def test_the_comparison_exports_the_comparison_shown(client, record):
    path = "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024&topics=mutual-defence"
    links = export_links(client.get(path).content.decode())
    body = client.get(links["application/json"]).json()
    assert [row["topic"]["slug"] for row in body["rows"]] == ["mutual-defence"]
    assert len(body["treaties"]) == 2
    lines = client.get(links["text/csv"]).content.decode().splitlines()
    assert len(lines) == 3  # the header and one row a treaty


def test_the_reactions_export_keeps_the_filters(client, record):
    links = export_links(client.get("/en/reactions/?party=usa&stance=").content.decode())
    rows = client.get(links["application/json"]).json()["results"]
    assert rows
    assert all(row["party"].endswith("/parties/usa/") for row in rows)


def test_a_refused_comparison_offers_no_export(client, record):
    html = client.get("/en/compare/?treaties=ussr-dprk-1961").content.decode()
    assert 'class="exports' not in html
