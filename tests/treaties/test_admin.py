"""The treaties' admin beyond the shared bases: deleted treaties and their restoring, and an
article's texts."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin_helpers import form_data, staff_client
from tests.factories import (
    ClauseFactory,
    ClauseTextFactory,
    EventFactory,
    SignatoryFactory,
    SourceFactory,
    TopicFactory,
    TopicNoteFactory,
    TreatyFactory,
)
from treaties.models import Clause, Event, Signatory, TopicNote, Treaty

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted_treaty(roles):
    """A treaty with one of each part, deleted as an editor deletes it (its parts go with it)."""
    topic, source = TopicFactory(slug="defence"), SourceFactory(slug="treaty-text")
    treaty = TreatyFactory(slug="gone-treaty", sources=[source])
    ClauseFactory(slug="gone-treaty-art-1", treaty=treaty, topics=[topic], sources=[source])
    SignatoryFactory(treaty=treaty, name_en="A. Signer")
    TopicNoteFactory(treaty=treaty, topic=topic)
    EventFactory(slug="gone-treaty-initialled", treaty=treaty)
    parties = set(treaty.parties.values_list("pk", flat=True))
    treaty.delete()
    return {"pk": treaty.pk, "parties": parties, "topic": topic, "source": source}


def test_the_history_of_an_article_deleted_with_its_treaty_loads(
    client, django_user_model, deleted_treaty
):
    client, _user = staff_client(client, django_user_model, "editor")
    version = Clause.history.get(slug="gone-treaty-art-1", history_type="-")
    page = client.get(reverse("admin:treaties_clause_history", args=[version.id]))
    assert page.status_code == 200
    assert "a deleted treaty" in page.content.decode()


def test_an_editor_restores_a_deleted_treaty_with_all_it_took(
    client, django_user_model, deleted_treaty
):
    client, editor = staff_client(client, django_user_model, "editor")
    changelist = client.get(reverse("admin:treaties_treaty_changelist")).content.decode()
    assert f'href="{reverse("admin:treaty_deleted")}"' in changelist
    assert "Import" in changelist
    listing = client.get(reverse("admin:treaty_deleted"))
    html = listing.content.decode()
    assert "gone-treaty" in html or "Deleted on" in html
    assert "A. Signer" in html
    deletion = Treaty.history.get(slug="gone-treaty", history_type="-")
    response = client.post(reverse("admin:treaty_restore", args=[deletion.history_id]), follow=True)
    assert "Restored 5 records." in response.content.decode()
    treaty = Treaty.objects.get(slug="gone-treaty")
    assert set(treaty.parties.values_list("pk", flat=True)) == deleted_treaty["parties"]
    assert list(treaty.sources.all()) == [deleted_treaty["source"]]
    clause = Clause.objects.get(slug="gone-treaty-art-1")
    assert list(clause.topics.all()) == [deleted_treaty["topic"]]
    assert list(clause.sources.all()) == [deleted_treaty["source"]]
    assert Signatory.objects.get(treaty=treaty).sources.exists()
    assert TopicNote.objects.filter(treaty=treaty).exists()
    assert Event.objects.filter(slug="gone-treaty-initialled").exists()
    assert treaty.history.first().history_user == editor
    assert "Restore it" not in client.get(reverse("admin:treaty_deleted")).content.decode()


def test_only_editors_see_and_restore_deleted_treaties(client, django_user_model, deleted_treaty):
    client, _user = staff_client(client, django_user_model, "curator")
    changelist = client.get(reverse("admin:treaties_treaty_changelist")).content.decode()
    assert reverse("admin:treaty_deleted") not in changelist
    assert client.get(reverse("admin:treaty_deleted")).status_code == 403
    deletion = Treaty.history.get(slug="gone-treaty", history_type="-")
    assert (
        client.post(reverse("admin:treaty_restore", args=[deletion.history_id])).status_code == 403
    )
    assert not Treaty.objects.filter(slug="gone-treaty").exists()


def test_a_deleted_record_comes_back_from_its_history(client, django_user_model, roles):
    event = EventFactory(slug="lonely-event")
    pk = event.pk
    event.delete()
    client, _user = staff_client(client, django_user_model, "curator")
    version = Event.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    url = reverse("admin:treaties_event_simple_history", args=[pk, version.history_id])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302
    assert Event.objects.get(pk=pk).sources.exists()


def test_a_curator_brings_back_a_deleted_published_record_only_as_a_draft(
    client, django_user_model, roles
):
    from reactions.models import Reaction
    from tests.factories import ReactionFactory

    reaction = ReactionFactory(slug="gone-reaction")
    pk = reaction.pk
    assert not reaction.is_draft
    reaction.delete()
    client, _user = staff_client(client, django_user_model, "curator")
    version = Reaction.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    url = reverse("admin:reactions_reaction_simple_history", args=[pk, version.history_id])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert Reaction.objects.get(pk=pk).is_draft


@pytest.fixture
def quoted_clause():
    clause = ClauseFactory(topics=[TopicFactory()])
    text = ClauseTextFactory(clause=clause, text="They shall consult together.")
    return text.clause


def save_texts(client, clause, texts: dict, reason: str):
    """Post the article's admin form with its first text's fields changed to `texts`."""
    url = reverse("admin:treaties_clause_change", args=[clause.pk])
    data = form_data(client.get(url))
    data |= {f"texts-0-{name}": value for name, value in texts.items()}
    data["change_reason"] = reason
    return client.post(url, data)


def test_a_published_articles_texts_change_for_a_reason_kept_with_them(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    response = save_texts(staff, quoted_clause, {"text": "They shall consult."}, reason="")
    assert response.status_code == 200
    assert "Say why you change this published article&#x27;s texts" in response.content.decode()
    assert quoted_clause.texts.get().text == "They shall consult together."
    response = save_texts(staff, quoted_clause, {"text": "They shall consult."}, reason="Per UNTS")
    assert response.status_code == 302
    text = quoted_clause.texts.get()
    assert text.text == "They shall consult."
    assert text.history.first().history_change_reason == "Per UNTS"


def test_a_curator_cannot_delete_a_text_an_editor_can(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    save_texts(staff, quoted_clause, {"DELETE": "on"}, reason="Not a source's words")
    assert quoted_clause.texts.exists()
    editor, _user = staff_client(Client(), django_user_model, "editor")
    response = save_texts(editor, quoted_clause, {"DELETE": "on"}, reason="Not a source's words")
    assert response.status_code == 302
    assert not quoted_clause.texts.exists()


def test_a_text_of_an_unknown_kind_is_a_form_error_not_a_500(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    response = save_texts(staff, quoted_clause, {"kind": "summary"}, reason="Relabelled")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_blank_reason_is_no_reason(client, django_user_model, roles, quoted_clause):
    staff, _user = staff_client(client, django_user_model, "curator")
    response = save_texts(staff, quoted_clause, {"text": "They shall consult."}, reason="   ")
    assert response.status_code == 200
    assert quoted_clause.texts.get().text == "They shall consult together."


def test_a_text_edited_on_its_own_page_needs_its_articles_reason_and_stays_with_it(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    text = quoted_clause.texts.get()
    url = reverse("admin:treaties_clausetext_change", args=[text.pk])
    data = form_data(staff.get(url)) | {"text": "They shall consult.", "change_reason": ""}
    data["clause"] = str(ClauseFactory().pk)  # not a field of the form: ignored
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "Say why you change this published record" in response.content.decode()
    response = staff.post(url, data | {"change_reason": "Per the UNTS"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert (text.text, text.clause) == ("They shall consult.", quoted_clause)
    assert text.history.first().history_change_reason == "Per the UNTS"


def test_a_text_and_the_key_phrases_it_holds_are_saved_together(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    url = reverse("admin:treaties_clause_change", args=[quoted_clause.pk])
    data = form_data(staff.get(url)) | {
        "key_phrases": "shall immediately extend assistance",
        "change_reason": "Adds the English of the UNTS",
        "texts-TOTAL_FORMS": "2",
        "texts-1-language": "en",
        "texts-1-kind": "official_translation",
        "texts-1-text": "The other party shall immediately extend assistance.",
        "texts-1-source": str(SourceFactory().pk),
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    quoted_clause.refresh_from_db()
    assert quoted_clause.key_phrases == ["shall immediately extend assistance"]
    assert quoted_clause.texts.count() == 2


def test_key_phrases_no_text_holds_are_refused_with_the_texts_saved(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    response = save_texts(
        staff, quoted_clause, {"text": "They shall meet."}, reason="Per UNTS"
    )  # the phrase is saved with the clause below
    assert response.status_code == 302
    url = reverse("admin:treaties_clause_change", args=[quoted_clause.pk])
    data = form_data(staff.get(url)) | {"key_phrases": "consult", "change_reason": "Coded"}
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "none of its texts holds" in response.content.decode()
    quoted_clause.refresh_from_db()
    assert quoted_clause.key_phrases == []


def test_a_text_cannot_lose_its_articles_key_phrases_on_its_own_page(
    client, django_user_model, roles, quoted_clause
):
    Clause.objects.filter(pk=quoted_clause.pk).update(key_phrases=["consult together"])
    staff, _user = staff_client(client, django_user_model, "curator")
    text = quoted_clause.texts.get()
    url = reverse("admin:treaties_clausetext_change", args=[text.pk])
    data = form_data(staff.get(url)) | {"text": "They shall meet.", "change_reason": "Per UNTS"}
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "none of its texts holds" in response.content.decode()
    assert quoted_clause.texts.get().text == "They shall consult together."


def test_a_text_saved_by_someone_else_since_the_form_was_shown_is_not_overwritten(
    client, django_user_model, roles, quoted_clause
):
    staff, _user = staff_client(client, django_user_model, "curator")
    url = reverse("admin:treaties_clause_change", args=[quoted_clause.pk])
    shown = form_data(staff.get(url))
    text = quoted_clause.texts.get()
    text.text, text._change_reason = "They shall consult at once.", "Another curator's fix"
    text.save()
    response = staff.post(
        url, shown | {"texts-0-text": "They shall consult.", "change_reason": "Per UNTS"}
    )
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.content.decode()
    assert quoted_clause.texts.get().text == "They shall consult at once."
    # An untouched text is not checked: the article's own edit goes through.
    response = staff.post(url, form_data(staff.get(url)) | {"change_reason": "Heading"})
    assert response.status_code == 302
