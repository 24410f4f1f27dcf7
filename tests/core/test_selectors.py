"""The public change log (core.selectors.published_changes): edits of published records, with
their reasons, on the treaty page and in the API; never a name, never a draft's edit."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.admin_helpers import edit_in_admin, staff_client
from tests.api_helpers import api
from treaties.models import Clause, Treaty

pytestmark = pytest.mark.django_db


def test_a_published_records_edit_needs_a_reason(client, django_user_model, roles, record):
    client, _user = staff_client(client, django_user_model, "curator")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    refused = edit_in_admin(client, treaty, {"duration_en": "Ten years"}, reason=None)
    assert refused.status_code == 200
    assert "change_reason" in refused.context["adminform"].form.errors
    treaty.refresh_from_db()
    assert treaty.duration_en != "Ten years"
    saved = edit_in_admin(client, treaty, {"duration_en": "Ten years"}, reason="Per KCNA's text")
    assert saved.status_code == 302
    assert treaty.history.first().history_change_reason == "Per KCNA's text"


def test_the_treaty_page_shows_published_edits_with_reasons_and_no_names(
    client, django_user_model, roles, record
):
    staff, user = staff_client(client, django_user_model, "curator")
    user.username = "zarina.quill"
    user.save()
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    edit_in_admin(staff, treaty, {"duration_en": "Ten years"}, reason="A typo in the duration")
    edit_in_admin(staff, clause, {"heading_en": "Mutual military assistance"}, reason="Wording")
    staff.logout()
    html = client.get(treaty.get_absolute_url()).content.decode()
    changes = html[html.index('id="changes-heading"') :]
    assert "Ten years" in changes
    assert "A typo in the duration" in changes
    assert "Mutual military assistance" in changes
    assert "Article 4" in changes
    assert "changed by a curator" in changes
    assert user.username not in changes


def test_an_articles_page_lists_its_own_published_edits_only(
    client, django_user_model, roles, record
):
    staff, _user = staff_client(client, django_user_model, "curator")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    other = Clause.objects.get(slug="russia-dprk-2024-art-5")
    edit_in_admin(staff, treaty, {"duration_en": "Ten years"}, reason="A typo in the duration")
    edit_in_admin(staff, clause, {"heading_en": "Mutual military assistance"}, reason="Wording")
    edit_in_admin(staff, other, {"heading_en": "No hostile pacts"}, reason="Shorter")
    staff.logout()
    html = client.get(clause.get_absolute_url()).content.decode()
    changes = html[html.index('id="changes-heading"') :]
    assert "Edits to this article since it was published" in changes
    assert "<del><bdi>Military assistance without delay</bdi></del>" in changes
    assert "<ins><bdi>Mutual military assistance</bdi></ins>" in changes
    assert "Wording" in changes
    assert "changed by a curator" in changes
    assert "Ten years" not in changes
    assert "No hostile pacts" not in changes
    # The treaty's log names the article its edit changed, linking to the article's page.
    treaty_html = client.get(treaty.get_absolute_url()).content.decode()
    assert f'<a href="{clause.get_absolute_url()}">Article 4</a>' in treaty_html


def changes_section(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('id="changes-heading"') :]


def test_a_changed_field_is_named_with_its_language_in_the_pages_language(
    anonymous, client, django_user_model, roles, record
):
    staff, _user = staff_client(client, django_user_model, "curator")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    edit_in_admin(staff, treaty, {"duration_ar": "عشر سنوات"}, reason="A typo in the duration")
    staff.logout()
    with translation.override("en"):
        english = changes_section(client, treaty.get_absolute_url())
    with translation.override("ar"):
        arabic = changes_section(client, treaty.get_absolute_url())
    assert "<dt><bdi>Duration (Arabic)</bdi></dt>" in english
    assert "<dt><bdi>المدة (بالعربية)</bdi></dt>" in arabic
    assert "[ar]" not in english + arabic
    # The API keeps the machine names of the fields.
    body = anonymous.get(api("treaties/russia-dprk-2024/changes/")).json()
    assert [field["field"] for field in body[0]["fields"]] == ["duration_ar"]


def test_a_changed_choice_or_relation_reads_as_its_name_not_its_key(
    anonymous, client, django_user_model, roles, record
):
    staff, _user = staff_client(client, django_user_model, "curator")
    clause = Clause.objects.get(slug="ussr-dprk-1961-art-1")
    edit_in_admin(staff, clause, {"obligation_level": "2"}, reason="Coded from the UN text")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    older = Treaty.objects.get(slug="ussr-dprk-1961")
    edit_in_admin(staff, treaty, {"replaces": str(older.pk)}, reason="Per the sources")
    staff.logout()
    with translation.override("en"):
        html = changes_section(client, clause.get_absolute_url())
        treaty_html = changes_section(client, treaty.get_absolute_url())
    assert "<del><bdi>Automatic military assistance</bdi></del>" in html
    assert "<ins><bdi>Assistance without delay, under stated conditions</bdi></ins>" in html
    assert f"<ins><bdi>{older}</bdi></ins>" in treaty_html
    # The API keeps the stored values.
    body = anonymous.get(api("clauses/ussr-dprk-1961-art-1/changes/")).json()
    assert {field["field"]: field["new"] for field in body[0]["fields"]} == {"obligation_level": 2}


def test_drafts_edits_and_publishing_are_not_changes(client, django_user_model, roles, record):
    staff, _user = staff_client(client, django_user_model, "curator")
    draft = Clause.objects.get(slug="russia-dprk-2024-art-4")
    Clause.objects.filter(pk=draft.pk).update(publication="draft")
    draft.refresh_from_db()
    edit_in_admin(staff, draft, {"heading_en": "Secret heading"}, reason=None)
    assert Clause.objects.get(pk=draft.pk).heading_en == "Secret heading"  # no reason needed
    staff.logout()
    html = client.get(draft.treaty.get_absolute_url()).content.decode()
    assert "Secret heading" not in html
    assert "No edit has been made" in html


def test_the_api_serves_each_records_changes(anonymous, client, django_user_model, roles, record):
    staff, user = staff_client(client, django_user_model, "editor")
    user.username = "zarina.quill"
    user.save()
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    edit_in_admin(staff, clause, {"heading_en": "Mutual military assistance"}, reason="Wording")
    body = anonymous.get(api("clauses/russia-dprk-2024-art-4/changes/")).json()
    assert len(body) == 1
    assert body[0]["by"] == "an editor"
    assert body[0]["reason"] == "Wording"
    assert {
        "field": "heading_en",
        "old": "Assistance in case of attack",
        "new": "Mutual military assistance",
    } in body[0]["fields"] or any(
        field["field"] == "heading_en" and field["new"] == "Mutual military assistance"
        for field in body[0]["fields"]
    )
    assert user.username not in str(body)
    assert anonymous.get(api("treaties/russia-dprk-2024/changes/")).json() == []
    assert anonymous.get(api("treaties/no-such-treaty/changes/")).status_code == 404


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("x" * 100, True),
        ("x" * 101, False),  # longer than history keeps
        ("   ", False),  # blank is no reason
        ("Typo\u202e", False),  # an override a reader cannot see
        ("Typo\x00", False),
        ("=HYPERLINK(x)", True),  # plain text here; exports escape it
    ],
)
def test_a_reason_is_text_a_reader_can_see_and_history_can_keep(
    client, django_user_model, roles, record, curator, reason, accepted
):
    staff, _user = staff_client(client, django_user_model, "editor")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    response = edit_in_admin(staff, treaty, {"duration_en": "Ten years"}, reason=reason)
    assert response.status_code == (302 if accepted else 200)
    body = {"duration": {"en": "Nine years", "ar": "تسع سنوات"}, "change_reason": reason}
    api_response = curator.patch(api("treaties/russia-dprk-2024/"), body, format="json")
    assert api_response.status_code == (200 if accepted else 400)
    if not accepted:
        assert "change_reason" in api_response.json()


def test_a_tampered_version_field_is_a_form_error_not_a_failure(
    client, django_user_model, roles, record
):
    staff, _user = staff_client(client, django_user_model, "curator")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    response = edit_in_admin(
        staff, treaty, {"duration_en": "Ten years", "record_version": "x" * 5000}, "Sourced"
    )
    assert response.status_code == 200
    assert Treaty.objects.get(pk=treaty.pk).duration_en != "Ten years"


def test_hostile_publish_and_restore_parameters_do_nothing(
    client, django_user_model, roles, record
):
    staff, _user = staff_client(client, django_user_model, "editor")
    changelist = reverse("admin:treaties_treaty_changelist")
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    Clause.objects.filter(pk=clause.pk).update(publication="draft")
    other = Treaty.objects.get(slug="ussr-dprk-1961")
    staff.post(
        changelist,
        {
            "action": "publish",
            "_selected_action": [other.pk],
            "confirm": "yes",
            # A draft of another treaty, and junk: only what the page offered is published.
            "publish_with": [f"treaties.clause:{clause.pk}", "x" * 5000, "\u202e", ""],
        },
    )
    assert Clause.objects.get(pk=clause.pk).is_draft
    assert staff.post("/admin/treaties/treaty/deleted/99999999/restore/").status_code == 404
    # Not a restore URL at all: the admin's own answer for an unknown record, not a failure.
    assert staff.get("/admin/treaties/treaty/deleted/abc/restore/", follow=True).status_code == 200


def test_hostile_if_match_headers_are_answered_cleanly(curator, record):
    url = api("treaties/russia-dprk-2024/")
    body = {"duration": {"en": "Nine years", "ar": "تسع سنوات"}, "change_reason": "Sourced"}
    for header in ['"' + "a" * 10_000 + '"', "W/", ",,,", "garbage"]:
        response = curator.patch(url, body, format="json", HTTP_IF_MATCH=header)
        assert response.status_code == 412, header
