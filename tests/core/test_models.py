"""Draft and published states: what the public, curators and editors see and may do."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import Publication
from core.services import publication_set
from reactions.models import Reaction
from tests.admin_helpers import staff_client
from tests.api_helpers import api
from tests.factories import (
    ClauseFactory,
    PartyFactory,
    ReactionFactory,
    TopicFactory,
    TreatyFactory,
)
from treaties.models import Alignment, Clause, Treaty
from treaties.services import treaty_publish

pytestmark = pytest.mark.django_db

DRAFT = Publication.DRAFT


@pytest.fixture
def drafts(record):
    """Beside the published record: a draft treaty with a clause and a reaction, and a draft
    clause added to the published 2024 treaty."""
    topic = TopicFactory(slug="hidden-topic", name_en="Hidden topic", name_ar="موضوع مخفي")
    treaty = TreatyFactory(slug="draft-treaty", short_title_en="Secret Pact", publication=DRAFT)
    ClauseFactory(
        slug="draft-treaty-art-1",
        treaty=treaty,
        heading_en="Zanzibar clause",
        topics=[topic],
        publication=DRAFT,
    )
    ReactionFactory(
        slug="draft-treaty-reaction", treaty=treaty, summary_en="Quixotic remark", publication=DRAFT
    )
    ClauseFactory(
        slug="russia-dprk-2024-draft",
        treaty=Treaty.objects.get(slug="russia-dprk-2024"),
        order=99,
        number="",
        heading_en="Unpublished article",
        topics=[topic],
        publication=DRAFT,
    )
    return treaty


def page(client, name, **params):
    return client.get(reverse(name), params)


def test_new_records_start_as_drafts():
    assert Treaty().is_draft
    assert Clause().is_draft
    assert Reaction().is_draft


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("treaties:list", {}),
        ("treaties:timeline", {}),
        ("reactions:list", {}),
        ("treaties:compare", {}),
        ("treaties:compare", {"treaties": ["russia-dprk-2000", "russia-dprk-2024"]}),
    ],
)
def test_public_pages_leave_drafts_out(client, drafts, name, params):
    response = page(client, f"{name}", **params)
    assert response.status_code == 200
    content = response.content.decode()
    for hidden in ("Secret Pact", "Zanzibar", "Quixotic", "Unpublished article"):
        assert hidden not in content
    assert "preview-note" not in content


@pytest.mark.parametrize("text", ["Secret Pact", "Zanzibar", "Quixotic", "Unpublished"])
def test_search_leaves_drafts_out(client, drafts, text):
    results = page(client, "search:search", q=text).context["results"]
    assert (results.treaties, results.clauses, results.reactions) == ([], [], [])


def test_a_draft_treaty_is_not_found_by_the_public(client, drafts):
    assert client.get(drafts.get_absolute_url()).status_code == 404
    compare = page(client, "treaties:compare", treaties=["draft-treaty", "russia-dprk-2024"])
    assert compare.status_code == 400
    assert compare.context["form"].has_error("treaties", code="unknown")
    assert page(client, "reactions:list", treaty="draft-treaty").status_code == 400


def test_a_draft_clause_of_a_published_treaty_is_left_off_its_page(client, drafts):
    response = client.get(reverse("treaties:detail", args=["russia-dprk-2024"]))
    assert response.status_code == 200
    assert "Unpublished article" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "hidden"),
    [
        ("treaties/", "draft-treaty"),
        ("clauses/?page_size=100", "draft-treaty-art-1"),
        ("clauses/?treaty=russia-dprk-2024", "russia-dprk-2024-draft"),
        ("reactions/?page_size=100", "draft-treaty-reaction"),
        ("treaties/?topic=hidden-topic", "russia-dprk-2024"),
        ("compare/?topics=hidden-topic", "Unpublished"),
    ],
)
def test_the_api_leaves_drafts_out(anonymous, drafts, path, hidden):
    response = anonymous.get(api(path))
    assert response.status_code == 200
    assert hidden not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "treaties/draft-treaty/",
        "clauses/draft-treaty-art-1/",
        "clauses/russia-dprk-2024-draft/",
        "reactions/draft-treaty-reaction/",
        "clauses/?treaty=draft-treaty",
        "compare/?treaties=draft-treaty&treaties=russia-dprk-2024",
    ],
)
def test_the_api_does_not_find_drafts(anonymous, drafts, path):
    assert anonymous.get(api(path)).status_code == 404


def test_curators_preview_drafts_marked_as_such(client, django_user_model, roles, drafts):
    client, _user = staff_client(client, django_user_model, "curator")
    content = client.get(drafts.get_absolute_url()).content.decode()
    assert "Secret Pact" in content
    assert "Zanzibar clause" in content
    assert "Quixotic remark" in content
    assert content.count("badge-draft") == 3  # the treaty, its article and its reaction
    assert "preview-note" in content
    listing = page(client, "treaties:list").content.decode()
    assert "Secret Pact" in listing
    compare = page(client, "treaties:compare", treaties=["russia-dprk-2000", "russia-dprk-2024"])
    assert "Unpublished article" in compare.content.decode()


def test_curators_read_drafts_through_the_api(curator, drafts):
    response = curator.get(api("treaties/draft-treaty/"))
    assert response.status_code == 200
    assert response.json()["publication"] == "draft"


def test_a_curators_comparison_keeps_no_draft_for_the_public(
    curator, anonymous, drafts, kept_answers
):
    """The API keeps each treaty's column for the next comparisons: not a curator's, which
    shows the drafts."""
    treaties = {"treaties": ["russia-dprk-2000", "russia-dprk-2024"]}
    assert "Unpublished article" in curator.get(api("compare/"), treaties).content.decode()
    public = anonymous.get(api("compare/"), treaties)
    assert public.status_code == 200
    assert "Unpublished article" not in public.content.decode()


def test_a_curators_comparison_page_keeps_no_draft_for_the_public(
    client, django_user_model, roles, drafts, kept_answers
):
    """The page keeps each treaty's column, the treaties to tick and each treaty's alignments
    for the next comparisons: not a curator's, which shows the drafts."""
    curator, _user = staff_client(client, django_user_model, "curator")
    treaties = ["russia-dprk-2000", "russia-dprk-2024"]
    previewed = page(curator, "treaties:compare", treaties=treaties).content.decode()
    assert "Unpublished article" in previewed
    assert "Secret Pact" in previewed  # offered to tick
    curator.logout()
    public = page(Client(), "treaties:compare", treaties=treaties)
    assert public.status_code == 200
    assert "Unpublished article" not in public.content.decode()
    assert "Secret Pact" not in public.content.decode()


def test_an_alignment_with_a_draft_article_is_not_kept_for_the_public(
    client, django_user_model, roles, drafts, kept_answers
):
    """Alignments are kept per treaty: one reaching a draft article of a published treaty
    stays out, however the curator's comparison was made first."""
    Alignment.objects.create(
        old_treaty=Treaty.objects.get(slug="russia-dprk-2000"),
        new_treaty=Treaty.objects.get(slug="russia-dprk-2024"),
        new_clause=Clause.objects.get(slug="russia-dprk-2024-draft"),
        relation=Alignment.Relation.NEW,
        note_en="Quixotic alignment",
    )
    treaties = ["russia-dprk-2000", "russia-dprk-2024"]
    curator, _user = staff_client(client, django_user_model, "curator")
    assert (
        "Quixotic alignment"
        in page(curator, "treaties:compare", treaties=treaties).content.decode()
    )
    curator.logout()
    for language in ("en", "ar"):
        public = Client().get(f"/{language}/compare/", {"treaties": treaties})
        assert public.status_code == 200
        assert "Quixotic alignment" not in public.content.decode()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api_curator(django_user_model, roles):
    """A token client in the curator group: may edit, may not publish."""
    user = django_user_model.objects.create_user("api-curator", password="pw")
    user.groups.add(Group.objects.get(name="curator"))
    return token_client(user)


def test_publishing_through_the_api_takes_the_editor_role(api_curator, curator, drafts):
    path = api("treaties/draft-treaty/")
    response = api_curator.patch(path, {"publication": "published"}, format="json")
    assert response.status_code == 403
    assert Treaty.objects.get(slug="draft-treaty").is_draft
    # Other edits stay open to the curator.
    edit = api_curator.patch(
        path, {"duration": {"en": "Ten years", "ar": "عشر سنوات"}}, format="json"
    )
    assert edit.status_code == 200, edit.json()
    # `curator` holds every permission on the record, publishing included.
    assert curator.patch(path, {"publication": "published"}, format="json").status_code == 200
    assert not Treaty.objects.get(slug="draft-treaty").is_draft


def test_treaty_publish_publishes_its_draft_parts_and_records_who(django_user_model, drafts):
    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.user_permissions.set(Permission.objects.filter(codename__startswith="publish_"))
    assert treaty_publish(treaty=drafts, user=editor) == 3
    assert not Clause.objects.get(slug="draft-treaty-art-1").is_draft
    assert not Reaction.objects.get(slug="draft-treaty-reaction").is_draft
    assert drafts.history.first().history_user == editor
    assert drafts.history.first().publication == Publication.PUBLISHED


def test_publishing_without_the_permission_is_refused(django_user_model, drafts):
    user = django_user_model.objects.create_user("nobody", password="pw")
    with pytest.raises(PermissionDenied):
        publication_set(record=drafts, publication=Publication.PUBLISHED, user=user)
    assert Treaty.objects.get(slug="draft-treaty").is_draft


def test_curators_see_the_state_but_cannot_publish_in_the_admin(
    client, django_user_model, roles, drafts
):
    client, _user = staff_client(client, django_user_model, "curator")
    changelist = client.get(reverse("admin:treaties_treaty_changelist"))
    # The curator has no action left on the list (deleting and publishing are the editor's).
    assert changelist.context["action_form"] is None
    change = client.get(reverse("admin:treaties_treaty_change", args=[drafts.pk]))
    assert "publication" not in change.context["adminform"].form.fields
    assert "Draft" in change.content.decode()


def test_editors_publish_a_treaty_with_its_parts_from_the_admin(
    client, django_user_model, roles, drafts
):
    client, editor = staff_client(client, django_user_model, "editor")
    changelist = reverse("admin:treaties_treaty_changelist")
    action = {"action": "publish", "_selected_action": [drafts.pk]}
    confirmation = client.post(changelist, action)
    assert confirmation.status_code == 200
    offered = [key for _record, drafts in confirmation.context["offered"] for key, *_ in drafts]
    assert len(offered) == 2  # the treaty's draft article and draft reaction
    assert Treaty.objects.get(slug="draft-treaty").is_draft  # nothing published yet
    response = client.post(
        changelist, {**action, "confirm": "yes", "publish_with": offered}, follow=True
    )
    assert response.status_code == 200
    assert "Published 3 records." in response.content.decode()
    assert not Treaty.objects.get(slug="draft-treaty").is_draft
    assert not Clause.objects.get(slug="draft-treaty-art-1").is_draft
    assert drafts.history.first().history_user == editor
    client.post(
        reverse("admin:treaties_treaty_changelist"),
        {"action": "withdraw", "_selected_action": [drafts.pk]},
    )
    assert Treaty.objects.get(slug="draft-treaty").is_draft


@pytest.fixture
def replaces_a_draft(drafts):
    """A published treaty that replaces the draft one (as a curator may record before the
    predecessor is published), with a reaction of a party that has no published reaction."""
    successor = TreatyFactory(slug="public-successor", replaces=drafts)
    ReactionFactory(
        slug="draft-only-party-reaction",
        treaty=successor,
        party=PartyFactory(slug="quiet-state", short_name_en="Quiet State"),
        publication=DRAFT,
    )
    return successor


def test_a_published_treaty_does_not_show_the_draft_it_replaces(client, replaces_a_draft):
    html = client.get(replaces_a_draft.get_absolute_url()).content.decode()
    assert "Secret Pact" not in html
    assert "draft-treaty" not in html


def test_the_api_does_not_link_the_draft_a_treaty_replaces(anonymous, curator, replaces_a_draft):
    detail = anonymous.get(api("treaties/public-successor/")).json()
    assert detail["replaces"] is None
    listed = anonymous.get(api("treaties/"), {"page_size": 100}).json()["results"]
    assert [t["replaces"] for t in listed if t["slug"] == "public-successor"] == [None]
    assert "draft-treaty" not in str(listed)
    previewed = curator.get(api("treaties/public-successor/")).json()
    assert previewed["replaces"].endswith("/api/v2/treaties/draft-treaty/")


def test_a_curator_previews_the_draft_a_treaty_replaces(client, django_user_model, roles, drafts):
    TreatyFactory(slug="public-successor", replaces=drafts)
    client, _user = staff_client(client, django_user_model, "curator")
    html = client.get(reverse("treaties:detail", args=["public-successor"])).content.decode()
    assert "Secret Pact" in html


def test_the_party_filter_offers_no_party_whose_reactions_are_all_drafts(
    client, django_user_model, roles, replaces_a_draft
):
    public = client.get(reverse("reactions:list")).content.decode()
    assert "Quiet State" not in public
    assert client.get(reverse("reactions:list"), {"party": "quiet-state"}).status_code == 400
    client, _user = staff_client(client, django_user_model, "curator")
    assert "Quiet State" in client.get(reverse("reactions:list")).content.decode()


def test_publishing_a_published_treaty_lists_its_drafts_and_publishes_only_the_ticked(
    client, django_user_model, roles, drafts
):
    """A curator's unfinished article on a published treaty is not published behind the
    editor's back: the confirmation names it, and an unticked one stays a draft."""
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    ready = ClauseFactory(slug="ready-article", treaty=treaty, order=98, publication=DRAFT)
    client, _editor = staff_client(client, django_user_model, "editor")
    changelist = reverse("admin:treaties_treaty_changelist")
    action = {"action": "publish", "_selected_action": [treaty.pk]}
    confirmation = client.post(changelist, action)
    html = confirmation.content.decode()
    unfinished = Clause.objects.get(slug="russia-dprk-2024-draft")
    assert f'value="treaties.clause:{unfinished.pk}" checked' in html  # the curator's, listed
    assert f'value="treaties.clause:{ready.pk}" checked' in html
    client.post(
        changelist, {**action, "confirm": "yes", "publish_with": [f"treaties.clause:{ready.pk}"]}
    )
    assert not Clause.objects.get(slug="ready-article").is_draft
    assert Clause.objects.get(slug="russia-dprk-2024-draft").is_draft


# Every path by which a record's publication could change, for each publishable model: only
# the editor's permission changes it (History's revert: tests/core/test_admin.py).
DRAFT_RECORDS = {
    "treaty": ("draft-treaty", Treaty, "treaties"),
    "clause": ("russia-dprk-2024-draft", Clause, "clauses"),
    "reaction": ("draft-treaty-reaction", Reaction, "reactions"),
}


@pytest.mark.parametrize("name", DRAFT_RECORDS)
def test_a_curators_admin_form_cannot_publish(client, django_user_model, roles, drafts, name):
    from tests.admin_helpers import form_data

    slug, model, _path = DRAFT_RECORDS[name]
    record = model.objects.get(slug=slug)
    client, _user = staff_client(client, django_user_model, "curator")
    url = reverse(f"admin:{model._meta.app_label}_{name}_change", args=[record.pk])
    data = form_data(client.get(url)) | {"publication": "published"}
    assert client.post(url, data).status_code == 302
    assert model.objects.get(slug=slug).is_draft


@pytest.mark.parametrize("name", DRAFT_RECORDS)
def test_a_curators_list_action_cannot_publish(client, django_user_model, roles, drafts, name):
    slug, model, _path = DRAFT_RECORDS[name]
    record = model.objects.get(slug=slug)
    client, _user = staff_client(client, django_user_model, "curator")
    changelist = reverse(f"admin:{model._meta.app_label}_{name}_changelist")
    action = {"action": "publish", "_selected_action": [record.pk], "confirm": "yes"}
    client.post(changelist, action)
    assert model.objects.get(slug=slug).is_draft


@pytest.mark.parametrize("name", DRAFT_RECORDS)
def test_a_curators_api_write_cannot_publish(api_curator, drafts, name):
    slug, model, path = DRAFT_RECORDS[name]
    response = api_curator.patch(api(f"{path}/{slug}/"), {"publication": "published"})
    assert response.status_code == 403
    assert model.objects.get(slug=slug).is_draft


@pytest.mark.parametrize("name", DRAFT_RECORDS)
def test_a_curators_import_cannot_publish(django_user_model, roles, drafts, name):
    from reactions.resources import ReactionResource
    from treaties.resources import ClauseResource, TreatyResource

    resource = {"treaty": TreatyResource, "clause": ClauseResource, "reaction": ReactionResource}
    slug, model, _path = DRAFT_RECORDS[name]
    user = django_user_model.objects.create_user("importing-curator", password="pw")
    user.groups.add(Group.objects.get(name="curator"))
    exported = resource[name]().export(queryset=model.objects.filter(slug=slug))
    exported[0] = tuple(
        "published" if header == "publication" else value
        for header, value in zip(exported.headers, exported[0], strict=True)
    )
    result = resource[name]().import_data(exported, user=user, dry_run=True)
    assert "editor role" in str(result.invalid_rows[0].error_dict["publication"])
    assert model.objects.get(slug=slug).is_draft


def test_a_curators_inline_article_cannot_publish(client, django_user_model, roles, drafts):
    from tests.admin_helpers import form_data

    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    client, _user = staff_client(client, django_user_model, "curator")
    url = reverse("admin:treaties_treaty_change", args=[treaty.pk])
    page = client.get(url)
    data = form_data(page)
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Clause
    )
    index = next(
        i for i, form in enumerate(formset.forms) if form.instance.slug == "russia-dprk-2024-draft"
    )
    data[f"{formset.prefix}-{index}-publication"] = "published"
    assert client.post(url, data).status_code == 302
    assert Clause.objects.get(slug="russia-dprk-2024-draft").is_draft


def test_rows_read_to_be_shown_leave_out_what_only_search_reads(django_assert_num_queries):
    clause = ClauseFactory()
    with django_assert_num_queries(1):
        shown = Clause.objects.without_search_vectors().get(pk=clause.pk)
        assert shown.heading_en == clause.heading_en
    searched = {"search_en", "search_ar", "searched_wording_en", "searched_wording_ar"}
    assert searched <= shown.get_deferred_fields()
