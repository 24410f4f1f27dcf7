"""A comparison never asked for before reuses what earlier comparisons made (each treaty's column
for the API, each article's excerpt for the page, kept per record version), and shows exactly
what it would have made itself."""

import io
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import Client
from django.utils import translation

from core.fragments import made_by
from core.renderers import ApiJSONRenderer
from tests.api_helpers import api
from treaties import selectors
from treaties.fragments import keep_comparisons
from treaties.models import Alignment, Clause, Topic, Treaty
from treaties.serializers import ComparisonSerializer

pytestmark = pytest.mark.django_db

OLD, MIDDLE, NEW = "ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"
REFERENCE = "north-atlantic-1949"


def compare(*slugs: str, path: str = api("compare/"), **headers) -> str:
    response = Client().get(path, {"treaties": list(slugs)}, **headers)
    assert response.status_code == 200
    return response.content.decode()


def defence_article() -> Clause:
    return Clause.objects.get(treaty__slug=OLD, number="1")


@pytest.mark.parametrize("path", [api("compare/"), "/en/compare/", "/ar/compare/"])
def test_a_new_combination_shows_what_it_would_have_made_itself(record, settings, path):
    settings.RECORD_CACHE_SECONDS = 0
    made = compare(OLD, NEW, path=path)
    settings.RECORD_CACHE_SECONDS = 600
    caches["record"].clear()
    compare(OLD, MIDDLE, path=path)
    compare(MIDDLE, NEW, path=path)  # every article of the next comparison is now kept
    # The choice of treaties keeps the order they were asked in, where the exports and the
    # citation name the comparison oldest first: read both one way, the rest is the same.
    asked = f"treaties={NEW}&amp;treaties={OLD}"
    oldest_first = f"treaties={OLD}&amp;treaties={NEW}"
    assert compare(NEW, OLD, path=path).replace(asked, oldest_first) == made
    caches["record"].clear()


def test_a_new_combination_makes_only_the_treaties_columns_not_kept_yet(
    record, kept_answers, django_assert_num_queries
):
    compare(OLD, MIDDLE)
    real = selectors.treaty_comparison
    with mock.patch("treaties.selectors.treaty_comparison", wraps=real) as made:
        compare(NEW, OLD)
    made.assert_called_once()
    assert [treaty.slug for treaty in made.call_args.kwargs["treaties"]] == [NEW]
    # Every column kept: the record's version and the treaties asked for, nothing else.
    with django_assert_num_queries(2):
        compare(MIDDLE, NEW)


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    ("treaties", "topics"),
    [
        ([OLD, MIDDLE, NEW], []),
        ([NEW, OLD], []),
        ([MIDDLE, NEW], ["mutual-defence", "un-charter"]),
        ([MIDDLE, NEW], ["korean-unification"]),  # neither speaks to it
        ([OLD, REFERENCE], ["korean-unification", "duration-termination"]),
    ],
)
def test_an_answer_put_together_from_kept_columns_is_the_serializers(
    record, kept_answers, version, language, treaties, topics
):
    """The comparison's whole serializer, on the comparison made at once, writes the same
    bytes as the answer put together from columns kept by earlier comparisons."""
    for slugs in ([OLD, MIDDLE], [MIDDLE, NEW], [OLD, NEW], [NEW, REFERENCE]):
        compare(*slugs, path=f"/api/{version}/compare/", HTTP_ACCEPT_LANGUAGE=language)
    response = Client().get(
        f"/api/{version}/compare/",
        {"treaties": treaties, "topics": topics},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    request = response.renderer_context["request"]
    with translation.override(language):
        comparison = selectors.treaty_comparison(
            treaties=list(Treaty.objects.filter(slug__in=treaties)),
            topics=list(Topic.objects.filter(slug__in=topics)) or None,
        )
        made = ComparisonSerializer(comparison, context={"request": request}).data
        assert response.content == ApiJSONRenderer().render(made)
    assert made["rows"]
    assert all(len(row["cells"]) == len(treaties) for row in made["rows"])


def test_a_new_comparison_page_renders_no_article_kept_before(record, kept_answers):
    Client().get("/en/compare/", {"treaties": [OLD, MIDDLE, NEW]})
    response = Client().get("/en/compare/", {"treaties": [NEW, OLD]})
    assert response.status_code == 200
    rendered = [template.name for template in response.templates]
    assert "treaties/compare.html" in rendered
    assert "_clause_excerpt.html" not in rendered
    arabic = Client().get("/ar/compare/", {"treaties": [NEW, OLD]})
    assert "_clause_excerpt.html" in [template.name for template in arabic.templates]


def test_a_new_comparison_page_of_kept_columns_reads_no_article(
    record, kept_answers, django_assert_num_queries
):
    compare(OLD, MIDDLE, path="/en/compare/")
    compare(MIDDLE, NEW, path="/en/compare/")
    # The version and the treaties asked for; the rest is kept (every topic, the treaties to
    # tick and the references, the articles' alignments).
    with django_assert_num_queries(2):
        page = compare(NEW, OLD, path="/en/compare/")
    assert page.count('class="excerpt"') == compare(OLD, NEW, path="/en/compare/").count(
        'class="excerpt"'
    )


def test_a_new_comparison_shows_the_alignments_of_its_treaties_kept_before(record, kept_answers):
    compare(OLD, MIDDLE, path="/en/compare/")
    compare(MIDDLE, NEW, path="/en/compare/")
    response = Client().get("/en/compare/", {"treaties": [OLD, MIDDLE, NEW]})
    compared = Treaty.objects.filter(slug__in=[OLD, MIDDLE, NEW])
    alignments = Alignment.objects.visible(drafts=False).filter(
        old_treaty__in=compared, new_treaty__in=compared
    )
    expected = list(alignments.order_by(*Alignment._meta.ordering, "pk"))
    assert expected
    assert response.context["alignments"] == expected
    assert len({(a.old_treaty_id, a.new_treaty_id) for a in expected}) > 1


@pytest.mark.parametrize(
    ("path", "language"),
    [
        (api("compare/"), "en"),
        ("/en/compare/", "en"),
        ("/ar/compare/", "ar"),
    ],
)
def test_comparisons_kept_before_any_reader_asks_make_nothing_and_show_the_same(
    record, kept_answers, settings, path, language
):
    settings.RECORD_CACHE_SECONDS = 0
    made = compare(NEW, OLD, path=path, HTTP_ACCEPT_LANGUAGE=language)
    settings.RECORD_CACHE_SECONDS = 600
    call_command("keep_comparisons", origin=["http://testserver"], verbosity=0)
    with mock.patch("treaties.selectors.treaty_comparison") as made_again:
        assert compare(NEW, OLD, path=path, HTTP_ACCEPT_LANGUAGE=language) == made
    made_again.assert_not_called()


def test_comparisons_kept_for_one_address_are_not_linked_from_another(
    record, kept_answers, settings
):
    with pytest.raises(CommandError, match=r"treaties\.example"):
        call_command("keep_comparisons", origin=["https://treaties.example"], verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "treaties.example"]
    call_command("keep_comparisons", origin=["https://treaties.example"], verbosity=0)
    answer = compare(OLD, NEW)
    assert "https://treaties.example" not in answer
    assert "http://testserver/api/v2/clauses/" in answer


def test_keeping_the_comparisons_again_makes_nothing_and_renews_what_is_kept(record, kept_answers):
    keep_comparisons(origins=["http://testserver"])
    cache = type(caches["record"])
    with (
        mock.patch("treaties.selectors.treaty_comparison") as made,
        mock.patch.object(cache, "touch", autospec=True, return_value=True) as renewed,
    ):
        keep_comparisons(origins=["http://testserver"])
    made.assert_not_called()
    treaties = Treaty.objects.visible(drafts=False).count()
    # Each treaty's page column in two languages, its API column and its alignments.
    assert renewed.call_count >= 4 * treaties


def test_the_keeper_names_the_code_it_keeps_for(record, kept_answers):
    """A web server deployed with other code reads none of what is kept (the keys name the
    code): the keeper says which code it keeps for, so an operator can tell."""
    output = io.StringIO()
    call_command("keep_comparisons", stdout=output)
    assert f"code {made_by()}:" in output.getvalue()


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [
        (["--origin", "treaties.example"], "not an origin"),
        (["--origin", "http://testserver/api/"], "not an origin"),
        (["--origin", "ftp://testserver"], "not an origin"),
        (["--watch", "0"], "invalid seconds value"),
    ],
)
def test_keeping_the_comparisons_refuses_what_it_cannot_do(
    record, kept_answers, arguments, refusal
):
    with pytest.raises(CommandError, match=refusal):
        call_command("keep_comparisons", *arguments, verbosity=0)


def test_the_keeper_goes_on_once_the_database_is_back(record, kept_answers):
    class Stopped(Exception):
        pass

    command = "treaties.management.commands.keep_comparisons"
    with (
        mock.patch(f"{command}.keep_comparisons", side_effect=[OperationalError, (1, 9)]) as kept,
        mock.patch(f"{command}.connections") as connections,
        mock.patch("time.sleep", side_effect=[None, Stopped]),
        pytest.raises(Stopped),
    ):
        call_command("keep_comparisons", "--watch", "30", verbosity=0)
    assert kept.call_count == 2
    connections.close_all.assert_called_once()  # the next pass connects again


def test_nothing_is_kept_ahead_with_the_kept_answers_off(record, settings):
    settings.RECORD_CACHE_SECONDS = 0
    with pytest.raises(CommandError, match="RECORD_CACHE_SECONDS=0"):
        call_command("keep_comparisons", verbosity=0)


@pytest.mark.parametrize("path", [api("compare/"), "/en/compare/", "/ar/compare/"])
@pytest.mark.parametrize(
    "query",
    [
        {"treaties": [OLD, OLD]},  # one treaty twice
        {"treaties": [OLD, MIDDLE], "topics": ["mutual-defence\u200b"]},  # invisible
        {"treaties": [OLD, MIDDLE], "topics": ["=cmd|' /C calc'!A0"]},  # formula-like
        {"treaties": [OLD, MIDDLE], "topics": [""] * 2_000 + ["x" * 5_000]},  # huge, empty
        {"treaties": [OLD, "\u202e" + MIDDLE]},  # bidi override
    ],
)
def test_a_comparison_that_cannot_be_made_is_refused_and_keeps_nothing(
    record, kept_answers, path, query
):
    response = Client().get(path, query)
    assert response.status_code == 400
    # Only what every page shows is kept (its frame, the latest release): nothing of the input.
    kept = [key for key in caches["record"]._cache if "fragment:" in key]
    assert not [key for key in kept if "column" in key or "alignments" in key]


@pytest.mark.django_db(transaction=True)  # the version rises once a transaction
def test_an_edited_article_shows_in_the_next_new_comparison(record, kept_answers):
    assert "Edited heading" not in compare(OLD, MIDDLE)
    assert "Edited heading" not in compare(OLD, MIDDLE, path="/en/compare/")
    article = defence_article()
    article.heading_en = "Edited heading"
    article.save()
    assert "Edited heading" in compare(OLD, NEW)
    assert "Edited heading" in compare(OLD, NEW, path="/en/compare/")


def test_each_language_and_api_version_has_its_own_articles(record, kept_answers):
    compare(OLD, MIDDLE, path="/en/compare/")
    arabic = compare(OLD, NEW, path="/ar/compare/")
    heading = '<span class="excerpt-heading">{}</span>'
    assert heading.format(defence_article().heading_ar) in arabic
    assert heading.format(defence_article().heading_en) not in arabic

    assert '"texts"' in compare(OLD, MIDDLE)
    legacy = compare(OLD, NEW, path="/api/v1/compare/")
    assert '"texts"' not in legacy
    assert '"text_source"' in legacy
    assert "/api/v1/treaties/" in legacy
    assert "/api/v2/" not in legacy


def test_an_article_kept_for_one_address_is_not_linked_from_another(record, kept_answers):
    Client().get(api("compare/"), {"treaties": [OLD, MIDDLE]}, HTTP_HOST="localhost")
    answer = Client().get(api("compare/"), {"treaties": [OLD, NEW]}, HTTP_HOST="testserver")
    assert "http://localhost/" not in answer.content.decode()
    assert "http://testserver/api/v2/clauses/" in answer.content.decode()


@pytest.mark.django_db(transaction=True)  # the edit commits between two reads of one request
@pytest.mark.parametrize("path", [api("compare/"), "/en/compare/"])
def test_an_edit_committed_while_a_comparison_is_made_is_not_kept_as_current(
    record, kept_answers, path
):
    real = selectors.treaty_comparison

    def edited_after_reading(**kwargs):
        comparison = real(**kwargs)
        Clause.objects.filter(pk=defence_article().pk).update(heading_en="Edited heading")
        return comparison

    with mock.patch("treaties.selectors.treaty_comparison", side_effect=edited_after_reading):
        assert "Edited heading" not in compare(OLD, MIDDLE, path=path)
    assert "Edited heading" in compare(OLD, NEW, path=path)
