"""The word diff of two wordings: right on any words, and bounded on any input."""

import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaties.diffing import word_diff


def test_word_diff_marks_added_and_removed_words():
    diff = word_diff("shall immediately extend assistance", "shall without delay extend assistance")
    assert diff.chunks == [
        ("equal", "shall"),
        ("delete", "immediately"),
        ("insert", "without delay"),
        ("equal", "extend assistance"),
    ]
    assert diff.shared_percent == round(200 * 3 / 9)


def test_word_diff_of_identical_and_empty_wordings():
    assert word_diff("a b", "a b").shared_percent == 100
    assert word_diff("", "").chunks == []
    assert word_diff("", "").shared_percent == 100


def sides(diff) -> tuple[list[str], list[str]]:
    """The old and the new words the diff's runs give back."""
    old = [word for op, text in diff.chunks if op != "insert" for word in text.split()]
    new = [word for op, text in diff.chunks if op != "delete" for word in text.split()]
    return old, new


WORDS = st.lists(st.sampled_from(["the", "party", "shall", "الطرف", "يلتزم", "1", "«", "»"]))


@given(old=WORDS, new=WORDS)
def test_the_runs_give_back_both_wordings(old, new):
    diff = word_diff(" ".join(old), " ".join(new))
    assert sides(diff) == (old, new)
    assert all(text for _op, text in diff.chunks)


@pytest.fixture
def watchdog():
    """Fails a test still running after 20 s: a worker is killed at 30."""

    def too_long(signum, frame):
        raise TimeoutError("the diff ran past 20 s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_repetitive_texts_are_diffed_within_a_request(watchdog):
    # difflib's matcher took 107 s on these (3.6 KB each): the worker answered 500.
    old, new = "a b c " * 600, "a c b " * 600
    diff = word_diff(old, new)
    assert sides(diff) == (old.split(), new.split())


def test_a_search_cut_short_still_gives_a_correct_diff():
    old, new = "a b c " * 3000, "a c b " * 3000
    assert sides(word_diff(old, new, search_seconds=0.01)) == (old.split(), new.split())
