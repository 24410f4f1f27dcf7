"""Fragments kept per record object and record version (core.fragments)."""

import pickle
from unittest import mock

import pytest
from django.core.cache import caches

from core.fragments import COMPRESSED_FROM, kept_fragments, packed, unpacked
from core.models import RecordVersion
from tests.factories import TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_answers")]


class Builder:
    """Makes a fragment of each pk asked for and remembers which it was asked for."""

    def __init__(self):
        self.asked: list[list[int]] = []

    def __call__(self, pks: list[int]) -> dict[int, str]:
        self.asked.append(pks)
        return {pk: f"fragment of {pk}" for pk in pks}


def test_only_the_fragments_not_kept_yet_are_made():
    build = Builder()
    assert kept_fragments("test", [1, 2], build, version=RecordVersion.current()) == {
        1: "fragment of 1",
        2: "fragment of 2",
    }
    assert kept_fragments("test", [2, 3, 1], build, version=RecordVersion.current()) == {
        1: "fragment of 1",
        2: "fragment of 2",
        3: "fragment of 3",
    }
    assert build.asked == [[1, 2], [3]]


def test_each_variant_and_kind_has_fragments_of_its_own():
    build = Builder()
    kept_fragments("test", [1], build, version=RecordVersion.current(), variant=("en",))
    kept_fragments("test", [1], build, version=RecordVersion.current(), variant=("ar",))
    kept_fragments("other", [1], build, version=RecordVersion.current(), variant=("en",))
    kept_fragments("test", [1], build, version=RecordVersion.current(), variant=("en",))
    assert build.asked == [[1], [1], [1]]


@pytest.mark.django_db(transaction=True)  # the version rises once a transaction
def test_a_write_to_the_record_makes_every_fragment_again():
    build = Builder()
    kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    TopicFactory()  # any write raises the record's version
    kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    assert build.asked == [[1, 2], [1, 2]]


def test_with_the_kept_answers_off_nothing_is_kept(settings):
    settings.RECORD_CACHE_SECONDS = 0
    build = Builder()
    kept_fragments("test", [1], build, version=RecordVersion.current())
    kept_fragments("test", [1], build, version=RecordVersion.current())
    assert build.asked == [[1], [1]]


def test_a_cache_that_cannot_be_read_or_written_is_served_around(caplog):
    build = Builder()
    with mock.patch.object(type(caches["record"]), "get_many", side_effect=OSError("disk")):
        assert kept_fragments("test", [1], build, version=RecordVersion.current()) == {
            1: "fragment of 1"
        }
    with mock.patch.object(type(caches["record"]), "set_many", side_effect=OSError("full")):
        assert kept_fragments("test", [2], build, version=RecordVersion.current()) == {
            2: "fragment of 2"
        }
    assert build.asked == [[1], [2]]
    assert "could not be read" in caplog.text
    assert "could not be kept" in caplog.text


def test_fragments_are_kept_compressed(record):
    """Kept for every treaty, the comparison columns must fit the cache: markup and JSON
    compress to about a fifth."""
    from treaties import fragments, selectors

    treaty = selectors.treaty_chronology().get(slug="russia-dprk-2024")
    version = RecordVersion.current()
    (column,) = fragments.page_columns(
        [treaty], selectors.comparison_topics(), version=version
    ).values()
    (kept,) = (
        value for key, value in cache_items() if key.endswith(f":{treaty.pk}") and "page" in key
    )
    assert isinstance(kept, bytes)
    assert len(kept) < len(pickle.dumps(column)) / 3
    assert unpacked(kept) == column


def test_a_small_fragment_is_kept_as_it_is_and_a_large_one_compressed():
    # Fifty records of a list page read back without decompressing each.
    small, large = {"slug": "a-treaty"}, "wording " * COMPRESSED_FROM
    assert packed(small) == b"p" + pickle.dumps(small, pickle.HIGHEST_PROTOCOL)
    assert len(packed(large)) < len(large) / 10
    assert [unpacked(packed(fragment)) for fragment in (small, large)] == [small, large]


def test_a_damaged_fragment_is_made_again(caplog):
    build = Builder()
    kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    for key, _value in cache_items():
        if key.endswith(":1"):
            caches["record"].set(key, b"not what was kept")
    assert kept_fragments("test", [1, 2], build, version=RecordVersion.current()) == {
        1: "fragment of 1",
        2: "fragment of 2",
    }
    assert build.asked == [[1, 2], [1]]
    assert "could not be read" in caplog.text


def cache_items():
    """Every (key, value) kept in the record's cache (diskcache, as the tests run it)."""
    cache = caches["record"]._cache
    return [(key.split(":", 2)[-1], cache[key]) for key in cache]
