import pytest

from reactions.selectors import treaty_reactions
from tests.factories import ClauseFactory, TopicFactory, TopicNoteFactory, TreatyFactory
from treaties import selectors
from treaties.models import ObligationLevel, Topic, Treaty

pytestmark = pytest.mark.django_db


def slugs(treaties):
    return [treaty.slug for treaty in treaties]


def test_default_comparison_is_the_chain_of_replaced_treaties(record):
    assert selectors.default_comparison_slugs() == [
        "ussr-dprk-1961",
        "russia-dprk-2000",
        "russia-dprk-2024",
    ]


def test_default_comparison_is_empty_without_replacements(db):
    TreatyFactory()
    assert selectors.default_comparison_slugs() == []


def test_comparison_puts_the_three_defence_articles_side_by_side(record):
    treaties = Treaty.objects.of_record()
    comparison = selectors.treaty_comparison(treaties=list(treaties))
    assert slugs(comparison.treaties) == sorted(slugs(treaties), key=lambda slug: slug[-4:])

    defence = next(row for row in comparison.rows if row.topic.slug == "mutual-defence")
    t1961, t2000, t2024 = defence.cells
    assert [clause.number for clause in t1961.clauses] == ["1"]
    assert t1961.obligation == ObligationLevel.AUTOMATIC_ASSISTANCE
    assert t2000.clauses == []
    assert t2000.note is not None
    assert t2000.obligation == ObligationLevel.NONE
    assert [clause.number for clause in t2024.clauses] == ["4"]
    assert t2024.obligation == ObligationLevel.CONDITIONAL_ASSISTANCE


def test_strongest_obligations_show_the_weakening_and_the_return(record):
    comparison = selectors.treaty_comparison(treaties=list(Treaty.objects.of_record()))
    assert [level for _treaty, level in comparison.strongest_obligations()] == [
        ObligationLevel.AUTOMATIC_ASSISTANCE,
        ObligationLevel.CONSULTATION,
        ObligationLevel.CONDITIONAL_ASSISTANCE,
    ]


def test_without_topics_only_topics_some_treaty_speaks_to_are_rows(record):
    treaties = list(Treaty.objects.filter(slug__in=["ussr-dprk-1961", "russia-dprk-2000"]))
    rows = selectors.treaty_comparison(treaties=treaties).rows
    topics = [row.topic.slug for row in rows]
    assert "sanctions" not in topics  # only the 2024 treaty speaks to sanctions
    assert "korean-unification" in topics
    assert all(not all(cell.is_empty for cell in row.cells) for row in rows)


def test_chosen_topics_are_rows_even_when_empty(record):
    treaties = list(Treaty.objects.filter(slug__in=["ussr-dprk-1961", "russia-dprk-2000"]))
    sanctions = Topic.objects.get(slug="sanctions")
    rows = selectors.treaty_comparison(treaties=treaties, topics=[sanctions]).rows
    assert [row.topic for row in rows] == [sanctions]
    assert all(cell.is_empty for cell in rows[0].cells)


def test_wording_pairs_link_treaties_whose_articles_share_a_kind_of_text(record):
    comparison = selectors.treaty_comparison(treaties=list(Treaty.objects.of_record()))
    defence = next(row for row in comparison.rows if row.topic.slug == "mutual-defence")
    assert [(old.slug, new.slug) for old, new in defence.wording_pairs] == [
        ("ussr-dprk-1961", "russia-dprk-2024")
    ]


def test_comparison_query_count_does_not_grow(django_assert_num_queries):
    topic = TopicFactory()
    treaties = TreatyFactory.create_batch(3)
    for treaty in treaties:
        ClauseFactory(treaty=treaty, topics=[topic])
    TopicNoteFactory(treaty=treaties[0])
    # Intended to prevent an n+1: clauses, their topics, sources and texts, notes, note sources,
    # topics.
    with django_assert_num_queries(7):
        selectors.treaty_comparison(treaties=treaties)
    for treaty in treaties:
        ClauseFactory.create_batch(4, treaty=treaty, topics=[topic, TopicFactory()])
    with django_assert_num_queries(7):
        selectors.treaty_comparison(treaties=treaties)


def test_wording_comparison_of_the_defence_articles(record):
    wording = selectors.topic_wording_comparison(
        topic=Topic.objects.get(slug="mutual-defence"),
        old_treaty=Treaty.objects.get(slug="ussr-dprk-1961"),
        new_treaty=Treaty.objects.get(slug="russia-dprk-2024"),
    )
    inserted = " ".join(text for op, text in wording.diff.chunks if op == "insert")
    removed = " ".join(text for op, text in wording.diff.chunks if op == "delete")
    assert "delay" in inserted
    assert "Article 51" in inserted
    assert "immediately" in removed
    # Both English official translations: the UN's of 1961, KCNA's of 2024.
    assert {(text.language, text.kind) for text in [*wording.old_texts, *wording.new_texts]} == {
        ("en", "official_translation")
    }


def test_treaty_articles_are_grouped_by_topic_without_more_queries(
    record, django_assert_num_queries
):
    treaty = selectors.treaty_record().get(slug="russia-dprk-2024")
    with django_assert_num_queries(0):
        groups = selectors.treaty_clauses_by_topic(treaty)
    topics = [group.topic.slug for group in groups]
    assert topics[:2] == ["mutual-defence", "threat-consultation"]
    assert topics == sorted(topics, key=lambda slug: Topic.objects.get(slug=slug).order)
    un_charter = next(group for group in groups if group.topic.slug == "un-charter")
    assert un_charter.clauses == []
    assert [clause.number for clause in un_charter.see_also] == ["4"]
    shown = [clause.pk for group in groups for clause in group.clauses]
    assert sorted(shown) == sorted(treaty.clauses.values_list("pk", flat=True))


def test_topic_notes_have_their_own_group(record):
    treaty = selectors.treaty_record().get(slug="russia-dprk-2000")
    groups = selectors.treaty_clauses_by_topic(treaty)
    defence = next(group for group in groups if group.topic.slug == "mutual-defence")
    assert defence.clauses == []
    assert defence.note is not None


def test_untagged_clauses_are_grouped_last(db):
    treaty = TreatyFactory()
    ClauseFactory(treaty=treaty)
    tagged = ClauseFactory(treaty=treaty, topics=[TopicFactory()])
    groups = selectors.treaty_clauses_by_topic(selectors.treaty_record().get(pk=treaty.pk))
    assert groups[0].clauses == [tagged]
    assert groups[-1].topic is None


def test_pages_read_no_search_vectors(record, django_assert_num_queries):
    # The tsvectors are matched inside PostgreSQL; read back they would only cost time.
    comparison = selectors.treaty_comparison(treaties=list(selectors.treaty_chronology()))
    clause = comparison.rows[0].cells[-1].clauses[0]
    treaty = selectors.treaty_record().get(slug="russia-dprk-2024")
    reaction = treaty_reactions(treaty=treaty)[0]
    for row in (clause, clause.treaty, treaty, treaty.replaces, reaction):
        assert {"search_en", "search_ar"} <= row.get_deferred_fields()
    with django_assert_num_queries(0):
        assert clause.heading_en
        assert treaty.replaces.short_title_en
