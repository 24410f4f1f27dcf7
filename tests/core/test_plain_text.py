"""Hostile strings written by a curator (or a stolen token) are refused or shown as text: never
run as markup in a reader's page, never stored broken."""

import pytest
from django.test import Client

from core.models import Publication
from tests.api_helpers import api
from tests.treaties.test_api import new_treaty
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "title",
    ["Treaty\x00 of NUL", "x" * 10_000],
    ids=["nul-byte", "very-long"],
)
def test_broken_text_is_refused_and_nothing_is_stored(curator, record, title):
    response = curator.post(
        api("treaties/"), new_treaty(title={"en": title, "ar": "معاهدة"}), format="json"
    )
    assert response.status_code == 400
    assert {"title", "title_en"} & set(response.json())
    assert not Treaty.objects.filter(slug="test-treaty-2030").exists()


@pytest.fixture
def treaty_with_markup(curator, record):
    body = new_treaty(
        short_title={"en": f"Pact {MARKUP}", "ar": f"ميثاق {MARKUP}"},
        summary={"en": f"A summary about fisheries {MARKUP}", "ar": f"خلاصة {MARKUP}"},
    )
    assert curator.post(api("treaties/"), body, format="json").status_code == 201
    Treaty.objects.filter(slug="test-treaty-2030").update(publication=Publication.PUBLISHED)
    return Treaty.objects.get(slug="test-treaty-2030")


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/ar/",
        "/en/treaties/test-treaty-2030/",
        "/en/timeline/",
        "/en/compare/?treaties=russia-dprk-2024&treaties=test-treaty-2030",
        "/en/search/?q=fisheries",
    ],
)
def test_markup_in_curated_text_is_shown_as_text(treaty_with_markup, path):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")' not in html
    assert "<img src=x" not in html


def test_the_api_returns_curated_text_as_stored(treaty_with_markup, anonymous):
    body = anonymous.get(api("treaties/test-treaty-2030/")).json()
    assert body["short_title"]["en"] == f"Pact {MARKUP}"
    assert body["short_title"]["ar"] == f"ميثاق {MARKUP}"


RIGHT_TO_LEFT_OVERRIDE = "\u202e"


def test_bidirectional_overrides_are_refused_through_the_api(curator, record):
    body = new_treaty(summary={"en": "Fine", "ar": f"خلاصة {RIGHT_TO_LEFT_OVERRIDE}txet"})
    response = curator.post(api("treaties/"), body, format="json")
    assert response.status_code == 400
    assert "summary_ar" in response.json()
    assert not Treaty.objects.filter(slug="test-treaty-2030").exists()


def test_bidirectional_overrides_are_refused_wherever_a_record_is_checked(record):
    from django.core.exceptions import ValidationError

    from reactions.models import Reaction

    reaction = Reaction.objects.first()
    reaction.speaker_en = f"Antony {RIGHT_TO_LEFT_OVERRIDE}nekniB"
    with pytest.raises(ValidationError) as error:
        reaction.full_clean()
    assert error.value.error_dict["speaker_en"][0].code == "bidi_control"


def test_marks_that_only_set_direction_are_kept(curator, record):
    """The right-to-left mark (U+200F) is ordinary in Arabic text next to numbers."""
    body = new_treaty(summary={"en": "Fine", "ar": "وُقّعت عام \u200f2030"})
    assert curator.post(api("treaties/"), body, format="json").status_code == 201
