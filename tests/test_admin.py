import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

pytestmark = pytest.mark.django_db

# Historical versions are browsed from each record's History page, not registered themselves.
RECORD_MODELS = [
    model
    for app_label in ("treaties", "reactions")
    for model in apps.get_app_config(app_label).get_models()
    if not issubclass(model, HistoricalChanges)
]


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
