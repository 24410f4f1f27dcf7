"""The answers kept for anonymous readers (core.middleware.RecordCacheMiddleware): kept until
the record changes, never shown to curators, never mixing languages or htmx partials."""

import gzip
import os
import subprocess
import sys
from unittest import mock

import brotli
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import middleware
from core.compression import padded_gzip
from core.models import Publication, RecordVersion
from tests.api_helpers import api
from tests.factories import TreatyFactory
from treaties.models import Treaty

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("kept_answers")]


def page_keys() -> list[str]:
    """The keys of the kept answers (the others keep which headers an answer varies on), as
    cache.get() takes them: without the ":version:" that the cache puts before each."""
    stored = (key.split(":", 2)[2] for key in caches["record"]._cache)
    return [key for key in stored if key.startswith("answer:")]


def vary(response) -> set[str]:
    return {header.strip().lower() for header in response["Vary"].split(",")}


def test_a_second_anonymous_request_is_answered_from_the_cache(record, django_assert_num_queries):
    client = Client()
    first = client.get("/en/compare/")
    with django_assert_num_queries(1):  # the record's version, nothing else
        second = client.get("/en/compare/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("part_of_the_key", "before", "after"),
    [
        # The in-force page answers for today, and Cite boxes name the day they were read.
        ("kept_day", "2026-12-05", "2026-12-06"),
        # After a deploy, a page kept by the code before (its markup, its links) is made again.
        ("made_by", "the release before", "the next release"),
    ],
)
def test_an_answer_kept_yesterday_or_by_other_code_is_not_read(
    record, monkeypatch, part_of_the_key, before, after
):
    client = Client()
    monkeypatch.setattr(middleware, part_of_the_key, lambda: before)
    client.get("/en/in-force/")
    with CaptureQueriesContext(connection) as same:
        client.get("/en/in-force/")
    assert len(same) == 1  # kept: the record's version, nothing else
    monkeypatch.setattr(middleware, part_of_the_key, lambda: after)
    with CaptureQueriesContext(connection) as changed:
        client.get("/en/in-force/")
    assert len(changed) > 1  # made again, for the new day or by the new code


def test_a_change_to_the_record_shows_at_once(record):
    client = Client()
    assert "Renamed treaty" not in client.get("/en/").content.decode()
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    treaty.short_title_en = "Renamed treaty"
    treaty.save()
    assert "Renamed treaty" in client.get("/en/").content.decode()


def test_publishing_shows_at_once_and_withdrawing_hides_at_once(record):
    client = Client()
    draft = TreatyFactory(short_title_en="Fresh treaty", publication=Publication.DRAFT)
    assert "Fresh treaty" not in client.get("/en/").content.decode()
    Treaty.objects.filter(pk=draft.pk).update(publication=Publication.PUBLISHED)
    assert "Fresh treaty" in client.get("/en/").content.decode()
    Treaty.objects.filter(pk=draft.pk).update(publication=Publication.DRAFT)
    assert "Fresh treaty" not in client.get("/en/").content.decode()
    assert client.get(api(f"treaties/{draft.slug}/")).status_code == 404


def test_curators_are_never_answered_from_the_cache(record, admin_client):
    TreatyFactory(short_title_en="Unpublished treaty", publication=Publication.DRAFT)
    anonymous = Client().get("/en/").content.decode()
    assert "Unpublished treaty" not in anonymous
    assert "Unpublished treaty" in admin_client.get("/en/").content.decode()


def test_token_clients_are_never_answered_from_the_cache(record, curator):
    draft = TreatyFactory(publication=Publication.DRAFT)
    assert Client().get(api(f"treaties/{draft.slug}/")).status_code == 404
    assert curator.get(api(f"treaties/{draft.slug}/")).status_code == 200


def test_languages_and_htmx_partials_are_kept_apart(record):
    client = Client()
    page = client.get("/en/compare/").content.decode()
    partial = client.get("/en/compare/", headers={"hx-request": "true"}).content.decode()
    assert "<html" in page
    assert "<html" not in partial
    assert 'lang="ar"' in client.get("/ar/compare/").content.decode()
    assert "<html" in client.get("/en/compare/").content.decode()


def test_an_answer_is_found_in_one_read_and_kept_in_one_write(record):
    """Not Django's two: the headers a URL's answers vary on, then the answer."""
    cache = caches["record"]
    backend = type(cache)
    with (
        mock.patch.object(backend, "get", autospec=True, side_effect=backend.get) as read,
        mock.patch.object(backend, "set", autospec=True, side_effect=backend.set) as write,
    ):
        first = Client().get(api("topics/"))
        kept = Client().get(api("topics/"))
    assert kept.content == first.content
    answers_read, answers_kept = (
        [
            call
            for call in mocked.call_args_list
            if call.args[0] is cache and not call.args[1].startswith("fragment:")
        ]
        for mocked in (read, write)
    )
    assert len(answers_read) == 2
    assert len(answers_kept) == 1


def test_api_formats_are_kept_apart(record):
    client = Client()
    assert client.get(api("compare/"))["Content-Type"] == "application/json"
    as_csv = client.get(api("compare/"), headers={"accept": "text/csv"})
    assert as_csv["Content-Type"].startswith("text/csv")
    assert client.get(api("compare/"))["Content-Type"] == "application/json"


def test_compressed_and_plain_answers_are_kept_apart(record, django_assert_num_queries):
    client = Client()
    plain = client.get("/en/timeline/")
    compressed = client.get("/en/timeline/", headers={"accept-encoding": "gzip, br"})
    gzipped = client.get("/en/timeline/", headers={"accept-encoding": "gzip"})
    with django_assert_num_queries(1):
        kept = client.get("/en/timeline/", headers={"accept-encoding": "gzip, br"})
    assert kept["Content-Encoding"] == "br"
    assert kept["ETag"] == compressed["ETag"] != plain["ETag"]
    assert brotli.decompress(kept.content) == plain.content
    with django_assert_num_queries(1):
        assert client.get("/en/timeline/", headers={"accept-encoding": "gzip"}).content == (
            gzipped.content
        )
    assert gzip.decompress(gzipped.content) == plain.content
    with django_assert_num_queries(1):
        assert "Content-Encoding" not in client.get("/en/timeline/")


def test_anonymous_answers_take_brotli_at_quality_1(record):
    """What browsers and most clients take: smaller than gzip, and made in a fraction of its
    time while a first answer's reader waits."""
    client = Client()
    plain = client.get(api("compare/"))
    compressed = client.get(api("compare/"), headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "br"
    assert compressed.content == brotli.compress(plain.content, quality=1)
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert compressed["Vary"].count("Accept-Encoding") == 1


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0, br", "br"),
        ("BR", "br"),
        ("*", "br"),
        ("gzip;q=0, *", "br"),
        ("br;q=0, *", "gzip"),
        ("br;q=0, gzip;q=0.0", None),
        ("gzip;q=none, deflate", None),
        ("identity", None),
        (";,;q=1,", None),
    ],
)
def test_answers_are_compressed_as_the_client_takes_them(record, accept_encoding, coding):
    response = Client().get(api("compare/"), headers={"accept-encoding": accept_encoding})
    assert response.status_code == 200
    assert response.get("Content-Encoding") == coding


def test_answers_to_a_session_or_a_token_are_gzipped_padded(record, admin_client, curator):
    """Their answers may hold a secret an attacker guesses at (BREACH): only padded gzip."""
    for client, url in ((admin_client, "/en/timeline/"), (curator, api("compare/"))):
        response = client.get(url, headers={"accept-encoding": "br, gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert response.content[3] & gzip.FNAME


def test_answers_are_gzipped_at_level_4_and_padded_against_breach(record):
    """A first answer is compressed while its reader waits: zlib's level 4, not Django's 6."""
    client = Client()
    plain = client.get(api("compare/"))
    compressed = client.get(api("compare/"), headers={"accept-encoding": "gzip"})
    body = compressed.content
    assert gzip.decompress(body) == plain.content
    assert body[3] & gzip.FNAME  # a file name of a random length pads the header
    name_end = body.index(b"\x00", 10) + 1
    assert body[name_end:] == gzip.compress(plain.content, compresslevel=4, mtime=0)[10:]
    assert compressed["Content-Length"] == str(len(body))
    assert compressed["Vary"].count("Accept-Encoding") == 1


def test_without_padding_an_answer_is_plain_gzip():
    content = b"treaty " * 100
    assert padded_gzip(content, level=4, max_random_bytes=0) == gzip.compress(
        content, compresslevel=4, mtime=0
    )


def test_errors_are_not_kept(record, django_assert_num_queries):
    client = Client()
    assert client.get("/en/compare/?treaties=nothing").status_code == 400
    response = client.get("/en/compare/?treaties=nothing")
    assert response.status_code == 400
    assert page_keys() == []  # (the footer's latest release is kept as a fragment)


def test_a_kept_answer_still_gets_its_304(record):
    client = Client()
    etag = client.get("/en/timeline/")["ETag"]
    assert client.get("/en/timeline/", headers={"if-none-match": etag}).status_code == 304


def test_one_transaction_raises_the_version_once(record):
    before = RecordVersion.current()
    Treaty.objects.update(notes_en="x")
    assert RecordVersion.current() == before + 1


def test_api_answers_are_kept_as_bytes_and_headers(record, django_assert_num_queries):
    client = Client()
    first = client.get(api("treaties/"))
    kept = [caches["record"].get(key) for key in page_keys()]
    assert [type(answer) for answer in kept] == [HttpResponse]
    assert kept[0].content == first.content
    assert kept[0]["Content-Type"] == "application/json"
    with django_assert_num_queries(1):
        second = client.get(api("treaties/"))
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert vary(second) == vary(first)


def test_the_workers_share_the_kept_answers(record):
    """Kept in files, not in one process's memory: what one worker kept, another reads."""
    client = Client()
    page = client.get("/en/timeline/")
    kept = page_keys()
    assert len(kept) == 1
    script = (
        "import sys, django; django.setup(); from django.core.cache import caches; "
        "sys.stdout.buffer.write(caches['record'].get(sys.argv[1]).content)"
    )
    other_worker = subprocess.run(
        [sys.executable, "-c", script, kept[0]],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        timeout=60,
    )
    assert other_worker.returncode == 0, other_worker.stderr.decode()
    assert other_worker.stdout == page.content


def test_a_head_request_reads_the_answer_kept_for_its_get(record, django_assert_num_queries):
    client = Client()
    page = client.get("/en/compare/")
    with django_assert_num_queries(1):  # the record's version, nothing else
        head = client.head("/en/compare/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == page["ETag"]
