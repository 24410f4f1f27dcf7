import random
import urllib.parse

import pytest

from bench import first_answers
from tests.factories import TreatyFactory

pytestmark = pytest.mark.django_db


def test_no_url_is_asked_for_twice_and_datasette_is_asked_the_same(monkeypatch):
    monkeypatch.setattr(first_answers, "URLS_A_PASS", 300)
    treaties = [(pk, f"synthetic-{pk}") for pk in range(1, 40)]
    pages, answers, queries = first_answers.comparisons(random.Random(1), treaties)  # noqa: S311

    assert len(set(answers)) == len(answers) == 300
    for page, answer, query in zip(pages, answers, queries, strict=True):
        slugs = urllib.parse.parse_qs(urllib.parse.urlsplit(answer).query)["treaties"]
        assert page.endswith(urllib.parse.urlsplit(answer).query)
        asked = urllib.parse.parse_qs(query)
        pks = {int(asked[name][0]) for name in "abc"}
        assert {f"synthetic-{pk}" for pk in pks} == set(slugs)

    searched = first_answers.searches(random.Random(1))  # noqa: S311 - seeded URLs
    assert len({terms for _language, terms in searched}) == len(searched) == 300


def test_every_timeline_page_is_walked_in_both_languages(settings):
    TreatyFactory.create_batch(3)
    timeline = first_answers.timeline()
    assert timeline.ours == ["/en/timeline/?page=1", "/ar/timeline/?page=1"]
    assert len(timeline.datasette) == 2


def test_rounds_take_turns_to_go_first_on_urls_of_their_own(monkeypatch):
    """With BENCH_ROUNDS, each round measures Datasette and the app on the same new queries, the
    two taking turns to go first; the median row gives the median of the rounds' ratios."""
    monkeypatch.setattr(first_answers, "ROUNDS", 3)
    asked = []

    def measured(address, paths):
        asked.append((address, paths))
        rps = 100 + len(asked) if address == first_answers.APP else 100
        return {"loaded": {"rps": rps}, "alone": {"p50_ms": 20.0, "p95_ms": 40.0}}

    monkeypatch.setattr(first_answers, "measure", measured)
    target = first_answers.Endpoint(
        "search", [f"/en/search/?q={n}" for n in range(9)], [f"/bench?q={n}" for n in range(9)]
    )
    rounds = first_answers.measured_rounds(target)

    app, datasette = first_answers.APP, first_answers.DATASETTE
    order = [address for address, _paths in asked]
    assert order == [datasette, app, app, datasette, datasette, app]
    for first, second in zip(asked[::2], asked[1::2], strict=True):
        assert [path.split("=")[1] for path in first[1]] == [
            path.split("=")[1] for path in second[1]
        ]
    assert [paths for address, paths in asked if address == app] == [
        [f"/en/search/?q={n}" for n in range(start, start + 3)] for start in (0, 3, 6)
    ]
    assert [ours["loaded"]["rps"] for ours, _theirs in rounds] == [102, 103, 106]
    assert "1.03x" in first_answers.median_row("search", rounds)
