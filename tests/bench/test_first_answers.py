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
