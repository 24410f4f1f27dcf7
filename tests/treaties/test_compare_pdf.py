"""The comparison as a PDF: rendered by WeasyPrint, read back with pypdf."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from treaties.models import Source

pytestmark = pytest.mark.django_db

QUERY = "?treaties=ussr-dprk-1961&treaties=russia-dprk-2000&treaties=russia-dprk-2024"
ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_url(language="en", query=QUERY) -> str:
    with translation.override(language):
        return reverse("treaties:compare-pdf") + query


def test_the_pdf_carries_permalink_date_record_and_the_comparison(client, record):
    text = pdf_text(client.get(pdf_url()))
    flat = re.sub(r"\s+", "", text)
    assert "http://testserver/en/compare/" + QUERY in flat
    assert "Made on" in text
    assert "Version" in text
    assert "Mutual defence" in text
    assert "Automatic military assistance" in text
    assert "Official translation" in text  # every quoted text says what it is


def test_the_pdf_lists_every_source_address(client, record):
    response = client.get(pdf_url())
    flat = re.sub(r"\s+", "", pdf_text(response))
    cited = Source.objects.filter(clauses__treaty__slug="russia-dprk-2024").exclude(url="")
    assert cited.exists()
    for source in cited.distinct():
        assert re.sub(r"\s+", "", source.url) in flat, source.url


def test_the_arabic_pdf_is_in_arabic(client, record):
    text = pdf_text(client.get(pdf_url("ar")))
    assert len(ARABIC.findall(text)) > 500
    assert "ussr-dprk-1961" in re.sub(r"\s+", "", text)  # the permalink, written left to right


def test_a_comparison_that_cannot_be_made_is_the_pages_400(client, record):
    response = client.get(pdf_url(query="?treaties=ussr-dprk-1961"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Pick at least two treaties to compare." in response.content.decode()


def test_the_comparison_page_links_its_pdf(client, record):
    html = client.get(reverse("treaties:compare") + QUERY).content.decode()
    assert 'type="application/pdf"' in html
    assert "/en/compare/pdf/?treaties=ussr-dprk-1961&amp;treaties=russia-dprk-2000" in html
