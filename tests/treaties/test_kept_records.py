"""An API list never asked for before (another filter, date or page) reuses the records earlier
lists made, kept per record and record version, and shows exactly what it would have made."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from core.api import KeptRecordsMixin
from tests.api_helpers import api
from tests.factories import TreatyFactory
from treaties.models import Treaty
from treaties.serializers import TreatySerializer

pytestmark = pytest.mark.django_db

OLD, MIDDLE, NEW = "ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"


def treaty_list(path: str = api("treaties/"), **params) -> dict:
    response = Client().get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("path", [api("treaties/"), "/api/v1/treaties/", api("clauses/")])
def test_a_new_list_shows_what_it_would_have_made_itself(record, settings, path):
    settings.RECORD_CACHE_SECONDS = 0
    made = treaty_list(path, page_size=2, page=2)
    settings.RECORD_CACHE_SECONDS = 600
    treaty_list(path)  # every record of the next list is now kept
    assert treaty_list(path, page_size=2, page=2) == made


def test_a_new_list_makes_only_the_records_not_kept_yet(record, kept_answers):
    treaty_list(signed_after="1990-01-01")
    real = TreatySerializer.to_representation
    with mock.patch.object(
        TreatySerializer, "to_representation", autospec=True, side_effect=real
    ) as made:
        page = treaty_list(signed_after="1960-01-01", ordering="-signed_on")
    newly_made = {call.args[1].slug for call in made.call_args_list}
    assert newly_made == set(
        Treaty.objects.filter(signed_on__range=("1960-01-01", "1989-12-31")).values_list(
            "slug", flat=True
        )
    )
    assert OLD in newly_made
    assert [treaty["slug"] for treaty in page["results"]][:2] == [NEW, MIDDLE]


def test_a_list_of_kept_records_reads_only_their_keys_and_count(
    record, kept_answers, django_assert_num_queries
):
    treaty_list()
    with django_assert_num_queries(3):  # the record's version, the count, the page's keys
        page = treaty_list(page_size=2)
    assert page["count"] == Treaty.objects.count()
    assert len(page["results"]) == 2


def test_records_kept_before_any_reader_asks_make_nothing_and_show_the_same(
    record, kept_answers, settings
):
    settings.RECORD_CACHE_SECONDS = 0
    made = treaty_list(signed_after="1990-01-01", page_size=3)
    settings.RECORD_CACHE_SECONDS = 600
    call_command("keep_comparisons", origin=["http://testserver"], verbosity=0)
    with mock.patch.object(TreatySerializer, "to_representation") as made_again:
        assert treaty_list(signed_after="1990-01-01", page_size=3) == made
    made_again.assert_not_called()


def test_records_kept_for_one_address_are_not_linked_from_another(record, kept_answers, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "treaties.example"]
    call_command("keep_comparisons", origin=["https://treaties.example"], verbosity=0)
    listed = treaty_list()["results"]
    assert listed[0]["api_url"].startswith("http://testserver/api/v2/treaties/")
    assert "treaties.example" not in str(listed)


@pytest.mark.django_db(transaction=True)  # the version rises once a transaction
def test_an_edit_shows_in_the_next_list(record, kept_answers):
    treaty_list()
    Treaty.objects.filter(slug=NEW).update(short_title_en="Edited title")
    listed = treaty_list(signed_after="2000-01-01")["results"]
    assert "Edited title" in [treaty["short_title"]["en"] for treaty in listed]


def test_a_curator_reads_drafts_in_a_list_no_reader_is_given(record, kept_answers, curator):
    draft = TreatyFactory(publication="draft", slug="draft-treaty")
    treaty_list()
    listed = curator.get(api("treaties/"), {"page_size": 100}).json()["results"]
    assert draft.slug in [treaty["slug"] for treaty in listed]
    assert draft.slug not in [treaty["slug"] for treaty in treaty_list(page_size=100)["results"]]


def test_a_record_withdrawn_while_a_list_is_made_is_left_out(record, kept_answers):
    real = KeptRecordsMixin.represent_records

    def withdrawn_meanwhile(view, pks):
        Treaty.objects.filter(slug=NEW).update(publication="draft")
        return real(view, pks)

    with mock.patch.object(
        KeptRecordsMixin, "represent_records", autospec=True, side_effect=withdrawn_meanwhile
    ):
        listed = [treaty["slug"] for treaty in treaty_list()["results"]]
    assert NEW not in listed
    assert OLD in listed
