"""Every interface string has its Arabic translation, and mixed scripts are isolated."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR, "locale", "ar", "LC_MESSAGES", "django.po")


def test_the_arabic_catalogue_is_complete():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


@pytest.mark.django_db
def test_latin_names_on_arabic_pages_are_isolated(client, record):
    with translation.override("ar"):
        url = reverse("treaties:detail", kwargs={"slug": "russia-dprk-2024"})
    html = client.get(url).content.decode()
    assert "<bdi>KCNA (via KCNA Watch)</bdi>" in html
    assert '<blockquote lang="en" dir="auto">' in html


@pytest.mark.django_db
def test_arabic_dates_use_arabic_month_names(client, record):
    with translation.override("ar"):
        html = client.get(reverse("treaties:list")).content.decode()
    assert "6 يوليو، 1961" in html
