"""Fragments kept per record object and record version (core.fragments)."""

import os
import pickle
import time
from unittest import mock

import pytest
from diskcache import DjangoCache
from django.core.cache import caches
from django.test import Client

from core.cache import recent_fragments
from core.fragments import COMPRESSED_FROM, kept_fragments, made_by, packed, unpacked
from core.models import RecordVersion
from tests.api_helpers import api
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


def test_fragments_kept_by_other_code_are_made_again(monkeypatch):
    # After a deploy, the record's version and the day are the same, but a fragment kept by the
    # code before may have a shape its class no longer has (a page's frame without its topics).
    build = Builder()
    kept_fragments("test", [1], build, version=RecordVersion.current())
    monkeypatch.setattr("core.fragments.made_by", lambda: "the next release")
    kept_fragments("test", [1], build, version=RecordVersion.current())
    kept_fragments("test", [1], build, version=RecordVersion.current())
    assert build.asked == [[1], [1]]


def test_the_code_that_makes_fragments_is_named_by_what_it_says(tmp_path):
    templates = tmp_path / "templates" / "treaties"
    templates.mkdir(parents=True)
    (templates / "cell.html").write_text("<td>{{ cell }}</td>")
    before = made_by.__wrapped__(tmp_path)
    (templates / "notes.md").write_text("no part of a fragment")
    assert made_by.__wrapped__(tmp_path) == before
    (templates / "cell.html").write_text("<td class='cell'>{{ cell }}</td>")
    assert made_by.__wrapped__(tmp_path) != before
    made_by()
    assert made_by() == made_by()
    assert made_by.cache_info().misses == 1  # read once a process (the tmp_path calls bypassed it)


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


def read_from_shared_cache():
    """Patches the shared cache's own reads, to count them: what the process does not hold."""
    return mock.patch.object(
        DjangoCache, "get_many", autospec=True, side_effect=DjangoCache.get_many
    )


def test_a_process_reads_the_fragments_it_kept_from_its_memory():
    build = Builder()
    kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    with read_from_shared_cache() as shared:
        assert kept_fragments("test", [2, 1], build, version=RecordVersion.current()) == {
            1: "fragment of 1",
            2: "fragment of 2",
        }
    assert not shared.called
    assert build.asked == [[1, 2]]


def test_fragments_read_from_the_shared_cache_are_held_too():
    build = Builder()
    kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    recent_fragments.clear()  # as another process finds them, kept by this one
    with read_from_shared_cache() as shared:
        kept_fragments("test", [1, 2], build, version=RecordVersion.current())
        kept_fragments("test", [1, 2], build, version=RecordVersion.current())
    assert shared.call_count == 1
    assert build.asked == [[1, 2]]


def test_a_process_holds_fragments_up_to_its_bound(settings):
    settings.RECENT_FRAGMENTS_MB = 1
    recent_fragments.clear()  # made again with the bound
    incompressible = {pk: os.urandom(400_000) for pk in (1, 2, 3)}
    kept_fragments(
        "test",
        [1, 2, 3],
        lambda pks: {pk: incompressible[pk] for pk in pks},
        version=RecordVersion.current(),
    )
    assert recent_fragments.store().currsize <= 2**20
    assert recent_fragments.store().currsize > 0
    # What the memory let go of is read from the shared cache, never made again.
    never = Builder()
    assert kept_fragments("test", [1, 2, 3], never, version=RecordVersion.current()) == (
        incompressible
    )
    assert never.asked == []


def test_only_fragments_are_held_in_memory(record):
    Client().get("/en/compare/")
    Client().get(api("compare/"))
    held = list(recent_fragments.store())
    assert held
    assert all(":fragment:" in key for key in held)


def test_clearing_the_cache_clears_what_the_process_holds():
    build = Builder()
    kept_fragments("test", [1], build, version=RecordVersion.current())
    caches["record"].clear()
    kept_fragments("test", [1], build, version=RecordVersion.current())
    assert build.asked == [[1], [1]]


def test_a_list_page_never_asked_for_reads_the_records_it_shares_from_memory(record):
    """The case it is for: fifty records a page, most of them on pages asked for before."""
    Client().get(api("treaties/"))
    with read_from_shared_cache() as shared:
        assert Client().get(api("treaties/?ordering=-signed_on")).status_code == 200
    assert fragments_read(shared) == []
    recent_fragments.clear()  # as in another process
    with read_from_shared_cache() as shared:
        assert Client().get(api("treaties/?ordering=slug")).status_code == 200
    assert fragments_read(shared)


def fragments_read(shared) -> list[str]:
    return [key for call in shared.call_args_list for key in call.args[1] if "fragment:" in key]


def test_fragments_are_kept_for_a_day_whatever_the_answers_time(settings):
    """The watcher that keeps every treaty's comparison columns may take longer than the
    answers' time to go round: what it kept first must still be there at its end."""
    settings.RECORD_CACHE_SECONDS = 60
    kept_fragments("test", [1], Builder(), version=RecordVersion.current())
    shared = caches["record"]._cache
    (key,) = [key for key in shared if ":fragment:test:" in key]
    _value, expires = shared.get(key, expire_time=True)
    assert expires - time.time() > 23 * 3600
