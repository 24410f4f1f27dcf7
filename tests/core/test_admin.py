import pytest
from django.contrib import admin
from django.urls import reverse

from core.db import record_models
from core.models import Publication
from core.services import publication_set
from tests import admin_helpers
from tests.admin_helpers import form_data
from tests.factories import (
    ClauseFactory,
    ReactionFactory,
    SourceFactory,
    TopicFactory,
    TreatyFactory,
)
from treaties.models import Source

pytestmark = pytest.mark.django_db

# Historical versions are browsed from each record's History page, not registered themselves.
RECORD_MODELS = record_models()


def test_every_record_model_is_in_the_admin():
    assert RECORD_MODELS
    for model in RECORD_MODELS:
        assert admin.site.is_registered(model), model.__name__


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_index_loads_for_staff(staff_client):
    assert staff_client.get(reverse("admin:index")).status_code == 200


def test_admin_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_changelist_and_change_page_load(staff_client, record, model):
    meta = model._meta
    changelist = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = staff_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200


def test_treaty_change_page_edits_both_languages(staff_client, record):
    from treaties.models import Treaty

    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    html = staff_client.get(reverse("admin:treaties_treaty_change", args=[treaty.pk])).content
    assert b'name="title_en"' in html
    assert b'name="title_ar"' in html
    assert b"clauses-TOTAL_FORMS" in html


def test_arabic_fields_are_typed_right_to_left_in_forms_and_inlines(staff_client, record):
    from treaties.models import Treaty

    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    html = staff_client.get(reverse("admin:treaties_treaty_change", args=[treaty.pk]))
    html = html.content.decode()
    for name in ("title_ar", "summary_ar", "clauses-0-summary_ar", "signatories-0-name_ar"):
        tag = html.split(f'name="{name}"')[0].rsplit("<", 1)[1] + html.split(f'name="{name}"')[1]
        assert 'dir="rtl"' in tag.split(">")[0], name
        assert 'lang="ar"' in tag.split(">")[0], name
    title_en = html.split('name="title_en"')[1].split(">")[0]
    assert 'dir="rtl"' not in title_en


def sourced(model) -> bool:
    return any(field.name == "sources" for field in model._meta.get_fields())


def test_every_admin_form_for_a_sourced_record_requires_a_source(rf, django_user_model):
    """Sources are a many-to-many relation, which model validation cannot see; every admin form
    and inline that creates a sourced record must therefore ask for one."""
    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    checked = []
    for model, model_admin in admin.site._registry.items():
        if sourced(model):
            form = model_admin.get_form(request)()
            assert form.fields["sources"].required, model.__name__
            checked.append(model)
        for inline in model_admin.get_inline_instances(request):
            if sourced(inline.model):
                formset = inline.get_formset(request)()
                assert formset.form.base_fields["sources"].required, inline.model.__name__
                checked.append(inline.model)
    assert {model.__name__ for model in checked} >= {"Treaty", "Clause", "Reaction", "Event"}


def test_inline_clauses_ask_for_their_summary_and_sources(staff_client):
    page = staff_client.get(reverse("admin:treaties_treaty_add"))
    assert page.status_code == 200
    formsets = {
        inline.formset.model.__name__: inline.formset
        for inline in page.context["inline_admin_formsets"]
    }
    clause_form = formsets["Clause"].empty_form
    assert {"summary_en", "summary_ar", "sources", "publication"} <= set(clause_form.fields)


PUBLISHABLE_FACTORIES = [TreatyFactory, ClauseFactory, ReactionFactory]


def revert(client, record, version):
    """Post History's "Revert" form for `version` of `record` unchanged, as a person would."""
    opts = record._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, version.history_id],
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "publication" not in page.context["adminform"].form.fields
    response = client.post(url, form_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES)
@pytest.mark.parametrize("role", ["curator", "editor"])
@pytest.mark.parametrize(
    ("before", "after"),
    [(Publication.DRAFT, Publication.PUBLISHED), (Publication.PUBLISHED, Publication.DRAFT)],
)
def test_reverting_from_history_never_publishes_or_withdraws(
    client, django_user_model, roles, factory, role, before, after
):
    # An article's admin form asks for its topics.
    extra = {"topics": [TopicFactory()]} if factory is ClauseFactory else {}
    record = factory(publication=before, **extra)
    if factory is not TreatyFactory:
        publication_set(
            record=record.treaty,
            publication=Publication.PUBLISHED,
            user=django_user_model.objects.create_superuser("root"),
        )
    first_version = record.history.earliest()
    editor = django_user_model.objects.create_superuser("chief")
    publication_set(record=record, publication=after, user=editor)
    client, _user = admin_helpers.staff_client(client, django_user_model, role)
    response = revert(client, record, first_version)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.publication == after
    assert record.history.first().publication == after


def test_the_admin_refuses_to_delete_the_last_source_of_a_record(client, django_user_model, roles):
    only = SourceFactory(slug="only-source")
    clause = ClauseFactory(heading_en="Mutual aid", sources=[only])
    client, _user = admin_helpers.staff_client(client, django_user_model, "editor")
    url = reverse("admin:treaties_source_delete", args=[only.pk])
    page = client.get(url).content.decode()
    assert "cites no other source" in page
    assert str(clause) in page
    client.post(url, {"post": "yes"})
    bulk = client.post(
        reverse("admin:treaties_source_changelist"),
        {"action": "delete_selected", "_selected_action": [only.pk], "post": "yes"},
    )
    assert "cites no other source" in bulk.content.decode()
    assert Source.objects.filter(pk=only.pk).exists()


def test_a_stale_admin_form_is_refused_and_says_what_changed(client, django_user_model, roles):
    treaty = TreatyFactory(duration_en="Indefinite")
    url = reverse("admin:treaties_treaty_change", args=[treaty.pk])
    first, _first_user = admin_helpers.staff_client(client, django_user_model, "curator")
    first_form = form_data(first.get(url))
    from django.test import Client

    second, _second_user = admin_helpers.staff_client(Client(), django_user_model, "editor")
    second_form = form_data(second.get(url))

    assert first.post(url, {**first_form, "duration_en": "Twenty years"}).status_code == 302
    stale = second.post(url, {**second_form, "duration_en": "Ten years"})
    assert stale.status_code == 200
    errors = " ".join(stale.context["adminform"].form.non_field_errors())
    assert "Someone saved this record after you opened it" in errors
    assert "duration_en: 'Indefinite' → 'Twenty years'" in errors
    treaty.refresh_from_db()
    assert treaty.duration_en == "Twenty years"
    # Opened again, the form shows the new version and saves.
    fresh = form_data(second.get(url))
    assert second.post(url, {**fresh, "duration_en": "Ten years"}).status_code == 302
