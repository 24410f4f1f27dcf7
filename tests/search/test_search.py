import re
from urllib.parse import urlencode

import pytest
from django.contrib.postgres.search import SearchHeadline
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import search_vectors as core_search
from core.compiled import PLANNED_ARRAY_LENGTH
from core.models import Publication
from core.search_vectors import query_language
from reactions.models import Reaction
from search import ranking
from search.kinds import KINDS
from search.rows import WHOLE_OF_PARTS, searched_rows
from search.selectors import (
    MATCH_START,
    MATCH_STOP,
    KindCount,
    kind_search,
    record_search,
)
from search.templatetags.search_tags import snippet
from tests.factories import ClauseFactory, ReactionFactory, TreatyFactory
from treaties.models import Clause, Party, Topic, Treaty

pytestmark = pytest.mark.django_db


def search_url(language="en", **params):
    with translation.override(language):
        return f"{reverse('search:search')}?{urlencode(params)}"


@pytest.mark.parametrize(
    ("text", "language"),
    [("without delay", "en"), ("أقوى معاهدة", "ar"), ("Putin وثيقة", "ar"), ("", "en")],
)
def test_query_language_follows_the_script(text, language):
    assert query_language(text) == language


def test_an_arabic_word_from_the_article_finds_kims_words(record):
    results = record_search(text="أقوى")
    assert "kim-jong-un-strongest-treaty" in [reaction.slug for reaction in results.reactions]
    assert f"{MATCH_START}أقوى{MATCH_STOP}" in results.reactions[0].snippet


def test_arabic_search_is_stemmed(record):
    # "العقوبات" (the sanctions) is found in the Arabic summary of the 2024 sanctions article.
    clauses = record_search(text="العقوبات").clauses
    assert [(clause.treaty.slug, clause.number) for clause in clauses] == [
        ("russia-dprk-2024", "16")
    ]


def test_an_english_word_from_a_clause_finds_the_2024_defence_article(record):
    clauses = record_search(text="delay").clauses
    assert ("russia-dprk-2024", "4") in [(clause.treaty.slug, clause.number) for clause in clauses]


def test_websearch_syntax_phrases_and_exclusions(record):
    phrase = record_search(text='"without delay"')
    assert phrase.clauses
    excluded = record_search(text="assistance -delay")
    assert all("delay" not in clause.summary_en.lower() for clause in excluded.clauses)


def test_search_spans_treaties_clauses_and_reactions(record):
    results = record_search(text="Pyongyang")
    assert results.treaties or results.clauses or results.reactions
    assert record_search(text="Blinken").reactions


@pytest.mark.parametrize(("language", "word"), [("en", "treaty"), ("ar", "معاهدة")])
def test_the_search_page_costs_one_ranking_and_a_query_a_kind(
    client, record, language, word, django_assert_max_num_queries
):
    # The text parsed, every kind's ranked candidates in one query, then per kind the shown rows
    # with their snippets (none when nothing matches). The page reads nothing of a hit that those
    # rows did not load, however many rows match. And one for the latest release, which the
    # footer names. The ranking's plan is chosen in a transaction of its own (3 more: its start
    # and end, here a savepoint's, and the choice; and 1 to give a test's transaction its own).
    with translation.override(language):
        results = record_search(text=word)
    assert results.treaties
    assert results.clauses
    assert results.reactions
    with django_assert_max_num_queries(2 + 4 + len(KINDS) + 1):
        assert client.get(search_url(language, q=word)).status_code == 200
    ClauseFactory.create_batch(5, summary_en="A treaty clause.", summary_ar="بند في معاهدة.")
    ReactionFactory.create_batch(5, summary_en="Reacted to the treaty.", summary_ar="عن المعاهدة.")
    with django_assert_max_num_queries(2 + 4 + len(KINDS) + 1):
        assert client.get(search_url(language, q=f"{word} -zzz")).status_code == 200


@pytest.mark.parametrize(
    ("factory", "fields", "word"),
    [
        (
            TreatyFactory,
            {"title_en": "Treaty on Fisheries", "short_title_en": "Sea pact"},
            "fisheries",
        ),
        (TreatyFactory, {"notes_en": "The depositary is unconfirmed."}, "depositary"),
        (TreatyFactory, {"notes_ar": "الجهة الوديعة غير مؤكدة."}, "الوديعة"),
        (ReactionFactory, {"speaker_office_en": "Foreign Minister of Ruritania"}, "Ruritania"),
    ],
)
def test_a_snippet_marks_a_match_in_any_searched_field(factory, fields, word):
    # A full title, notes or an office are searched but not shown in a hit: the snippet is made
    # from every field the search reads, so it still shows what matched.
    factory(**fields)
    results = record_search(text=word)
    (hit,) = results.treaties + results.reactions
    assert MATCH_START in hit.snippet


def test_a_snippet_shows_two_distant_matches_as_two_fragments():
    filler = " ".join(["the parties shall meet"] * 40)
    ClauseFactory(summary_en=f"Fisheries come first. {filler}. Fisheries come last.")
    (clause,) = record_search(text="fisheries").clauses
    first, second = clause.snippet.split(" … ")
    assert f"{MATCH_START}Fisheries{MATCH_STOP}" in first
    assert f"{MATCH_START}Fisheries{MATCH_STOP}" in second
    assert len(clause.snippet) < len(filler) / 2


def test_results_come_best_first_up_to_the_limit():
    once = ClauseFactory.create_batch(3, summary_en="A pledge of fisheries cooperation.")
    thrice = ClauseFactory(summary_en="Fisheries, fisheries quotas and fisheries patrols.")
    ClauseFactory(summary_en="Nothing about the sea.")
    clauses = record_search(text="fisheries", limits=dict.fromkeys(KINDS, 3)).clauses
    # The strongest match first; equal ranks in the order the rows were stored.
    assert [clause.pk for clause in clauses] == [thrice.pk, once[0].pk, once[1].pk]
    assert all(MATCH_START in clause.snippet for clause in clauses)


def test_results_count_every_match_not_only_the_shown_ones():
    ClauseFactory.create_batch(3, summary_en="Fisheries quotas.")
    results = record_search(text="fisheries", limits=dict.fromkeys(KINDS, 2))
    assert len(results.clauses) == 2
    assert results.found == {
        "topics": 0,
        "treaties": 0,
        "clauses": 3,
        "reactions": 0,
        "parties": 0,
    }
    assert results.counts["clauses"] == KindCount(shown=2, found=3, at_least=False)
    assert results.counted_in_full


def test_counts_stop_at_the_ranked_candidates_and_say_so(client, monkeypatch):
    monkeypatch.setattr(ranking, "RANKED_CANDIDATES", 5)
    ClauseFactory.create_batch(7, summary_en="Fisheries quotas.")
    results = record_search(text="fisheries", limits=dict.fromkeys(KINDS, 3))
    assert results.counts["clauses"] == KindCount(shown=3, found=5, at_least=True)
    assert not results.counted_in_full
    html = client.get(search_url(q="fisheries")).content.decode()
    assert "At least 5 results for “fisheries”" in html


def test_the_page_says_how_many_match_beyond_those_shown(client):
    ClauseFactory.create_batch(21, summary_en="Fisheries quotas.")
    html = client.get(search_url(q="fisheries")).content.decode()
    assert "21 results for “fisheries”" in html
    assert "The 10 best of 21" in html
    assert html.count('class="snippet"') == 10
    assert 'href="?q=fisheries&amp;kind=clauses">More articles</a>' in html


def test_the_page_shows_the_five_best_treaties_and_reactions_and_ten_articles(client):
    TreatyFactory.create_batch(6, summary_en="Fisheries quotas.")
    ClauseFactory.create_batch(11, summary_en="Fisheries quotas.")
    ReactionFactory.create_batch(6, summary_en="Fisheries quotas.")
    html = client.get(search_url(q="fisheries")).content.decode()
    assert "The 5 best of 6" in html
    assert "The 10 best of 11" in html
    assert html.count('class="snippet"') == 5 + 10 + 5
    for kind in ("treaties", "clauses", "reactions"):
        assert f'href="?q=fisheries&amp;kind={kind}">More ' in html


def test_the_treaties_and_their_articles_are_ranked_in_one_query(client, django_assert_num_queries):
    treaty = TreatyFactory(summary_en="Fisheries.")
    ClauseFactory(treaty=treaty, summary_en="Fisheries quotas.")
    # The text parsed, the ranking (its plan chosen in a transaction: 4 more in a test's), the
    # page's rows, the latest release.
    with django_assert_num_queries(4 + 4):
        found = client.get(search_url(q="fisheries", kind="treaties"))
    assert "1–1 of 1 for “fisheries”, best first" in found.content.decode()


def test_one_kinds_matches_page_by_page_best_first(client, django_assert_num_queries):
    weak = ClauseFactory.create_batch(20, summary_en="Fisheries quotas.")
    strong = ClauseFactory(summary_en="Fisheries, fisheries patrols and fisheries quotas.")
    # The text parsed, the ranking (its plan chosen in a transaction: 4 more in a test's), then
    # the page's rows with snippets (and the latest release).
    with django_assert_num_queries(4 + 4):
        first = client.get(search_url(q="fisheries", kind="clauses"))
    html = first.content.decode()
    assert "1–20 of 21 for “fisheries”, best first" in html
    assert html.count('class="snippet"') == 20
    assert html.index(f"#clause-{strong.order}") < html.index(f"#clause-{weak[0].order}")
    assert 'href="?q=fisheries&amp;kind=clauses&amp;page=2"' in html
    assert 'href="?q=fisheries">All results for “fisheries”</a>' in html
    second = client.get(search_url(q="fisheries", kind="clauses", page=2)).content.decode()
    assert "21–21 of 21" in second
    assert f"#clause-{weak[-1].order}" in second
    assert 'rel="prev" href="?q=fisheries&amp;kind=clauses&amp;page=1"' in second
    assert client.get(search_url(q="fisheries", kind="clauses", page=3)).status_code == 404
    assert client.get(search_url(q="fisheries", kind="clauses", page="x")).status_code == 404


def test_a_kinds_page_says_at_least_when_the_ranking_stopped(client, monkeypatch):
    monkeypatch.setattr(ranking, "RANKED_CANDIDATES", 5)
    ClauseFactory.create_batch(7, summary_en="Fisheries quotas.")
    html = client.get(search_url(q="fisheries", kind="clauses")).content.decode()
    assert "1–5 of at least 5 for “fisheries”" in html


def test_searching_from_a_kinds_page_stays_on_that_kind(client):
    ClauseFactory(summary_en="Fisheries quotas.")
    html = client.get(search_url(q="fisheries", kind="clauses")).content.decode()
    assert '<input type="hidden" name="kind" value="clauses">' in html
    assert 'data-hx-include="closest form"' in html
    fragment = client.get(
        search_url(q="quotas", kind="clauses"), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="search-results"')
    assert "1–1 of 1 for “quotas”" in fragment


def test_an_unknown_kind_is_a_400(client):
    response = client.get(search_url(q="fisheries", kind="speeches"))
    assert response.status_code == 400
    assert "Search treaties, articles or reactions." in response.content.decode()


def test_a_kinds_page_in_arabic(client, record):
    html = client.get(search_url("ar", q="معاهدة", kind="treaties")).content.decode()
    assert 'dir="rtl"' in html
    assert "<mark>" in html
    assert "معاهدة" in html


def test_snippets_escape_stored_markup_but_mark_matches():
    stored = f"<script>alert(1)</script> {MATCH_START}delay{MATCH_STOP}"
    assert snippet(stored) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>delay</mark>"


def test_search_page_finds_and_highlights(client, record):
    response = client.get(search_url(q="without delay"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>delay</mark>" in html
    assert "/en/treaties/russia-dprk-2024/#clause-4" in html


def test_arabic_search_page(client, record):
    html = client.get(search_url("ar", q="اختراق")).content.decode()
    assert 'dir="rtl"' in html
    assert "<mark>اختراق</mark>" in html


def test_search_as_you_type_returns_only_the_results(client, record):
    response = client.get(search_url(q="Blinken"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"')
    assert "Antony Blinken" in html


def test_empty_search_shows_the_form(client, record):
    response = client.get(search_url(q=""))
    assert response.status_code == 200
    assert 'type="search"' in response.content.decode()


@pytest.mark.parametrize(
    ("q", "message"),
    [("x" * 201, "at most 200 characters")],
)
def test_bad_searches_are_a_400(client, record, q, message):
    response = client.get(search_url(q=q))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_markup_in_a_search_is_shown_as_text(client, record):
    html = client.get(search_url(q="<script>alert(1)</script>")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_markup_stored_in_the_record_is_shown_as_text_in_every_kind_of_hit(client, record):
    """The hits are written by a tag (search_tags.hit_list), not the template engine: each name,
    title and heading it writes is escaped."""
    Topic.objects.filter(slug="mutual-defence").update(name_en="Zephyrine <i>topic</i>")
    Party.objects.filter(slug="russia").update(short_name_en="Zephyrine <u>party</u>")
    Treaty.objects.filter(slug="russia-dprk-2024").update(short_title_en="Zephyrine <b>pact</b>")
    Clause.objects.filter(treaty__slug="russia-dprk-2000").filter(
        pk=Clause.objects.filter(treaty__slug="russia-dprk-2000").values("pk")[:1]
    ).update(heading_en="Zephyrine <s>heading</s> & co")
    Reaction.objects.filter(pk=Reaction.objects.values("pk")[:1]).update(
        speaker_en="Zephyrine <script>speaker</script>"
    )
    html = client.get(search_url(q="zephyrine")).content.decode()
    for kind in KINDS:
        assert f'id="found-{kind}"' in html
    for tag, text in [("i", "topic"), ("u", "party"), ("b", "pact"), ("s", "heading")]:
        assert f"<{tag}>{text}</{tag}>" not in html
        assert f"Zephyrine &lt;{tag}&gt;{text}&lt;/{tag}&gt;" in html
    assert "heading&lt;/s&gt; &amp; co" in html
    assert "<script>speaker" not in html
    assert "Zephyrine &lt;script&gt;speaker&lt;/script&gt;" in html


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=220))
def test_no_search_text_makes_the_page_fail(client, record, q):
    assert client.get(search_url(q=q)).status_code in {200, 400}


@pytest.mark.parametrize("drafts", [False, True])
def test_the_ranking_compiled_once_binds_each_searchs_own_text(drafts):
    TreatyFactory(summary_en="Fisheries quotas.", summary_ar="حصص الصيد.")
    ClauseFactory(summary_en="Fisheries and nuclear deterrence.", publication=Publication.DRAFT)
    ReactionFactory(summary_en="Nuclear talks.", summary_ar="محادثات نووية.")
    # Each text's query and phrase go through tsquery's text form: quotes, a backslash, a word
    # left out, stop words alone (an empty query) come back as they were parsed.
    texts = ["fisheries", "nuclear", "nuclear -fisheries", "-fisheries", '"fisheries quotas"']
    texts += ["the", "o'brien nuclear", "nuclear\\talks", "الصيد", "نووية", "في"]
    for text in texts:
        language, query = core_search.websearch(text)
        for kind in KINDS:
            rows = searched_rows(kind, drafts=drafts)
            also = (WHOLE_OF_PARTS[kind],) if kind in WHOLE_OF_PARTS else ()
            candidates = ranking.ranked_candidates(
                rows,
                language=language,
                query=query,
                phrase=core_search.folded_phrase(text, language),
                limit=ranking.RANKED_CANDIDATES,
                also=also,
            )
            searched = ranking.parsed(text, language=language)
            found = ranking.ranked_rows(KINDS, language=language, searched=searched, drafts=drafts)
            assert sorted(found[kind]) == sorted(candidates), (text, kind)
    # The draft article is ranked only where drafts are shown.
    searched = ranking.parsed("nuclear", language="en")
    ranked = ranking.rankings(["clauses"], language="en", searched=searched, drafts=drafts)
    assert bool(ranked["clauses"]) is drafts


@pytest.mark.parametrize("drafts", [False, True])
def test_the_snippets_compiled_once_mark_each_searchs_own_words(drafts):
    TreatyFactory(summary_en="Fisheries quotas.", summary_ar="حصص الصيد.")
    ClauseFactory(summary_en="Fisheries and nuclear deterrence.", publication=Publication.DRAFT)
    ReactionFactory(summary_en="Nuclear talks.", summary_ar="محادثات نووية.")
    marked = re.compile(f"{MATCH_START}(.*?){MATCH_STOP}")
    for text in ["fisheries", "nuclear", "الصيد", "نووية", "fisheries"]:
        hits = [hit for kind in KINDS for hit in kind_search(text=text, kind=kind, drafts=drafts)]
        assert hits, text
        for hit in hits:
            assert {word.casefold() for word in marked.findall(hit.snippet)} == {text}, hit
    # The draft article is shown, and so marked, only where drafts are.
    assert bool(kind_search(text="deterrence", kind="clauses", drafts=drafts)) is drafts


def test_a_search_compiles_no_snippet_once_one_was_made_for_its_kind(monkeypatch):
    ClauseFactory(summary_en="Fisheries and nuclear deterrence.")
    record_search(text="fisheries")
    compiled = []
    compile_snippet = SearchHeadline.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self)
        return compile_snippet(self, *args, **kwargs)

    monkeypatch.setattr(SearchHeadline, "as_sql", counted)
    (clause,) = record_search(text="nuclear").clauses
    assert f"{MATCH_START}nuclear{MATCH_STOP}" in clause.snippet
    assert compiled == []


def gin_index_name(model, language: str) -> str:
    (index,) = [i for i in model._meta.indexes if i.fields == [f"search_{language}"]]
    return index.name


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", ["treaty", "معاهدة"])
def test_searches_read_the_gin_index_of_the_querys_language(kind, text):
    # Whether the index can answer the match at all (a vector computed in the query could not):
    # with reading the whole table made as dear as PostgreSQL allows, it is the only way left.
    # On one table, as a join would let the planner reach the rows through another index.
    language = query_language(text)
    model = searched_rows(kind, drafts=False).model
    rows = model.objects.all()
    index = gin_index_name(model, language)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    parsed_query, parsed_phrase, *_marking = ranking.parsed(text, language=language)
    plans = [
        ranking.ranked_candidates(
            rows,
            language=language,
            query=core_search.ParsedQuery(parsed_query),
            phrase=core_search.ParsedQuery(parsed_phrase),
            limit=ranking.RANKED_CANDIDATES,
        ).explain(),
        core_search.search_queryset(rows, text=text).explain(),
        core_search.search_queryset(rows, text=text, candidates=5).explain(),
    ]
    for plan in plans:
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_the_rankings_are_planned_with_the_text_parsed_already():
    # PostgreSQL folds and parses a text once, in a statement of its own; the rankings of every
    # kind get the parsed query and phrase as values, planned for those words without parsing.
    ClauseFactory(summary_en="Military assistance without delay.")
    with CaptureQueriesContext(connection) as queries:
        (clause,) = record_search(text="military assistance").clauses
    assert clause.snippet
    (ranking_sql,) = [query["sql"] for query in queries if " UNION ALL " in query["sql"]]
    assert "search_folded_" not in ranking_sql
    assert "to_tsquery" not in ranking_sql
    assert "military assistance" not in ranking_sql
    # The query's words and the phrase's, as PostgreSQL's english configuration stems them.
    assert "'militari' & 'assist'" in ranking_sql.replace("''", "'")
    assert "'militari' <-> 'assist'" in ranking_sql.replace("''", "'")


def test_the_snippets_are_given_the_text_parsed_already():
    # The statement that parses the text for the rankings also works out what the snippets
    # mark; each kind's shown rows get it as values, parsing nothing again.
    ClauseFactory(summary_en="Military assistance without delay.")
    ReactionFactory(summary_en="Military assistance was promised.")
    with CaptureQueriesContext(connection) as queries:
        results = record_search(text="Military assistances")
    snippets = [query["sql"] for query in queries if "ts_headline" in query["sql"]]
    assert len(snippets) == 2  # the articles' and the reactions'
    for sql in snippets:
        for parsing in ["search_folded_", "search_first_letters_", "to_tsquery", "to_tsvector"]:
            assert parsing not in sql
    for hit in [*results.clauses, *results.reactions]:
        assert (
            f"{MATCH_START}Military{MATCH_STOP} {MATCH_START}assistance{MATCH_STOP}" in hit.snippet
        )


def test_a_page_of_fewer_hits_than_planned_for_runs_the_kept_plan():
    # PostgreSQL keeps one plan for a prepared statement unless plans made for each run's own
    # values look cheaper. It plans an array parameter as if it held ten values, so on a large
    # record a page of five hits looked cheaper every time and was planned anew every time: the
    # array of the rows shown is as long as that (planned_array), the same rows.
    reactions = ReactionFactory.create_batch(3, summary_en="Nuclear talks on fisheries.")
    ids = {reaction.pk for reaction in reactions}
    arrays = []

    def bound_arrays(execute, sql, params, many, context):
        if "ts_headline" in sql:
            arrays.extend(param for param in params if isinstance(param, list) and ids & set(param))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(bound_arrays):
        for text in ["nuclear", "talks", "fisheries"] * 4:
            shown = kind_search(text=text, kind="reactions")[:5]
            assert sorted(reaction.pk for reaction in shown) == sorted(r.pk for r in reactions)
    assert len(arrays) == 12
    for array in arrays:
        assert len(array) == PLANNED_ARRAY_LENGTH
        assert set(array) == {reaction.pk for reaction in reactions}
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    (generic_plans,) = [
        generic_plans
        for statement, generic_plans in prepared
        if "ts_headline" in statement and statement.startswith('SELECT "reactions_reaction"')
    ]
    assert generic_plans > 0


@pytest.mark.django_db(transaction=True)  # as served: each search's statements commit at once
def test_the_rankings_run_on_the_plan_kept_for_them():
    # Left to choose, PostgreSQL made a plan for each search's own words (a custom plan), which
    # looked cheaper to it than the plan it keeps, and planning took a third of the rankings'
    # time. On the kept plan they find the same rows (bench/README.md).
    TreatyFactory(summary_en="A treaty of friendship.")
    ClauseFactory(summary_en="Friendship and trade.")
    words = ["treaty", "friendship", "defence", "trade", "border", "missile", "fisheries"]
    for word in words * 2:
        record_search(text=word)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    (plans,) = [(generic, custom) for sql, generic, custom in prepared if "ts_rank(" in sql]
    assert plans[0] > 0
    assert plans[1] == 0
    # Nothing else is planned so: the choice lasts only as long as the rankings' transaction.
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)
    assert [hit.summary for hit in record_search(text="trade").clauses] == ["Friendship and trade."]


def test_a_search_within_a_transaction_gives_it_back_its_own_plans():
    # Run inside a caller's transaction (as here, a test's), the rankings' setting would last
    # until that transaction ends: every statement after them would run on a kept plan too.
    ClauseFactory(summary_en="Friendship and trade.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        assert record_search(text="trade").clauses
        kind_search(text="trade", kind="clauses")[:5]
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_custom_plan",)


def test_a_search_repeated_on_a_connection_is_prepared_once():
    # With parameters bound apart, every search's ranking has one SQL text: PostgreSQL parses
    # it once a connection instead of once a search (config.settings DATABASES).
    TreatyFactory(summary_en="A treaty of friendship.")
    for word in ["treaty", "friendship", "defence", "trade", "border", "missile"]:
        record_search(text=word)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    rankings = [statement for statement in prepared if " UNION ALL SELECT 4, " in statement]
    assert len(rankings) == 1, prepared
    for model in (Treaty, Clause, Reaction):
        assert f'SELECT "{model._meta.db_table}"."id" AS "pk", ' in rankings[0]


def test_a_search_builds_no_query_of_the_rows_it_shows_once_one_was_made(monkeypatch):
    TreatyFactory(summary_en="Fisheries quotas.")
    ClauseFactory(summary_en="Fisheries and nuclear deterrence.")
    ReactionFactory(summary_en="Nuclear talks on fisheries.")
    record_search(text="fisheries")
    built = []
    monkeypatch.setattr(
        "search.selectors.searched_rows", lambda *args, **kwargs: built.append(args)
    )
    results = record_search(text="Fisheries")
    assert results.treaties
    assert results.clauses
    assert results.reactions
    assert built == []


def test_a_search_compiles_no_query_of_the_rows_it_shows_once_one_was_made(monkeypatch):
    TreatyFactory(summary_en="Fisheries quotas.")
    clause = ClauseFactory(summary_en="Fisheries and nuclear deterrence.")
    reaction = ReactionFactory(summary_en="Nuclear talks on fisheries.")
    record_search(text="fisheries")
    compiled = []
    compile_query = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self.query.model)
        return compile_query(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    results = record_search(text="Nuclear")
    assert [hit.pk for hit in results.clauses] == [clause.pk]
    assert [hit.pk for hit in results.reactions] == [reaction.pk]
    assert compiled == []
    marked = f"{MATCH_START}Nuclear{MATCH_STOP}"
    assert marked in results.reactions[0].snippet
    assert marked.lower() in results.clauses[0].snippet
    (treaty,) = kind_search(text="quotas", kind="treaties")
    assert f"{MATCH_START}quotas{MATCH_STOP}" in treaty.snippet


def test_the_pages_of_a_kind_over_htmx_keep_the_search_and_the_kind(client):
    ClauseFactory.create_batch(21, summary_en="Fisheries quotas.")
    fragment = client.get(
        search_url(q="fisheries", kind="clauses"), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="search-results"')
    assert (
        'rel="next" href="?q=fisheries&amp;kind=clauses&amp;page=2">Weaker matches</a>' in fragment
    )
    assert '<span aria-current="page">Page 1 of 2</span>' in fragment
    second = client.get(search_url(q="fisheries", kind="clauses", page=2)).content.decode()
    assert 'rel="prev" href="?q=fisheries&amp;kind=clauses&amp;page=1">Better matches</a>' in second


def test_every_reason_a_search_is_refused_is_listed_in_one_alert(client):
    response = client.get(search_url(q="x" * 201, kind="speeches"))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="form-errors"') == 1
    assert (
        '<ul><li><span class="field-name">Search treaties, articles and reactions</span>: '
        "Search for at most 200 characters.</li>"
        '<li><span class="field-name">Kind of record</span>: '
        "Search treaties, articles or reactions.</li></ul>"
    ) in html
