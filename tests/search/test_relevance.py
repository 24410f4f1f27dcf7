"""Recall@10 of the search over a set of what students type (tests/search/relevance.yaml, half
of it Arabic): the share of the records they expect that come among the first ten of their kind.
Run with -s to see the figure and what each query missed."""

from pathlib import Path

import pytest
import yaml

from search.kinds import KINDS
from search.selectors import record_search

pytestmark = pytest.mark.django_db

CASES = yaml.safe_load(Path(__file__).with_name("relevance.yaml").read_text())
TOP = 10
REQUIRED_RECALL = 0.95


def test_the_set_is_forty_queries_or_more_half_of_them_arabic():
    arabic = [case for case in CASES if any("\u0600" <= char <= "\u06ff" for char in case["query"])]
    assert len(CASES) >= 40
    assert len(arabic) >= len(CASES) / 2 - 2
    assert all(case["expect"] for case in CASES)


def test_recall_at_ten_over_the_relevance_set(record):
    expected = found = 0
    missed = []
    for case in CASES:
        results = record_search(text=case["query"], limits=dict.fromkeys(KINDS, TOP))
        shown = {f"{kind}:{row.slug}" for kind in KINDS for row in getattr(results, kind)}
        misses = [record for record in case["expect"] if record not in shown]
        expected += len(case["expect"])
        found += len(case["expect"]) - len(misses)
        missed += [f"{case['query']} → {record}" for record in misses]
    recall = found / expected
    print(f"\nrecall@{TOP}: {recall:.3f} ({found} of {expected} expected records)")
    print("\n".join(missed))
    assert recall >= REQUIRED_RECALL, missed
