"""Which articles correspond across treaties, and how: kept, strengthened, weakened, dropped or
new."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.models import Publication
from tests.factories import ClauseFactory, SourceFactory, TreatyFactory
from treaties.models import Alignment, Clause

pytestmark = pytest.mark.django_db


def test_the_record_aligns_1961_article_1_with_2024_article_4(record):
    alignment = Alignment.objects.get(
        old_clause__slug="ussr-dprk-1961-art-1", new_clause__slug="russia-dprk-2024-art-4"
    )
    assert alignment.relation == Alignment.Relation.WEAKENED
    assert alignment.sources.exists()
    dropped = Alignment.objects.get(
        old_clause=alignment.old_clause, new_treaty__slug="russia-dprk-2000"
    )
    assert (dropped.relation, dropped.new_clause) == (Alignment.Relation.DROPPED, None)


def test_every_alignment_of_the_record_is_valid_and_sourced(record):
    for alignment in Alignment.objects.all():
        alignment.full_clean()
        assert alignment.sources.exists()
        assert alignment.note_en
        assert alignment.note_ar


@pytest.mark.parametrize(
    ("relation", "sides", "field"),
    [
        ("dropped", ("old", "new"), "__all__"),
        ("new", ("old", "new"), "__all__"),
        ("kept", ("old",), "__all__"),
    ],
)
def test_the_sides_must_match_the_relation(relation, sides, field):
    old, new = TreatyFactory(signed_on=date(1961, 7, 6)), TreatyFactory()
    alignment = Alignment(
        old_treaty=old,
        new_treaty=new,
        old_clause=ClauseFactory(treaty=old) if "old" in sides else None,
        new_clause=ClauseFactory(treaty=new) if "new" in sides else None,
        relation=relation,
        note_en="n",
        note_ar="ن",
    )
    with pytest.raises(ValidationError) as refused:
        alignment.full_clean()
    assert field in refused.value.message_dict


def test_an_article_must_belong_to_its_side_and_the_older_treaty_come_first():
    old, new = TreatyFactory(signed_on=date(1961, 7, 6)), TreatyFactory()
    alignment = Alignment(
        old_treaty=new,
        new_treaty=old,
        old_clause=ClauseFactory(treaty=old),
        new_clause=ClauseFactory(treaty=new),
        relation="kept",
        note_en="n",
        note_ar="ن",
    )
    with pytest.raises(ValidationError) as refused:
        alignment.full_clean()
    assert {"old_clause", "new_clause", "new_treaty"} <= set(refused.value.message_dict)


def test_the_comparison_shows_the_aligned_pairs_of_the_treaties_compared(client, record):
    with translation.override("en"):
        html = client.get(reverse("treaties:compare")).content.decode()
        two = client.get(
            reverse("treaties:compare"), {"treaties": ["ussr-dprk-1961", "russia-dprk-2024"]}
        ).content.decode()
    assert "How the articles correspond" in html
    assert html.count('class="alignment relation-') == Alignment.objects.count()
    assert '<span class="relation">Dropped</span>' in html
    # Only pairs between the treaties compared.
    assert two.count('class="alignment relation-') == 3


def test_a_draft_article_hides_its_alignments_from_readers(client, record):
    Clause.objects.filter(slug="russia-dprk-2024-art-4").update(publication=Publication.DRAFT)
    with translation.override("en"):
        html = client.get(reverse("treaties:compare")).content.decode()
    assert html.count('class="alignment relation-') == Alignment.objects.count() - 1


def test_an_articles_page_names_its_counterparts(client, record):
    clause = Clause.objects.get(slug="russia-dprk-2024-art-4")
    with translation.override("ar"):
        html = client.get(clause.get_absolute_url()).content.decode()
    assert "ussr-dprk-1961-art-1" in html
    assert '<span class="relation">أُضعِفت</span>' in html


def test_alignments_are_kept_in_history_with_their_sources():
    old, new = TreatyFactory(signed_on=date(1961, 7, 6)), TreatyFactory()
    alignment = Alignment.objects.create(
        old_treaty=old,
        new_treaty=new,
        old_clause=ClauseFactory(treaty=old),
        new_clause=ClauseFactory(treaty=new),
        relation="kept",
        note_en="n",
        note_ar="ن",
    )
    alignment.sources.add(SourceFactory())
    assert alignment.history.count() >= 1
