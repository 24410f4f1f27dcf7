"""Hostile strings written by a curator (or a stolen token) are refused or shown as text: never
run as markup in a reader's page, never stored broken."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.models import Publication
from core.text import unreadable_text
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


def test_marks_that_only_set_direction_are_dropped(curator, record):
    """A right-to-left mark (U+200F) sets direction and carries no word; the pages set each
    text's direction themselves, so the rule drops it rather than refuse the text."""
    body = new_treaty(summary={"en": "Fine\u200b", "ar": "وُقّعت عام \u200f2030\u061c"})
    assert curator.post(api("treaties/"), body, format="json").status_code == 201
    treaty = Treaty.objects.get(slug="test-treaty-2030")
    assert treaty.summary_ar == "وُقّعت عام 2030"
    assert treaty.summary_en == "Fine"


def test_joiners_that_shape_letters_are_kept(curator, record):
    body = new_treaty(summary={"en": "Fine", "ar": "می\u200cخواهم"})
    assert curator.post(api("treaties/"), body, format="json").status_code == 201
    assert "\u200c" in Treaty.objects.get(slug="test-treaty-2030").summary_ar


UNREADABLE = {
    "isolate": ("\u2067", "bidi_control"),
    "pop-isolate": ("\u2069", "bidi_control"),
    "embedding": ("\u202b", "bidi_control"),
    "private-use": ("\ue000", "private_use"),
    "private-use-plane-15": ("\U000f0001", "private_use"),
    "control": ("\x07", "control_character"),
    "noncharacter": ("\uffff", "not_a_character"),
}


@pytest.mark.parametrize(("character", "code"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_what_a_reader_cannot_see_is_refused_through_the_api(curator, record, character, code):
    body = new_treaty(summary={"en": "Fine", "ar": f"خلاصة {character}نص"})
    response = curator.post(api("treaties/"), body, format="json")
    assert response.status_code == 400
    assert "summary_ar" in response.json()
    assert not Treaty.objects.filter(slug="test-treaty-2030").exists()


@pytest.mark.parametrize(("character", "code"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_what_a_reader_cannot_see_is_refused_by_the_model(record, character, code):
    from django.core.exceptions import ValidationError

    from reactions.models import Reaction

    reaction = Reaction.objects.first()
    reaction.quote = f"Quoted {character}words"
    with pytest.raises(ValidationError) as error:
        reaction.full_clean()
    assert error.value.error_dict["quote"][0].code == code


@pytest.mark.parametrize(("character", "code"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_what_a_reader_cannot_see_is_a_row_error_on_import(record, character, code):
    from django.contrib.auth.models import Permission

    from tests.core.test_resources import treaty_rows
    from treaties.resources import TreatyResource

    editor = get_user_model().objects.create_user("importer", password="pw")
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="treaties"))
    rows = treaty_rows(summary_en=f"Summary {character}here")
    result = TreatyResource().import_data(rows, user=editor, dry_run=True)
    assert result.has_validation_errors()
    message = unreadable_text(character)[1]
    assert result.invalid_rows[0].error_dict["summary_en"] == [message]


@pytest.mark.parametrize(
    "body",
    [
        '{"summary": {"en": "x\\ud800", "ar": "y"}}',
        '{"replaces": "/api/v2/treaties/\\udfff/"}',
        '{"\\ud800": 1}',
    ],
    ids=["text", "link", "key"],
)
def test_a_lone_surrogate_in_a_json_body_is_a_400(curator, record, body):
    response = curator.patch(
        api("treaties/russia-dprk-2024/"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]


def test_stored_private_use_characters_cannot_forge_a_match_in_a_snippet(client, record):
    # Written before the rule refused them (an update skips validation).
    Treaty.objects.filter(slug="russia-dprk-2024").update(
        summary_en="\ue000Forged\ue001 emphasis and a partnership"
    )
    html = client.get("/en/search/", {"q": "partnership"}).content.decode()
    assert "<mark>Forged</mark>" not in html
    assert "\ue000" not in html
    assert "<mark>partnership</mark>" in html


def test_lines_end_with_a_line_feed_alone(curator, record):
    # A browser's textarea sends CR LF; an XLSX file would give back LF, so the rule stores LF.
    body = new_treaty(summary={"en": "Line one\r\nLine two\rLine three", "ar": "سطر"})
    assert curator.post(api("treaties/"), body, format="json").status_code == 201
    summary = Treaty.objects.get(slug="test-treaty-2030").summary_en
    assert summary == "Line one\nLine two\nLine three"
