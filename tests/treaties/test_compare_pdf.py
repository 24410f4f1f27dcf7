"""The comparison as a PDF: rendered by WeasyPrint, read back with pypdf."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core.pdf import StaticFilesOnly
from core.throttling import PDFThrottle
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
    assert "Record version" in text  # no release yet (tests/core/test_releases.py)
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


def test_the_pdf_reads_its_stylesheet_under_the_deployed_hashed_name(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = static("css/pdf.css")
    assert hashed != "/static/css/pdf.css"  # the name a deployed page links to
    fetched = StaticFilesOnly().fetch(f"file://{hashed}")
    assert b"@page" in fetched.read()


def test_the_pdf_fetches_nothing_but_static_files():
    with pytest.raises(ValueError, match="Not fetched"):
        StaticFilesOnly().fetch("http://example.org/style.css")
    with pytest.raises(ValueError, match="Not fetched"):
        StaticFilesOnly().fetch("file:///etc/passwd")


def test_new_pdfs_are_throttled(client, record, monkeypatch):
    caches["throttle"].clear()  # counts other tests' PDFs made
    monkeypatch.setattr(PDFThrottle, "THROTTLE_RATES", {"pdf": "1/minute"})
    assert client.get(pdf_url(query=QUERY)).status_code == 200
    refused = client.get(pdf_url(query=QUERY + "&x=1"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_a_treaty_prints_as_a_pdf_with_its_articles_and_sources(client, record):
    with translation.override("en"):
        url = reverse("treaties:pdf", args=["ussr-dprk-1961"])
    text = pdf_text(client.get(url))
    flat = re.sub(r"\s+", "", text)
    assert "http://testserver/en/treaties/ussr-dprk-1961/" in flat
    assert "Article 1" in text
    assert "Date not known from the sources" in text  # its entry into force
    assert "Unconfirmed" in text  # its end date
    for source in Source.objects.filter(treaties__slug="ussr-dprk-1961").exclude(url=""):
        assert re.sub(r"\s+", "", source.url) in flat, source.url
    arabic = pdf_text(client.get(url.replace("/en/", "/ar/")))
    assert len(ARABIC.findall(arabic)) > 300


def test_the_treaty_page_links_its_pdf_and_a_missing_treaty_is_a_404(client, record):
    html = client.get(reverse("treaties:detail", args=["russia-dprk-2024"])).content.decode()
    assert 'href="/en/treaties/russia-dprk-2024/pdf/" type="application/pdf"' in html
    assert client.get("/en/treaties/no-such-treaty/pdf/").status_code == 404
