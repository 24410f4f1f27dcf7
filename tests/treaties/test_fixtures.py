"""The real record in fixtures/: complete, sourced, bilingual, honest about what is unconfirmed."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from modeltranslation.translator import translator
from simple_history.models import HistoricalChanges

from core.models import Certainty
from reactions.models import Reaction
from treaties.models import (
    Alignment,
    Clause,
    ClauseText,
    Event,
    ObligationLevel,
    Party,
    Signatory,
    Source,
    TextKind,
    Topic,
    TopicNote,
    Treaty,
)

pytestmark = pytest.mark.django_db

SEED_ARTICLE = Path(settings.BASE_DIR, "fixtures", "seed", "article-ar.txt").read_text()


def test_three_treaties_with_their_real_dates(record):
    treaties = {treaty.slug: treaty for treaty in Treaty.objects.of_record()}
    assert set(treaties) == {"ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"}

    t1961, t2000, t2024 = (treaties[slug] for slug in sorted(treaties, key=lambda s: s[-4:]))
    assert t1961.signed_on == datetime.date(1961, 7, 6)
    assert t1961.entry_into_force is None, "no source gives the 1961 entry into force"
    assert t1961.end_reason == Treaty.EndReason.LAPSED

    assert t2000.signed_on == datetime.date(2000, 2, 9)
    assert t2000.entry_into_force == datetime.date(2000, 10, 30)
    assert t2000.ended_on == datetime.date(2024, 12, 4)
    assert t2000.replaces == t1961

    assert t2024.signed_on == datetime.date(2024, 6, 19)
    assert t2024.entry_into_force == datetime.date(2024, 12, 4)
    assert t2024.ended_on is None
    assert t2024.replaces == t2000
    assert t2024.status == Treaty.Status.IN_FORCE


def test_moscow_is_followed_from_the_ussr_to_russia(record):
    russia = Party.objects.get(slug="russia")
    assert [party.slug for party in russia.lineage()] == ["russia", "ussr"]
    assert Party.objects.get(slug="ussr").iso_code == ""


@pytest.mark.parametrize("model", [Treaty, Clause, Reaction, Event, Signatory, TopicNote])
def test_every_record_cites_a_source(record, model):
    unsourced = model.objects.filter(sources__isnull=True)
    assert not unsourced.exists(), f"{model.__name__} without a source: {list(unsourced)}"


def test_every_cited_source_says_where_it_is(record):
    for treaty in Treaty.objects.prefetch_related("sources"):
        for source in treaty.sources.all():
            assert source.publisher
            assert source.url or source.slug == "seed-article"


@pytest.mark.parametrize(
    "model",
    [Party, Treaty, Clause, Reaction, Event, Signatory, TopicNote],
    ids=lambda m: m.__name__,
)
def test_required_translations_are_filled_in_both_languages(record, model):
    options = translator.get_options_for_model(model)
    required = options.required_languages
    for obj in model.objects.all():
        for field in options.fields:
            languages = (
                required
                if isinstance(required, tuple)
                else [code for code, fields in required.items() if field in fields]
            )
            for code in languages:
                assert getattr(obj, f"{field}_{code}"), f"{obj!r}: {field}_{code} is empty"


def test_optional_translations_are_filled_in_both_languages_or_neither(record):
    for model in (Treaty, Clause, Reaction, Event):
        for field in translator.get_options_for_model(model).fields:
            for obj in model.objects.all():
                filled = [bool(getattr(obj, f"{field}_{code}")) for code in ("en", "ar")]
                assert filled[0] == filled[1], f"{obj!r}: {field} filled in one language only"


def test_arabic_quotes_are_word_for_word_from_the_seed_article(record):
    arabic_quotes = Reaction.objects.filter(quote_language="ar")
    assert arabic_quotes.count() >= 2
    for reaction in arabic_quotes:
        assert reaction.quote in SEED_ARTICLE, reaction.slug


def test_reactions_known_only_from_the_undated_article_are_marked_inferred(record):
    for reaction in Reaction.objects.prefetch_related("sources"):
        slugs = {source.slug for source in reaction.sources.all()}
        if slugs == {"seed-article"}:
            assert reaction.date_certainty == Certainty.INFERRED, reaction.slug


def test_reactions_from_the_seed_article_are_there(record):
    seed_reactions = Reaction.objects.filter(sources__slug="seed-article")
    assert set(seed_reactions.values_list("party__slug", flat=True)) >= {
        "dprk",
        "russia",
        "usa",
        "rok",
        "china",
    }


def test_defence_obligation_weakened_in_2000_and_returned_in_2024(record):
    def strongest(slug):
        levels = Clause.objects.filter(
            treaty__slug=slug, obligation_level__isnull=False
        ).values_list("obligation_level", flat=True)
        return max(levels)

    assert strongest("ussr-dprk-1961") == ObligationLevel.AUTOMATIC_ASSISTANCE
    assert strongest("russia-dprk-2000") == ObligationLevel.CONSULTATION
    assert strongest("russia-dprk-2024") == ObligationLevel.CONDITIONAL_ASSISTANCE


# Topics each treaty covers, from the comparison matrix of the fact sheet (section 4): a treaty must
# have a clause on every one, and none on a topic the sources do not support.
TOPICS_COVERED = {
    "ussr-dprk-1961": {
        "mutual-defence", "hostile-alliances", "political-consultation", "sovereignty",
        "un-charter", "economy", "culture-education", "korean-unification",
        "duration-termination",
    },
    "russia-dprk-2000": {
        "threat-consultation", "hostile-alliances", "sovereignty", "economy",
        "science-technology", "culture-education", "health", "duration-termination",
    },
    "russia-dprk-2024": {
        "mutual-defence", "threat-consultation", "joint-defence-mechanism", "hostile-alliances",
        "political-consultation", "sovereignty", "un-charter", "economy", "science-technology",
        "culture-education", "health", "border-cooperation", "sanctions", "law-enforcement",
        "information-media", "duration-termination",
    },
}  # fmt: skip


@pytest.mark.parametrize("slug", sorted(TOPICS_COVERED))
def test_each_treaty_has_clauses_on_the_topics_it_covers(record, slug):
    covered = set(Clause.objects.filter(treaty__slug=slug).values_list("topics__slug", flat=True))
    assert covered == TOPICS_COVERED[slug]


def test_article_numbers_the_fact_sheet_does_not_confirm_are_marked(record):
    certainty = dict(
        Clause.objects.filter(treaty__slug="russia-dprk-2024").values_list(
            "number", "number_certainty"
        )
    )
    assert certainty["1"] == certainty["2"] == Certainty.INFERRED
    assert certainty["17"] == certainty["23"] == Certainty.UNCONFIRMED
    assert certainty["3"] == certainty["4"] == certainty["16"] == Certainty.CONFIRMED
    # The 2000 text was not retrieved: only Art. 2 has a number any source gives.
    numbers_2000 = set(
        Clause.objects.filter(treaty__slug="russia-dprk-2000").values_list("number", flat=True)
    )
    assert numbers_2000 == {"2", ""}


def test_1961_signatories_are_marked_unconfirmed(record):
    signatories = Signatory.objects.filter(treaty__slug="ussr-dprk-1961")
    assert signatories.count() == 2
    assert set(signatories.values_list("certainty", flat=True)) == {Certainty.UNCONFIRMED}


def test_no_article_of_the_2000_treaty_quotes_unchecked_wording(record):
    # No source we hold prints its wording: its articles are "text not found".
    assert not ClauseText.objects.filter(clause__treaty__slug="russia-dprk-2000").exists()


def snapshot():
    """Everything the fixtures load, as comparable values."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            Party,
            Treaty,
            Clause,
            ClauseText,
            Alignment,
            Signatory,
            Event,
            Reaction,
            TopicNote,
        )
    } | {
        "clause topics": sorted(Clause.topics.through.objects.values_list("clause_id", "topic_id")),
        "reaction sources": sorted(
            Reaction.sources.through.objects.values_list("reaction_id", "source_id")
        ),
    }


def test_loading_twice_changes_nothing(record):
    before = snapshot()
    call_command("load_initial_data", "--force", verbosity=0)
    assert snapshot() == before


def test_loading_again_keeps_curators_edits(record):
    Treaty.objects.filter(slug="russia-dprk-2024").update(summary_en="Edited by a curator.")
    call_command("load_initial_data", verbosity=0)
    assert Treaty.objects.get(slug="russia-dprk-2024").summary_en == "Edited by a curator."


def test_every_fixture_row_passes_model_validation(record):
    for model in (Party, Treaty, Clause, Signatory, Event, Reaction, TopicNote):
        for obj in model.objects.all():
            obj.full_clean()


def test_key_phrases_are_words_of_the_quoted_text(record):
    phrased = Clause.objects.exclude(key_phrases=[]).prefetch_related("texts")
    assert phrased.filter(treaty__slug="russia-dprk-2024", number="4").exists()
    for clause in phrased:
        for phrase in clause.key_phrases:
            assert phrase in clause.key_phrase_text.text, (clause, phrase)


def test_every_text_has_a_language_kind_and_source_and_passes_validation(record):
    texts = ClauseText.objects.select_related("source")
    assert texts.count() >= 11
    for text in texts:
        text.full_clean()
        assert text.language
        assert text.kind in TextKind.values
        assert text.source.url


def record_rows() -> dict[str, list]:
    """The record's rows by model, by natural key (every record model has one), and how many
    historical versions each model has (their keys and times differ from load to load)."""
    rows = {}
    for label in settings.RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.label
            if issubclass(model, HistoricalChanges):
                rows[name] = model.objects.count()
            elif hasattr(model, "natural_key"):
                serialized = serializers.serialize(
                    "json",
                    model._base_manager.all(),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
                rows[name] = sorted(
                    json.dumps(row, sort_keys=True) for row in json.loads(serialized)
                )
    return rows


def test_each_tests_copy_of_the_record_is_what_loading_the_fixtures_gives(record_snapshot):
    call_command("load_initial_data", verbosity=0)
    loaded = record_rows()
    with connection.cursor() as cursor:
        # Rows written in this transaction wait on deferred checks, which TRUNCATE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        record_snapshot.empty_tables(cursor)
    record_snapshot.restore()
    assert record_rows() == loaded
    assert loaded["treaties.Treaty"]
    assert loaded["treaties.HistoricalTreaty"]


# Corrections found by checking the record against its cited sources ("The full record").


def test_the_1961_end_date_is_atops_and_the_notes_give_giblers_other_date(record):
    t1961 = Treaty.objects.get(slug="ussr-dprk-1961")
    assert t1961.ended_on == datetime.date(1996, 9, 10)
    assert "ATOP" in t1961.notes_en
    assert "ATOP" in t1961.notes_ar
    assert "September 7, 1995" in t1961.notes_en
    assert "7 سبتمبر 1995" in t1961.notes_ar
    assert "not confirmed" in t1961.notes_en


def test_the_1961_treatys_un_registration_is_in_its_notes(record):
    t1961 = Treaty.objects.get(slug="ussr-dprk-1961")
    for notes in (t1961.notes_en, t1961.notes_ar):
        assert "6045" in notes
        assert "420" in notes


def test_the_number_of_the_1961_article_6_is_marked_unconfirmed(record):
    clause = Clause.objects.get(slug="ussr-dprk-1961-art-6")
    assert clause.number_certainty == Certainty.UNCONFIRMED


def test_the_unconfirmed_2000_article_count_is_not_shown_as_fact(record):
    t2000 = Treaty.objects.get(slug="russia-dprk-2000")
    assert t2000.article_count is None
    assert "12" in t2000.notes_en
    assert "not confirmed" in t2000.notes_en
    assert "12" in t2000.notes_ar
    assert "غير مؤكد" in t2000.notes_ar


OFFICIAL_TITLES = {
    "ussr-dprk-1961": [
        "Договор о дружбе, сотрудничестве и взаимной помощи",
        "우호협조 및 호상원조",
    ],
    "russia-dprk-2000": ["Договор о дружбе, добрососедстве и сотрудничестве", "친선, 선린 및 협조"],
    "russia-dprk-2024": [
        "Договор о всеобъемлющем стратегическом партнерстве",
        "포괄적 전략적 동반자",
    ],
}


@pytest.mark.parametrize("slug", sorted(OFFICIAL_TITLES))
def test_the_russian_and_korean_titles_are_in_the_notes_in_both_languages(record, slug):
    treaty = Treaty.objects.get(slug=slug)
    for title in OFFICIAL_TITLES[slug]:
        assert title in treaty.notes_en
        assert title in treaty.notes_ar


def test_the_exchange_of_instruments_of_4_december_2024_is_an_event(record):
    event = Event.objects.get(treaty__slug="russia-dprk-2024", date=datetime.date(2024, 12, 4))
    assert event.kind == Event.Kind.RATIFICATION
    assert "Moscow" in event.title_en
    assert {"s20", "s22"} <= set(event.sources.values_list("slug", flat=True))


def test_the_declarations_the_2024_treaty_also_replaced_are_events_citing_ushakov(record):
    declarations = Event.objects.filter(
        slug__in=["pyongyang-declaration-2000", "moscow-declaration-2001"]
    )
    assert [event.date.year for event in declarations] == [2000, 2001]
    for event in declarations:
        assert event.sources.filter(slug="s41").exists()


def test_first_visit_in_24_years_is_cited_to_a_published_source_that_says_it(record):
    said = [
        *Treaty.objects.filter(summary_en__contains="24 years"),
        *Event.objects.filter(title_en__contains="24 years"),
    ]
    assert said
    for row in said:
        assert row.sources.filter(slug="ap-startribune-2024-06-19").exists(), row


def test_the_seed_article_is_described_as_what_it_is(record):
    seed = Source.objects.get(slug="seed-article")
    assert seed.url == ""
    assert seed.published_on is None
    assert "seed" in seed.title
    assert "Unknown" in seed.publisher
    assert "19 June" not in seed.title, "the article gives no date, only 'Wednesday'"


@pytest.mark.parametrize(
    ("slug", "headline"),
    [
        ("s05", "Moscow, Pyongyang move forward on interstate treaty (Monitor, vol. 4, issue 226)"),
        (
            "s22",
            "Russia-N. Korea Treaty of Comprehensive Strategic Partnership takes effect - KCNA",
        ),
        (
            "s41",
            "Putin's visit to North Korea to yield comprehensive strategic partnership treaty"
            " — Kremlin",
        ),
    ],
)
def test_sources_carry_their_real_headlines(record, slug, headline):
    assert Source.objects.get(slug=slug).title == headline


NORTH_KOREA_AR = ("كوريا الشمالية", "جمهورية كوريا الديمقراطية الشعبية")


def test_arabic_treaty_titles_name_north_korea_and_the_2024_treaty_by_one_name(record):
    for treaty in Treaty.objects.of_record().exclude(slug="russia-dprk-2024"):
        for title in (treaty.title_ar, treaty.short_title_ar):
            assert any(name in title for name in NORTH_KOREA_AR), title
    t2024 = Treaty.objects.get(slug="russia-dprk-2024")
    for title in (t2024.title_ar, t2024.short_title_ar):
        assert title.startswith("معاهدة الشراكة الاستراتيجية الشاملة")


def test_interregional_and_extraterritorial_are_translated_as_such(record):
    interregional = [
        Clause.objects.get(slug="russia-dprk-2024-interregional-and-border-cooperation").heading_ar,
        Topic.objects.get(slug="border-cooperation").name_ar,
    ]
    for name in interregional:
        assert "بين الأقاليم" in name
        assert "الإقليمي" not in name
    sanctions = Clause.objects.get(slug="russia-dprk-2024-art-16")
    assert "العابر للحدود الإقليمية" in sanctions.summary_ar


def test_the_arabic_of_the_assistance_clauses_adds_nothing_the_english_leaves_out(record):
    art1 = Clause.objects.get(slug="ussr-dprk-1961-art-1")
    assert "coalition of states" in art1.summary_en
    art4 = Clause.objects.get(slug="russia-dprk-2024-art-4")
    assert "one or more states" in art4.summary_en
    beyond = Clause.objects.get(slug="russia-dprk-2024-cooperation-beyond-security")
    assert "seed article" in beyond.summary_en
