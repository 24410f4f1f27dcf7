"""Reference treaties: well-known guarantees held to set beside the record's three treaties."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ClauseFactory, TopicFactory, TreatyFactory
from treaties import selectors
from treaties.models import ObligationLevel, Treaty

pytestmark = pytest.mark.django_db

REFERENCES = ["north-atlantic-1949", "us-rok-1953", "prc-dprk-1961"]
THE_THREE = ["ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"]


def get(client, name, language="en", params=None, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    return client.get(url, params or {})


def test_each_reference_holds_its_guarantee_coded_and_quoted(record):
    guarantees = {
        "north-atlantic-1949": ("5", ObligationLevel.CONDITIONAL_ASSISTANCE),
        "us-rok-1953": ("3", ObligationLevel.CONDITIONAL_ASSISTANCE),
        "prc-dprk-1961": ("2", ObligationLevel.AUTOMATIC_ASSISTANCE),
    }
    assert [treaty.slug for treaty in Treaty.objects.references().chronological()] == REFERENCES
    for slug, (number, level) in guarantees.items():
        treaty = Treaty.objects.get(slug=slug)
        assert not treaty.articles_complete
        (clause,) = treaty.clauses.all()
        assert (clause.number, clause.obligation_level) == (number, level)
        assert clause.obligation_reason_en
        assert clause.obligation_reason_ar
        assert "mutual-defence" in {topic.slug for topic in clause.topics.all()}
        clause.full_clean()  # its key phrases are words of its texts
        texts = list(clause.texts.all())
        assert texts
        assert all(text.source_id and text.note for text in texts)
        assert clause.key_phrase_text is not None


def test_the_timeline_and_the_default_comparison_leave_the_references_out(client, record):
    assert selectors.default_comparison_slugs() == THE_THREE
    timeline = selectors.treaty_timeline(today=datetime.date(2026, 1, 1))
    assert [treaty.slug for treaty in timeline.treaties] == THE_THREE
    response = get(client, "treaties:timeline")
    assert [treaty.slug for treaty in response.context["page"]] == THE_THREE
    assert "North Atlantic" not in response.content.decode()


def test_a_reference_that_replaced_another_is_not_the_default_comparison(db):
    older = TreatyFactory(signed_on=datetime.date(1990, 1, 1))
    newer = TreatyFactory(signed_on=datetime.date(2000, 1, 1), replaces=older)
    TreatyFactory(signed_on=datetime.date(2010, 1, 1), replaces=newer, reference=True)
    assert selectors.default_comparison_slugs() == [older.slug, newer.slug]


def test_the_list_sets_the_references_apart(client, record):
    response = get(client, "treaties:list")
    assert [treaty.slug for treaty in response.context["treaties"]] == THE_THREE
    html = response.content.decode()
    references = html.split('id="references-heading"')[1]
    for title in ("North Atlantic Treaty (1949)", "1953 US–South Korea", "1961 China–DPRK Treaty"):
        assert title in references
        assert title not in html.split('id="references-heading"')[0]


def test_the_comparison_offers_to_set_the_newest_treaty_beside_each_reference(client, record):
    html = get(client, "treaties:compare").content.decode()
    calibrate = html.split('id="calibrate-heading"')[1].split("</aside>")[0]
    for slug in REFERENCES:
        query = urlencode(
            {"treaties": ["russia-dprk-2024", slug], "topics": ["mutual-defence"]}, doseq=True
        ).replace("&", "&amp;")
        assert f"?{query}" in calibrate
    assert 'value="north-atlantic-1949"> North Atlantic Treaty (1949) <span class="tag">' in html


def test_a_reference_sits_beside_the_2024_treaty_with_its_level(client, record):
    params = {"treaties": ["russia-dprk-2024", "prc-dprk-1961"], "topics": ["mutual-defence"]}
    response = get(client, "treaties:compare", params=params)
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [treaty.slug for treaty in comparison.treaties] == ["prc-dprk-1961", "russia-dprk-2024"]
    assert [level for _treaty, level in comparison.strongest_obligations()] == [
        ObligationLevel.AUTOMATIC_ASSISTANCE,
        ObligationLevel.CONDITIONAL_ASSISTANCE,
    ]
    # Peking Review's English and KCNA's are both official translations: their words can be diffed.
    (row,) = comparison.rows
    assert [(old.slug, new.slug) for old, new in row.wording_pairs] == [
        ("prc-dprk-1961", "russia-dprk-2024")
    ]
    assert selectors.shared_wording(*row.cells) == ("en", "official_translation")


def test_calibrations_name_only_the_topics_a_reference_is_held_for(db):
    defence, charter = TopicFactory.create_batch(2)
    record_treaty = TreatyFactory()
    reference = TreatyFactory(reference=True)
    ClauseFactory(treaty=reference, topics=[charter, defence])
    ClauseFactory(treaty=reference, order=2, topics=[defence])
    (calibration,) = selectors.calibrations(
        [record_treaty, reference], selectors.comparison_frame()
    )
    assert calibration.treaty == record_treaty
    in_order = sorted([defence, charter], key=lambda topic: topic.order)
    assert calibration.topics == [topic.slug for topic in in_order]  # each once, in topic order
    assert (
        selectors.calibrations([reference], selectors.comparison_frame()) == []
    )  # nothing of the record to set beside it


def test_a_reference_page_says_what_it_is_and_lists_only_its_held_articles(client, record):
    for language in ("en", "ar"):
        detail = get(client, "treaties:detail", language, slug="north-atlantic-1949")
        assert detail.status_code == 200
        assert 'class="note reference-note"' in detail.content.decode()
    text = get(client, "treaties:full-text", slug="north-atlantic-1949")
    html = text.content.decode()
    assert [article.number for article in text.context["articles"]] == ["5"]
    assert "Not found" not in html
    assert 'class="note reference-note"' in html
    assert "an attack against them all" in html


def test_the_api_marks_and_filters_the_references(client, record):
    body = client.get("/api/v2/treaties/north-atlantic-1949/").json()
    assert body["reference"] is True
    listed = client.get("/api/v2/treaties/", {"reference": "true"}).json()
    assert [row["slug"] for row in listed["results"]] == REFERENCES


def test_the_methodology_page_codes_the_references_beside_the_three(client, record):
    html = get(client, "treaties:methodology").content.decode()
    for slug in ("north-atlantic-1949-art-5", "us-rok-1953-art-3", "prc-dprk-1961-art-2"):
        assert f'id="coding-{slug}"' in html
