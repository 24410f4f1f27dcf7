"""The synthetic record for benchmarks (bench.scale_data), at a small size."""

import pytest
from django.db import connection

from bench.scale_data import RefusedDatabase, generate_scale_data
from core.models import Publication
from reactions.models import Reaction
from treaties.models import Clause, Event, Treaty

pytestmark = pytest.mark.django_db


def generate(**options):
    generate_scale_data(
        treaties=12, clauses_per_treaty=5, reactions_per_treaty=3, parties=6, **options
    )


def test_it_generates_the_asked_numbers_in_both_languages(record):
    real_treaties = Treaty.objects.count()
    generate()
    synthetic = Treaty.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 12
    assert Treaty.objects.count() == real_treaties + 12
    assert Clause.objects.filter(treaty__in=synthetic).count() == 60
    assert Reaction.objects.filter(treaty__in=synthetic).count() == 36
    treaty = synthetic.first()
    assert treaty.title_en
    assert treaty.title_ar
    assert any("\u0600" <= letter <= "\u06ff" for letter in treaty.summary_ar)
    assert len(treaty.summary_en.split()) >= 40
    assert treaty.publication == Publication.PUBLISHED
    clause = treaty.clauses.first()
    assert clause.heading_ar
    assert clause.summary_ar
    assert clause.topics.count() == 2


def test_every_synthetic_row_cites_the_source_that_says_it_is_not_real(record):
    generate()
    for rows in (
        Treaty.objects.filter(slug__startswith="synthetic-"),
        Clause.objects.filter(slug__startswith="synthetic-"),
        Reaction.objects.filter(slug__startswith="synthetic-"),
        Event.objects.filter(slug__startswith="synthetic-"),
    ):
        assert rows.exists()
        assert not rows.exclude(sources__slug="synthetic-data").exists()


def test_synthetic_rows_pass_the_models_rules(record):
    generate()
    for treaty in Treaty.objects.filter(slug__startswith="synthetic-"):
        treaty.full_clean()
    for reaction in Reaction.objects.filter(slug__startswith="synthetic-").select_related("treaty"):
        reaction.full_clean()


def test_the_real_record_stays_the_default_comparison(record, client):
    generate()
    response = client.get("/en/compare/")
    assert [t.slug for t in response.context["comparison"].treaties] == [
        "ussr-dprk-1961",
        "russia-dprk-2000",
        "russia-dprk-2024",
    ]


def test_running_again_replaces_rather_than_adds(record):
    generate()
    generate(seed=2)
    assert Treaty.objects.filter(slug__startswith="synthetic-").count() == 12
    generate(reuse=True)
    assert Treaty.objects.filter(slug__startswith="synthetic-").count() == 12


def test_it_refuses_a_database_not_meant_for_benchmarks(record, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "treaties")
    with pytest.raises(RefusedDatabase, match="Refusing"):
        generate()
    assert not Treaty.objects.filter(slug__startswith="synthetic-").exists()
