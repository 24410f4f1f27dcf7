import copy
import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.compiled import PLANNED_ARRAY_LENGTH
from core.models import Publication
from tests.factories import ClauseFactory, TopicFactory, TreatyFactory
from treaties import selectors
from treaties.forms import ComparisonForm
from treaties.models import Topic, Treaty
from treaties.selectors import shared_wording, treaty_comparison

pytestmark = pytest.mark.django_db

ALL_THREE = ["ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"]


def compare_url(language="en", **params):
    with translation.override(language):
        url = reverse("treaties:compare")
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def test_default_comparison_shows_the_three_defence_articles(client, record):
    response = client.get(compare_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Should either of the Contracting Parties <mark>suffer armed attack" in html
    assert "No military-assistance clause" in html
    assert "<mark>without delay</mark>" in html
    for slug in ALL_THREE:
        assert f'value="{slug}"' in html
    assert html.count(" checked>") == 3


def test_defence_scale_is_shown_in_words_not_colour_alone(client, record):
    html = client.get(compare_url()).content.decode()
    assert "Automatic military assistance" in html
    assert "Contact and consultation only" in html
    assert "Assistance without delay, under stated conditions" in html
    assert "(level 3 of 3)" in html


def test_permalink_reproduces_the_comparison_as_a_full_page(client, record):
    response = client.get(
        compare_url(treaties=["ussr-dprk-1961", "russia-dprk-2024"], topics=["mutual-defence"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="topic-mutual-defence"' in html
    assert 'id="topic-economy"' not in html
    assert "2000 Russia–DPRK Treaty</a></th>" not in html


def test_htmx_request_gets_only_the_table(client, record):
    response = client.get(
        compare_url(treaties=["russia-dprk-2000", "russia-dprk-2024"]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="comparison"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_arabic_comparison_is_translated(client, record):
    html = client.get(compare_url("ar")).content.decode()
    assert 'dir="rtl"' in html
    assert "الضمانة الدفاعية في لمحة" in html
    assert "مساعدة عسكرية تلقائية" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"treaties": ["ussr-dprk-1961", "no-such-treaty"]}, "There is no treaty no-such-treaty."),
        ({"treaties": ["ussr-dprk-1961"]}, "Pick at least two treaties to compare."),
        ({"treaties": ""}, "Pick at least two treaties to compare."),
        ({"treaties": [*ALL_THREE, "extra"]}, "There is no treaty extra."),
        ({"treaties": ALL_THREE, "topics": ["astrology"]}, "There is no topic astrology."),
        ({"treaties": ["ussr-dprk-1961", "<script>"]}, "There is no treaty &lt;script&gt;."),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(client, record, params, message):
    response = client.get(compare_url(**params))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_four_treaties_are_too_many(client, record):
    TreatyFactory(slug="fourth-treaty")
    response = client.get(compare_url(treaties=[*ALL_THREE, "fourth-treaty"]))
    assert response.status_code == 400
    assert "Pick at most three treaties to compare." in response.content.decode()


def test_bad_input_over_htmx_still_gets_the_message(client, record):
    response = client.get(compare_url(treaties=["ussr-dprk-1961"]), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_comparison_page_query_count_does_not_grow(client, record, django_assert_num_queries):
    # Intended to prevent an n+1: default chain 1, validation 1, the topics 1, comparison 6,
    # the treaties to tick 1, aligned articles 2, reference treaties and their topics 2, the
    # record's version its Cite box names 1, the latest release the footer names 1.
    with django_assert_num_queries(16):
        client.get(compare_url())
    for _ in range(5):
        TreatyFactory()
    with django_assert_num_queries(16):
        client.get(compare_url())


def test_a_clause_on_two_topics_is_quoted_in_both_rows_and_rendered_once(client):
    defence, consultation = TopicFactory.create_batch(2)
    old, new = TreatyFactory.create_batch(2)
    ClauseFactory(
        treaty=new, heading_en="Assistance after consulting", topics=[defence, consultation]
    )
    ClauseFactory(treaty=old, heading_en="Consultation only", topics=[consultation])

    response = client.get(compare_url(treaties=[old.slug, new.slug]))

    html = response.content.decode()
    rows = {
        topic.slug: html.split(f'id="topic-{topic.slug}"')[1].split("</tr>")[0]
        for topic in (defence, consultation)
    }
    assert "Assistance after consulting" in rows[defence.slug]
    assert "Assistance after consulting" in rows[consultation.slug]
    assert "Consultation only" in rows[consultation.slug]
    assert "Consultation only" not in rows[defence.slug]
    excerpts = [
        template.name for template in response.templates if template.name == "_clause_excerpt.html"
    ]
    assert len(excerpts) == 2


def wording_url(language="en", **params):
    with translation.override(language):
        return f"{reverse('treaties:compare-wording')}?{urlencode(params)}"


def test_wording_diff_marks_added_and_removed_words(client, record):
    response = client.get(
        wording_url(topic="mutual-defence", old="ussr-dprk-1961", new="russia-dprk-2024")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "without delay" in html
    assert "<del>" in html
    assert "<ins>" in html
    assert "of the words are shared" in html


def test_wording_diff_over_htmx_is_a_fragment(client, record):
    response = client.get(
        wording_url(topic="mutual-defence", old="ussr-dprk-1961", new="russia-dprk-2024"),
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().lstrip().startswith('<div class="wording" id="wording">')


def test_wording_diff_says_which_texts_it_compares(client, record):
    html = client.get(
        wording_url(topic="mutual-defence", old="ussr-dprk-1961", new="russia-dprk-2024")
    ).content.decode()
    assert "Compared: English texts of one kind (Official translation)." in html
    assert "KCNA" in html


def test_no_diff_between_summaries_only_the_two_summaries_side_by_side(client, record):
    # The 2000 treaty's consultation article has no text: no diff, and no link to one.
    response = client.get(
        wording_url(topic="threat-consultation", old="russia-dprk-2000", new="russia-dprk-2024")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "No word diff" in html
    assert "<del>" not in html
    assert "<ins>" not in html
    assert html.count('class="summary-side"') == 2
    comparison = client.get(reverse("treaties:compare")).content.decode()
    assert "old=russia-dprk-2000&amp;new=russia-dprk-2024" not in comparison.replace(
        "topic=threat-consultation&amp;", ""
    )


def test_no_diff_between_texts_of_different_kinds(record):
    treaties = list(Treaty.objects.filter(slug__in=["ussr-dprk-1961", "russia-dprk-2024"]))
    comparison = treaty_comparison(treaties=treaties)
    # 1961 Art. 2 (the UN's English) and 2024 Art. 5 (Al Mayadeen's English) differ in kind.
    hostile = next(row for row in comparison.rows if row.topic.slug == "hostile-alliances")
    assert shared_wording(*hostile.cells) is None
    assert hostile.wording_pairs == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "mutual-defence", "old": "ussr-dprk-1961"}, "This field is required."),
        (
            {"topic": "mutual-defence", "old": "ussr-dprk-1961", "new": "ussr-dprk-1961"},
            "Pick two different treaties.",
        ),
        ({"topic": "nope", "old": "ussr-dprk-1961", "new": "russia-dprk-2024"}, "no topic nope"),
    ],
)
def test_wording_diff_bad_input_is_a_400(client, record, params, message):
    response = client.get(wording_url(**params))
    assert response.status_code == 400
    assert message in response.content.decode()


query_values = st.text(max_size=80) | st.sampled_from([*ALL_THREE, "mutual-defence", ""])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    treaties=st.lists(query_values, max_size=5),
    topics=st.lists(query_values, max_size=4),
    find=st.lists(st.text(max_size=120), max_size=2),
)
def test_no_query_string_makes_the_comparison_fail(client, record, treaties, topics, find):
    response = client.get(compare_url(treaties=treaties, topics=topics, find=find))
    assert response.status_code in {200, 400}


@pytest.fixture
def long_record(record):
    """The real record and 30 more treaties: more than the form lists at once."""
    return TreatyFactory.create_batch(30)


def offered(response) -> list[str]:
    return [treaty.slug for treaty in response.context["choices"].treaties]


def test_a_short_record_offers_every_treaty(client, record):
    response = client.get(compare_url())
    assert offered(response) == [
        "north-atlantic-1949",
        "us-rok-1953",
        "ussr-dprk-1961",
        "prc-dprk-1961",
        "russia-dprk-2000",
        "russia-dprk-2024",
    ]
    assert 'name="find"' not in response.content.decode()


def test_a_long_record_offers_the_ticked_and_default_treaties_and_a_finder(client, long_record):
    extra = long_record[5]
    response = client.get(compare_url(treaties=[extra.slug, "russia-dprk-2024"]))
    assert response.status_code == 200
    assert set(offered(response)) == {*ALL_THREE, extra.slug}
    html = response.content.decode()
    assert f'value="{extra.slug}" checked' in html
    assert 'value="russia-dprk-2000">' in html  # offered, not ticked
    assert 'name="find"' in html
    assert "36 treaties" in html


def test_finding_a_treaty_by_its_title_offers_it(client, long_record):
    wanted = long_record[7]
    response = client.get(compare_url(find=wanted.title_en))
    assert wanted.slug in offered(response)
    assert len(offered(response)) <= 3 + 20
    arabic = client.get(compare_url(language="ar", find=wanted.title_ar))
    assert wanted.slug in offered(arabic)


def test_the_htmx_answer_also_updates_the_offered_treaties(client, long_record):
    wanted = long_record[3]
    response = client.get(compare_url(find=wanted.title_en), headers={"hx-request": "true"})
    html = response.content.decode()
    assert '<div class="choices" id="treaty-choices" data-hx-swap-oob="true">' in html
    assert f'value="{wanted.slug}"' in html
    assert "<html" not in html


def test_the_form_stays_small_with_a_long_record(
    client, long_record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = client.get(compare_url())
    assert len(offered(response)) == 3


def test_a_new_comparison_of_a_long_record_reads_its_treaties_once(
    client, long_record, kept_answers, django_assert_num_queries
):
    # The form has read the treaties ticked, and the default comparison's are kept with the
    # page's frame: the treaties to tick are offered without reading any of them again.
    first, second, third, fourth = (treaty.slug for treaty in long_record[:4])
    client.get(compare_url(treaties=[first, second]))
    client.get(compare_url(treaties=[third, fourth]))
    ticked = sorted([first, third])  # a new comparison of treaties whose columns are kept
    statements = []

    def recorded(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(recorded), django_assert_num_queries(2):
        response = client.get(compare_url(treaties=ticked))  # the version, the treaties
    assert response.status_code == 200
    assert [sql for sql in statements if 'FROM "treaties_treaty"' in sql] == [
        sql for sql in statements if '"treaties_treaty"."slug" = ANY(' in sql
    ]
    assert set(offered(response)) == {*ALL_THREE, *ticked}
    for slug in ticked:
        assert f'value="{slug}" checked' in response.content.decode()


@pytest.mark.parametrize("bad", ["a b", "<b>", "x" * 300])
def test_a_value_that_cannot_be_a_slug_is_refused_with_a_long_record(client, long_record, bad):
    # Beyond FEW_TREATIES the form offers the ticked treaties: only values that can be slugs are
    # looked up (a NUL byte reached PostgreSQL and was a 500; a page now refuses one sooner).
    response = client.get(compare_url(treaties=["ussr-dprk-1961", bad]))
    assert response.status_code == 400
    assert "There is no treaty" in response.content.decode()
    assert set(offered(response)) == set(ALL_THREE)
    assert 'value="ussr-dprk-1961" checked' in response.content.decode()


def test_a_long_comparison_lets_the_reader_jump_to_each_topic(client, record):
    response = client.get(compare_url())
    html = response.content.decode()
    index = html.split('<nav class="topic-index"')[1].split("</nav>")[0]
    rows = response.context["comparison"].rows
    assert len(rows) > 10
    for row in rows:
        assert f'<a href="#topic-{row.topic.slug}">{row.topic.name}</a>' in index
        assert f'<tr id="topic-{row.topic.slug}"' in html


def test_the_topics_to_tick_say_when_one_asked_for_does_not_exist(client, record):
    response = client.get(compare_url(topics=["mutual-defence", "no-such-topic"]))
    assert response.status_code == 400
    boxes = (
        response.content.decode().split('<details class="topic-filter"')[1].split("</details>")[0]
    )
    assert boxes.count('aria-invalid="true"') == Topic.objects.count()
    assert 'value="mutual-defence" id="id_topics_0" aria-invalid="true" checked>' in boxes


def test_the_treaties_named_are_checked_by_one_statement_whatever_their_number(record):
    """A statement compiled once a process (selectors.named_treaties), the slugs bound to it
    as one array: three treaties are read with the statement two are."""
    statements = []

    def kept(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    for named in (ALL_THREE[:2], ALL_THREE):
        with connection.execute_wrapper(kept):
            form = ComparisonForm.from_query(QueryDict(urlencode({"treaties": named}, True)))
            assert form.is_valid(), form.errors
        assert [treaty.slug for treaty in form.cleaned_data["treaties"]] == named
    checks = [sql for sql in statements if '"treaties_treaty"."slug" = ANY(' in sql]
    assert len(checks) == 2
    assert checks[0] == checks[1]


def test_a_draft_is_named_only_in_a_curators_comparison(record):
    draft = TreatyFactory(
        slug="draft-pact", publication=Publication.DRAFT, signed_on=datetime.date(2025, 1, 1)
    )
    query = QueryDict(urlencode({"treaties": ["russia-dprk-2024", draft.slug]}, True))
    assert "treaties" in ComparisonForm.from_query(query).errors
    curators = ComparisonForm.from_query(query, drafts=True)
    assert curators.is_valid(), curators.errors
    assert [treaty.slug for treaty in curators.cleaned_data["treaties"]] == [
        "russia-dprk-2024",
        "draft-pact",
    ]


def test_a_treaty_field_given_another_queryset_checks_against_that_one(record):
    """The statement compiled for the form's treaties (named) is dropped when the field is given
    other treaties, so the two cannot disagree."""
    form = ComparisonForm.from_query(QueryDict(urlencode({"treaties": ALL_THREE}, True)))
    field = form.fields["treaties"]
    assert field.named is not None
    field.queryset = Treaty.objects.filter(slug__in=ALL_THREE[1:])
    assert field.named is None
    assert not form.is_valid()
    assert "There is no treaty ussr-dprk-1961." in form.errors["treaties"][0]


def test_the_treaties_named_are_bound_as_an_array_as_long_as_planned_for(record):
    """PostgreSQL plans an array parameter as if it held ten values: on the 5,000-treaty record
    a check of two or three slugs looked cheaper planned anew, and was, on every comparison (of
    30 checks, the 25 run prepared were all planned anew; padded, 5 were and 20 ran the plan
    kept)."""
    arrays = []

    def bound_arrays(execute, sql, params, many, context):
        if '"slug" = ANY(' in sql:
            arrays.extend(param for param in params if isinstance(param, list))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(bound_arrays):
        for named in [ALL_THREE[:2], ALL_THREE, ALL_THREE[1:]]:
            form = ComparisonForm.from_query(QueryDict(urlencode({"treaties": named}, True)))
            assert form.is_valid(), form.errors
            assert [treaty.slug for treaty in form.cleaned_data["treaties"]] == named
    assert [len(array) for array in arrays] == [PLANNED_ARRAY_LENGTH] * 3
    assert [set(array) for array in arrays] == [
        set(ALL_THREE[:2]),
        set(ALL_THREE),
        set(ALL_THREE[1:]),
    ]


def test_a_copy_of_a_treaty_field_keeps_the_statement_compiled_for_its_treaties(record):
    """A form copies its fields, each with its queryset's .all(): the same treaties, so the
    statement compiled for them (named) stays."""
    field = ComparisonForm.base_fields["treaties"]
    named = field.named
    try:
        field.named = selectors.named_treaties()
        assert copy.deepcopy(field).named is field.named
    finally:
        field.named = named
