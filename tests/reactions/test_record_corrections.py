"""Reactions in the real record (fixtures/05_reactions.yaml) say what their cited sources say:
who spoke, in what office, on which day and about what."""

import datetime

import pytest

from core.models import Certainty, DatePrecision
from reactions.models import Reaction

pytestmark = pytest.mark.django_db


def reaction(slug):
    return Reaction.objects.get(slug=slug)


def test_kirby_spoke_of_the_korean_peninsula_not_of_ukraine(record):
    kirby = Reaction.objects.filter(speaker_en="John Kirby")
    assert kirby.exists()
    for remark in kirby:
        assert "Korean Peninsula" in remark.summary_en
        assert "شبه الجزيرة الكورية" in remark.summary_ar
        assert "Ukraine" not in remark.summary_en
        assert "أوكرانيا" not in remark.summary_ar


def test_the_quote_of_20_june_is_the_presidential_offices_as_its_source_says(record):
    statement = Reaction.objects.get(quote__startswith="any co-operation that directly")
    assert statement.speaker_en == statement.speaker_ar == ""
    assert "President" in statement.speaker_office_en
    assert "الرئاسة" in statement.speaker_office_ar
    # Chang Ho-jin is named for what he said himself, at his briefing.
    assert "Chang Ho-jin" in statement.summary_en


def test_sun_weidongs_statement_and_the_seoul_dialogue_keep_their_own_dates(record):
    sun = reaction("sun-weidong-normal-needs")
    assert sun.date == datetime.date(2024, 6, 19)
    assert sun.date_precision == DatePrecision.DAY
    assert "19 June" in sun.summary_en
    assert "18 June" in sun.summary_en
    assert "19 يونيو" in sun.summary_ar
    assert "18 يونيو" in sun.summary_ar


def test_lin_jians_november_remark_was_about_troops_in_russia(record):
    lin = reaction("lin-jian-up-to-them")
    assert "ratification" not in lin.summary_en.lower()
    assert "التصديق" not in lin.summary_ar
    assert "troops" in lin.summary_en
    assert "قوات" in lin.summary_ar


def test_kim_hong_kyun_was_first_vice_foreign_minister(record):
    kim = reaction("kim-hong-kyun-summons-ambassador")
    assert kim.speaker_office_en == "First Vice Foreign Minister"
    assert "النائب الأول" in kim.speaker_office_ar


@pytest.mark.parametrize(
    ("slug", "day", "certainty"),
    [
        # The seed article: signed on a Wednesday, at the summit; 19 June per KCNA, TASS, Interfax.
        ("kim-jong-un-strongest-treaty", datetime.date(2024, 6, 19), Certainty.INFERRED),
        ("putin-breakthrough-document", datetime.date(2024, 6, 19), Certainty.INFERRED),
        ("guterres-abide-by-sanctions", datetime.date(2024, 6, 21), Certainty.CONFIRMED),
        ("borrell-deeply-alarmed", datetime.date(2024, 10, 24), Certainty.CONFIRMED),
    ],
)
def test_days_the_sources_give_are_stored(record, slug, day, certainty):
    dated = reaction(slug)
    assert (dated.date, dated.date_precision, dated.date_certainty) == (
        day,
        DatePrecision.DAY,
        certainty,
    )
