"""Curation in the admin: roles, change history and revert."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from tests.admin_helpers import form_data, staff_client
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def test_roles_are_created_idempotently(roles):
    call_command("sync_roles", verbosity=0)
    curator = set(Group.objects.get(name="curator").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    assert {"add_treaty", "change_treaty", "view_treaty", "change_reaction"} <= curator
    assert "delete_treaty" not in curator
    assert {"delete_treaty", "delete_reaction"} <= editor
    assert curator < editor
    assert not {codename for codename in editor if codename.endswith("_user")}


def test_curator_edits_content_but_not_users(client, django_user_model, roles, record):
    client, _user = staff_client(client, django_user_model, "curator")
    assert client.get(reverse("admin:treaties_treaty_add")).status_code == 200
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    assert client.get(reverse("admin:treaties_treaty_change", args=[treaty.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:treaties_treaty_delete", args=[treaty.pk])).status_code == 403


def test_editor_may_also_delete(client, django_user_model, roles, record):
    client, _user = staff_client(client, django_user_model, "editor")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    page = client.get(reverse("admin:treaties_treaty_delete", args=[treaty.pk]))
    assert page.status_code == 200
    # Deleting a treaty that has reactions shows what is protected instead of deleting it.
    assert "Cannot delete" in page.content.decode() or "protected" in page.content.decode()


def test_changes_are_recorded_and_can_be_reverted_from_the_admin(
    client, django_user_model, roles, record
):
    client, user = staff_client(client, django_user_model, "curator")
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    change_url = reverse("admin:treaties_treaty_change", args=[treaty.pk])

    data = form_data(client.get(change_url))
    data["duration_en"] = "Ten years"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    treaty.refresh_from_db()
    assert treaty.duration_en == "Ten years"

    latest = treaty.history.first()
    assert latest.history_user == user
    assert latest.history_type == "~"
    history_page = client.get(reverse("admin:treaties_treaty_history", args=[treaty.pk]))
    assert history_page.status_code == 200
    assert ">curator<" in history_page.content.decode()  # who made the change

    original = treaty.history.order_by("history_date").first()
    revert_url = reverse(
        "admin:treaties_treaty_simple_history", args=[treaty.pk, original.history_id]
    )
    revert_form = client.get(revert_url)
    assert revert_form.status_code == 200
    response = client.post(revert_url, form_data(revert_form))
    assert response.status_code == 302
    treaty.refresh_from_db()
    assert treaty.duration_en == "Indefinite"
    assert treaty.history.count() == 3


def test_api_writes_are_recorded_with_their_user(curator, record):
    curator.patch(
        "/api/v2/treaties/russia-dprk-2024/",
        {"duration": {"en": "Indefinite", "ar": "غير محددة"}, "change_reason": "Sourced"},
        format="json",
    )
    latest = Treaty.objects.get(slug="russia-dprk-2024").history.first()
    assert latest.history_user.username == "curator"
    assert latest.duration_ar == "غير محددة"


def test_loading_records_one_first_version_per_row_once(record):
    assert Treaty.history.count() == Treaty.objects.count()
    assert Treaty.history.first().history_change_reason == "Loaded from the sourced fixtures"
    call_command("load_initial_data", "--force", verbosity=0)
    assert Treaty.history.count() == Treaty.objects.count()


def test_repeated_failed_logins_lock_the_account_out(client, django_user_model):
    django_user_model.objects.create_user("curator", password="right-password", is_staff=True)
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "curator", "password": "wrong"}, REMOTE_ADDR="127.0.0.9")
    response = client.post(
        login, {"username": "curator", "password": "right-password"}, REMOTE_ADDR="127.0.0.9"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_is_not_locked(client, django_user_model):
    django_user_model.objects.create_user("curator", password="right-password", is_staff=True)
    response = client.post(
        reverse("admin:login"), {"username": "curator", "password": "right-password"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_admin_lists_records_missing_a_translation(client, django_user_model, roles, record):
    client, _user = staff_client(client, django_user_model, "curator")
    Treaty.objects.filter(slug="russia-dprk-2000").update(summary_ar="")
    changelist = reverse("admin:treaties_treaty_changelist")
    missing_arabic = client.get(changelist, {"missing": "ar"})
    assert [t.slug for t in missing_arabic.context["cl"].result_list] == ["russia-dprk-2000"]
    assert list(client.get(changelist, {"missing": "en"}).context["cl"].result_list) == []


def test_a_version_brings_back_the_topics_and_sources_it_had(
    client, django_user_model, roles, record
):
    from treaties.models import Clause, Topic

    client, _user = staff_client(client, django_user_model, "curator")
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    loaded = clause.history.earliest()
    topics_before = set(clause.topics.values_list("slug", flat=True))
    assert "mutual-defence" in topics_before
    change_url = reverse("admin:treaties_clause_change", args=[clause.pk])
    data = form_data(client.get(change_url))
    data["topics"] = [str(Topic.objects.get(slug="economy").pk)]
    assert client.post(change_url, data).status_code == 302
    assert set(clause.topics.values_list("slug", flat=True)) == {"economy"}

    revert_url = reverse("admin:treaties_clause_simple_history", args=[clause.pk, loaded.pk])
    response = client.post(revert_url, form_data(client.get(revert_url)))
    assert response.status_code == 302
    assert set(clause.topics.values_list("slug", flat=True)) == topics_before
    assert clause.history.first().topics.count() == len(topics_before)


def test_every_loaded_version_records_its_many_to_many_values(record):
    from treaties.models import Treaty

    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    first = treaty.history.earliest()
    assert {row.party.slug for row in first.parties.all()} == {"russia", "dprk"}
    assert first.sources.count() == treaty.sources.count()
