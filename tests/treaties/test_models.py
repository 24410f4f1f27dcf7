"""The rules of the record: each is a database constraint, and full_clean() reports it readably."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories import (
    ClauseFactory,
    ClauseTextFactory,
    PartyFactory,
    SourceFactory,
    TreatyFactory,
)
from treaties.models import Clause, ClauseText, TextKind, Treaty

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2000, 2, 9)


def assert_rejected(instance, message: str):
    """The rule holds twice: full_clean() explains it, and the database refuses the row anyway."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"entry_into_force": SIGNED - datetime.timedelta(days=1)}, "enter into force before"),
        ({"ended_on": SIGNED - datetime.timedelta(days=1), "end_reason": "lapsed"}, "end before"),
        (
            {
                "entry_into_force": datetime.date(2000, 10, 30),
                "ended_on": datetime.date(2000, 10, 1),
                "end_reason": "superseded",
            },
            "end before it enters into force",
        ),
        ({"ended_on": datetime.date(2010, 1, 1)}, "needs a reason"),
        ({"end_reason": "terminated"}, "needs a reason"),
    ],
)
def test_treaty_dates_must_be_in_order(changes, message):
    treaty = TreatyFactory(signed_on=SIGNED)
    for field, value in changes.items():
        setattr(treaty, field, value)
    assert_rejected(treaty, message)


def test_treaty_cannot_replace_itself():
    treaty = TreatyFactory()
    treaty.replaces = treaty
    assert_rejected(treaty, "cannot replace itself")


def test_treaty_needs_both_languages_for_its_title():
    treaty = TreatyFactory.build(title_ar="", short_title_ar="")
    with pytest.raises(ValidationError) as excinfo:
        treaty.full_clean()
    assert {"title_ar", "short_title_ar"} <= excinfo.value.message_dict.keys()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2000, 3, 1), Treaty.Status.SIGNED),
        (datetime.date(2000, 10, 30), Treaty.Status.IN_FORCE),
        (datetime.date(2024, 12, 3), Treaty.Status.IN_FORCE),
        (datetime.date(2024, 12, 4), Treaty.Status.ENDED),
    ],
)
def test_status_is_derived_from_the_dates(day, expected):
    treaty = Treaty(
        signed_on=SIGNED,
        entry_into_force=datetime.date(2000, 10, 30),
        ended_on=datetime.date(2024, 12, 4),
        end_reason=Treaty.EndReason.SUPERSEDED,
    )
    assert treaty.status_on(day) == expected


def test_treaty_with_unknown_entry_into_force_is_in_force_until_it_ends():
    treaty = Treaty(
        signed_on=datetime.date(1961, 7, 6),
        ended_on=datetime.date(1996, 9, 10),
        end_reason=Treaty.EndReason.LAPSED,
    )
    assert treaty.status_on(datetime.date(1980, 1, 1)) == Treaty.Status.IN_FORCE
    assert treaty.status_on(datetime.date(1996, 9, 10)) == Treaty.Status.ENDED


def test_signed_treaty_not_yet_in_force():
    treaty = Treaty(signed_on=datetime.date.today())
    assert treaty.status == Treaty.Status.SIGNED
    assert treaty.get_status_display() == "Signed, not yet in force"


def test_article_number_is_unique_per_treaty():
    clause = ClauseFactory(number="4")
    duplicate = ClauseFactory.build(treaty=clause.treaty, order=clause.order + 1, number="4")
    assert_rejected(duplicate, "already has an article with this number")


def test_same_article_number_in_another_treaty_is_fine():
    ClauseFactory(number="4")
    other = ClauseFactory(number="4")
    assert Clause.objects.filter(number="4").count() == 2
    other.full_clean()


def test_several_articles_without_known_numbers_may_coexist():
    first = ClauseFactory(number="")
    ClauseFactory(treaty=first.treaty, number="")
    assert first.treaty.clauses.filter(number="").count() == 2


@pytest.mark.parametrize(
    ("number", "english", "arabic"),
    [
        ("4", "Article 4", "المادة 4"),
        ("", "Article (number not known)", "مادة (رقمها غير معروف)"),
        ("Preamble", "Preamble", "الديباجة"),
        ("Annex I", "Annex I", "Annex I"),
    ],
)
def test_an_article_is_labelled_in_the_pages_language(number, english, arabic):
    clause = Clause(number=number)
    with translation.override("en"):
        assert clause.label == english
    with translation.override("ar"):
        assert clause.label == arabic


def test_a_text_needs_its_language_kind_and_source():
    text = ClauseText(clause=ClauseFactory(), text="The Contracting Parties shall consult.")
    with pytest.raises(ValidationError) as refused:
        text.full_clean()
    assert {"language", "kind", "source"} <= set(refused.value.message_dict)


def test_a_text_of_a_known_kind_language_and_source_is_accepted():
    ClauseTextFactory().full_clean()


@pytest.mark.parametrize(("field", "value"), [("kind", "summary"), ("language", "xx")])
def test_a_text_of_an_unknown_kind_or_language_is_refused(field, value):
    text = ClauseTextFactory.build(clause=ClauseFactory(), source=SourceFactory(), **{field: value})
    with pytest.raises(ValidationError) as refused:
        text.full_clean()
    assert field in refused.value.message_dict


def test_an_article_has_one_text_a_language_kind_and_source():
    text = ClauseTextFactory()
    again = ClauseTextFactory.build(
        clause=text.clause, source=text.source, language=text.language, kind=text.kind
    )
    with pytest.raises(ValidationError, match="already has a text of this kind"):
        again.full_clean()


def test_the_database_keeps_an_articles_english_and_arabic_texts_for_its_search():
    clause = ClauseFactory()
    english = ClauseTextFactory(clause=clause, text="shall immediately extend assistance")
    ClauseTextFactory(clause=clause, language="ar", kind=TextKind.PROJECT_TRANSLATION, text="تقدم")
    ClauseTextFactory(clause=clause, language="ru", kind=TextKind.AUTHENTIC, text="оказывает")
    clause.refresh_from_db()
    assert (clause.searched_wording_en, clause.searched_wording_ar) == (english.text, "تقدم")
    assert Clause.objects.filter(search_en="extend assistance").get() == clause
    english.delete()
    clause.refresh_from_db()
    assert clause.searched_wording_en == ""


def test_a_reader_gets_their_languages_text_first_then_english_then_the_most_authoritative():
    clause = ClauseFactory()
    published = ClauseTextFactory(clause=clause, kind=TextKind.PUBLISHED_TRANSLATION)
    official = ClauseTextFactory(clause=clause)
    russian = ClauseTextFactory(clause=clause, language="ru", kind=TextKind.AUTHENTIC)
    ours = ClauseTextFactory(clause=clause, language="ar", kind=TextKind.PROJECT_TRANSLATION)
    assert clause.texts_for("en") == [official, published, russian, ours]
    assert clause.texts_for("ar") == [ours, official, published, russian]
    # Our own translation is never quoted: the Arabic reader's card quotes the official English.
    assert clause.quote_for("ar") == official


def test_a_card_quotes_the_text_holding_the_key_phrases_before_a_part_without_them():
    clause = ClauseFactory(key_phrases=["shall immediately render military assistance"])
    first_sentence = ClauseTextFactory(clause=clause, complete=False, text="The parties undertake.")
    second = ClauseTextFactory(
        clause=clause,
        kind=TextKind.PUBLISHED_TRANSLATION,
        complete=False,
        text="the other party shall immediately render military assistance",
    )
    assert clause.texts_for("en") == [first_sentence, second]
    assert clause.quote_for("en") == second
    clause.key_phrases = []
    assert clause.quote_for("en") == first_sentence  # without phrases, the most authoritative


def test_obligation_level_outside_the_scale_is_rejected():
    clause = ClauseFactory.build(treaty=TreatyFactory(), obligation_level=7)
    assert_rejected(clause, "obligation_level")


@pytest.mark.parametrize("iso_code", ["ru", "Rus", "R1S"])
def test_party_iso_code_must_be_three_capital_letters(iso_code):
    assert_rejected(PartyFactory.build(iso_code=iso_code), "three capital letters")


def test_party_iso_code_is_unique():
    PartyFactory(iso_code="RUS")
    assert_rejected(PartyFactory.build(iso_code="RUS"), "iso_code")


def test_party_cannot_be_its_own_predecessor():
    party = PartyFactory()
    party.predecessor = party
    assert_rejected(party, "own predecessor")


def test_party_lineage_follows_succession():
    ussr = PartyFactory(slug="ussr")
    russia = PartyFactory(slug="russia", predecessor=ussr)
    assert [party.slug for party in russia.lineage()] == ["russia", "ussr"]


def test_key_phrases_must_be_in_one_of_the_articles_texts():
    text = ClauseTextFactory(text="shall immediately extend assistance")
    clause = text.clause
    clause.key_phrases = ["immediately", "without delay"]
    with pytest.raises(ValidationError) as excinfo:
        clause.full_clean()
    assert "without delay" in str(excinfo.value.message_dict["key_phrases"])
    clause.key_phrases = ["immediately"]
    clause.full_clean()
