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
    # The publisher in Arabic, its Latin part kept: isolated from the Arabic around it.
    assert "<bdi>وكالة الأنباء المركزية الكورية (عبر KCNA Watch)</bdi>" in html
    assert "KCNA (via KCNA Watch)" not in html
    assert '<blockquote lang="en" dir="auto">' in html


@pytest.mark.django_db
def test_arabic_dates_use_arabic_month_names(client, record):
    with translation.override("ar"):
        html = client.get(reverse("treaties:list")).content.decode()
    assert "6 يوليو 1961" in html  # no comma between month and year: a date is one item


@pytest.mark.django_db
def test_a_source_and_its_date_are_separated_in_the_pages_language(client, record):
    with translation.override("ar"):
        html = client.get(reverse("treaties:detail", kwargs={"slug": "russia-dprk-2000"}))
    html = html.content.decode()
    assert '</bdi></a>، <time datetime="2000-02-10">10 فبراير 2000</time>' in html
    assert "</bdi></a>, <time" not in html


@pytest.mark.django_db
def test_arrows_between_treaties_point_the_way_the_page_reads(client, record):
    for language, arrow, hidden in (("en", "→", "to"), ("ar", "←", "إلى")):
        with translation.override(language):
            html = client.get(reverse("treaties:compare")).content.decode()
        link = html.split('id="wording-mutual-defence"')[0].rsplit("<a href=", 1)[1]
        assert f'<span aria-hidden="true">{arrow}</span>' in link
        assert f'<span class="visually-hidden">{hidden}</span>' in link


@pytest.mark.django_db
def test_an_english_text_on_the_arabic_wording_page_runs_left_to_right(client, record):
    with translation.override("ar"):
        url = reverse("treaties:compare-wording")
    query = {"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "russia-dprk-2024"}
    html = client.get(url, query).content.decode()
    assert '<p class="diff" lang="en" dir="ltr">' in html
    assert '<span class="visually-hidden" lang="ar">' in html


@pytest.mark.django_db
def test_no_english_only_publisher_label_on_arabic_pages(client, record):
    from treaties.models import Source

    assert not Source.objects.filter(publisher_ar__isnull=True).exists()
    assert not Source.objects.filter(publisher_ar="").exists()
    with translation.override("ar"):
        html = client.get(reverse("treaties:detail", kwargs={"slug": "russia-dprk-2024"}))
    html = html.content.decode()
    for label in ("(English edition)", "(GitHub copy)", "(blog)", "seed", "syndicated"):
        assert label not in html
