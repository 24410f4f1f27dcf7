"""What a student types finds what the record says: the indexed and the searched text are folded
alike (core/search_vectors.py, the SQL functions of migration treaties 0019)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.kinds import KINDS
from search.selectors import MATCH_START, MATCH_STOP, kind_search, record_search, suggestions
from tests.factories import ClauseFactory, TreatyFactory

pytestmark = pytest.mark.django_db


def folded(language: str, text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_folded_{language}(%s)", [text])
        return cursor.fetchone()[0]


def found(text: str) -> dict[str, list[str]]:
    results = record_search(text=text)
    return {kind: [row.slug for row in getattr(results, kind)] for kind in KINDS}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لهجوم والهجوم بالهجوم للهجوم الهجوم", "هجوم هجوم هجوم هجوم هجوم"),
        ("تعرّض أقوى إلى آخر", "تعرض اقوي الي اخر"),  # diacritics; one alef; ي for ى
        ("المعاهدة والمعاهدات", "معاهده معاهده"),  # ه for ة; the feminine plural
        ("المسؤولين المسؤولون الصين", "مسؤول مسؤول صين"),  # a short word keeps its ending
        ("مساعـــدة", "مساعده"),  # tatweel
    ],
)
def test_arabic_is_folded_to_the_word_a_student_types(text, expected):
    assert folded("ar", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mutual Defence; defenses", "mutual defend; defend"),
        ("organised labour, the centre's programmes", "organized labor, the center's programs"),
        ("offences", "offenses"),
        ("our four hours", "our four hours"),  # short words are left alone
    ],
)
def test_english_spellings_are_folded(text, expected):
    assert folded("en", text) == expected


def test_an_attached_prefix_no_longer_hides_a_word(record):
    # The 1961 summaries say لهجوم مسلح: هجوم and الهجوم found nothing.
    for text in ("هجوم", "الهجوم"):
        assert "ussr-dprk-1961" in found(text)["treaties"]
        assert "ussr-dprk-1961-art-1" in found(text)["clauses"]
    assert found("عدوان") == found("العدوان")


def test_assistance_is_not_an_aide():
    treaty = TreatyFactory(summary_ar="صرّح مساعد الكرملين يوري أوشاكوف بذلك.")
    helping = ClauseFactory(summary_ar="يقدّم الطرف الآخر المساعدة العسكرية.")
    result = found("مساعدة")
    assert result["clauses"] == [helping.slug]
    assert treaty.slug not in result["treaties"]


def test_british_and_american_spellings_and_the_verb_find_the_same_articles(record):
    defence = found("defence")["clauses"]
    assert "russia-dprk-2024-art-8" in defence
    assert found("defense")["clauses"] == defence
    assert found("defend")["clauses"] == defence


def test_a_snippet_marks_the_words_as_they_are_written():
    ClauseFactory(summary_ar="يقدّم الطرف الآخر المساعدة العسكرية فورًا.")
    (clause,) = record_search(text="المساعدة").clauses
    assert f"{MATCH_START}المساعدة" in clause.snippet


@pytest.mark.parametrize(
    ("text", "searched", "marked"),
    [
        ("إذا تعرّض أحدهما لهجوم مسلح من أي دولة.", "الهجوم", ["لهجوم"]),
        ("يُبلَّغ مجلس الأمن بالهجوم وبالإجراءات، والهجوم مسلح.", "هجوم", ["بالهجوم", "والهجوم"]),
        ("Article 5 is the core of collective defence.", "defense", ["defence"]),
        ("Each party shall defend the other.", "defence", ["defend"]),
    ],
)
def test_a_snippet_marks_the_words_written_that_fold_to_a_word_searched(text, searched, marked):
    language = "en" if searched.isascii() else "ar"
    ClauseFactory(**{f"summary_{language}": text})
    (clause,) = record_search(text=searched).clauses
    assert [part.split(MATCH_STOP)[0] for part in clause.snippet.split(MATCH_START)[1:]] == marked


def test_a_topic_and_a_party_are_found_by_their_names(client, record):
    result = found("mutual defence")  # found nothing: no summary has both words
    assert result["topics"] == ["mutual-defence"]
    html = client.get("/en/search/", {"q": "mutual defence"}).content.decode()
    assert '<a href="/en/compare/?topics=mutual-defence">Mutual defence</a>' in html
    assert found("الدفاع المشترك")["topics"] == ["mutual-defence"]
    assert "usa" in found("United States")["parties"]
    html = client.get("/ar/search/", {"q": "الولايات المتحدة"}).content.decode()
    assert '<a href="/ar/reactions/?party=usa">الولايات المتحدة</a>' in html


def test_a_party_is_found_only_for_the_reactions_it_made(record):
    assert "ussr" not in found("USSR")["parties"]  # a party to a treaty, with no reaction


def test_a_search_that_finds_nothing_suggests_the_nearest_names(client, record):
    assert record_search(text="defnce").total == 0
    html = client.get("/en/search/", {"q": "defnce"}).content.decode()
    suggested = html.split('<p class="suggestions">')[1].split("</p>")[0]
    assert '<a href="?q=Mutual+defence">Mutual defence</a>' in suggested
    assert "Joint defence measures" in suggested
    arabic = client.get("/ar/search/", {"q": "بلينكين"}).content.decode()
    assert "أنتوني بلينكن</a>" in arabic.split('<p class="suggestions">')[1]


def test_nothing_is_suggested_when_something_is_found_or_nothing_is_near(client, record):
    assert 'class="suggestions"' not in client.get("/en/search/", {"q": "defence"}).content.decode()
    assert 'class="suggestions"' not in client.get("/en/search/", {"q": "xyzzy"}).content.decode()


@pytest.mark.parametrize("text", ["defnce", "دفاغ"])
def test_suggestions_are_found_by_each_names_trigram_index(record, text):
    """Not by comparing the words with every name: a second on 100,000 articles' headings."""
    with CaptureQueriesContext(connection) as queries:
        suggestions(text=text)
    (nearest,) = [query["sql"] for query in queries.captured_queries if " UNION " in query["sql"]]
    language = "ar" if text == "دفاغ" else "en"
    names = [
        ("treaties_topic", "name"),
        ("treaties_party", "short_name"),
        ("treaties_treaty", "short_title"),
        ("treaties_clause", "heading"),
        ("reactions_reaction", "speaker"),
    ]
    for table, column in names:
        # The operator a trigram index serves, where word_similarity() >= 0.5 reads every row.
        assert f'"{table}"."{column}_{language}" %> ' in nearest
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # the test's record is a few rows
            explain = f"EXPLAIN SELECT 1 FROM {table} WHERE {column}_{language} %%> %s"  # noqa: S608
            cursor.execute(explain, [text])
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert f"Bitmap Index Scan on {table}_{column}_{language}_trgm" in plan


def test_a_draft_speaker_is_never_suggested(record):
    from reactions.models import Reaction

    Reaction.objects.filter(slug="stoltenberg-missile-support").update(publication="draft")
    assert "Jens Stoltenberg" not in suggestions(text="Stoltenbreg")
    assert "Jens Stoltenberg" in suggestions(text="Stoltenbreg", drafts=True)


def test_texts_holding_the_words_as_a_phrase_come_first():
    scattered = ClauseFactory(
        summary_en="Assistance, assistance and assistance to military, military and military units."
    )
    phrase = ClauseFactory(summary_en="They provide military assistance.")
    assert found("military assistance")["clauses"] == [phrase.slug, scattered.slug]
    assert found("assistance military")["clauses"][0] == scattered.slug  # that order: no phrase


def test_a_treaty_whose_articles_say_it_comes_before_one_that_mentions_it(record):
    treaties = found("military assistance")["treaties"]
    # The 2000 treaty's summary and article say it has no military assistance: it comes last.
    assert treaties.index("russia-dprk-2000") > treaties.index("ussr-dprk-1961")
    assert treaties.index("russia-dprk-2000") > treaties.index("russia-dprk-2024")


def test_a_treaty_ranks_by_its_best_matching_article_on_the_page_and_the_kinds_page():
    mentions = TreatyFactory(summary_en="Unlike the old one, it has no military assistance.")
    says = TreatyFactory(summary_en="A treaty of friendship and military assistance.")
    ClauseFactory(treaty=says, heading_en="Military assistance", summary_en="Military assistance.")
    ClauseFactory(treaty=mentions, summary_en="Consultations.")
    assert found("military assistance")["treaties"] == [says.slug, mentions.slug]
    hits = kind_search(text="military assistance", kind="treaties")
    assert [treaty.slug for treaty in hits] == [says.slug, mentions.slug]
    # A treaty only its articles match is not a treaty match (its article is).
    ClauseFactory(summary_en="Military assistance.")
    assert len(kind_search(text="military assistance", kind="treaties")) == 2
