"""Failures that stay small: a client cannot slip the throttle or lock others out through
X-Forwarded-For, the probes answer for themselves, a faulty cache is served around, one client
cannot fill the cache, and the API answers its errors in JSON."""

import os
import sqlite3
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.middleware import RecordCacheMiddleware
from core.throttling import AnonThrottle, KeptAnswersThrottle, SearchThrottle
from tests.api_helpers import api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_caches():
    for alias in ("record", "throttle"):
        caches[alias].clear()
    yield
    for alias in ("record", "throttle"):
        caches[alias].clear()


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def kept_keys() -> list[str]:
    return [key for key in caches["record"]._cache if ":answer:" in key]


# The throttles count the client, not what it says of itself -------------------------------------


def test_a_new_x_forwarded_for_each_time_does_not_slip_the_api_throttle(client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [
        client.get(api("topics/"), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, monkeypatch, behind_one_proxy
):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    def get(forwarded_for: str) -> int:
        return client.get(api("topics/"), HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    # What the client wrote on the left changes nothing; the proxy's entry on the right counts.
    assert [get(f"{n}.{n}.{n}.{n}, 203.0.113.7") for n in range(1, 4)] == [200, 200, 429]
    assert get("1.1.1.1, 203.0.113.8") == 200  # another client behind the same proxy


def test_new_searches_are_throttled_with_a_page_that_says_when_to_come_back(client, monkeypatch):
    monkeypatch.setattr(SearchThrottle, "THROTTLE_RATES", {"search": "2/minute"})
    codes = [client.get("/ar/search/", {"q": word}).status_code for word in "abc"]
    assert codes == [200, 200, 429]
    response = client.get("/ar/search/", {"q": "d"})
    assert 1 <= int(response["Retry-After"]) <= 60
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_throttle_lets_requests_through_when_its_counts_cannot_be_read(client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    full = OSError(28, "No space left on device")
    counts = type(caches["throttle"])
    for operation in ("add", "incr"):  # the counter cannot be made, or cannot be counted
        with mock.patch.object(counts, operation, side_effect=full):
            codes = [client.get(api("topics/")).status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        caches["throttle"].clear()


def test_a_client_that_sent_its_rate_is_refused_until_the_window_ends(client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    now = 1_000_000 * 60 + 45.0  # 45 s into a minute
    monkeypatch.setattr(AnonThrottle, "timer", lambda _throttle: now)
    codes = [client.get(api("topics/")).status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]
    refused = client.get(api("topics/"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    now += 15  # the next window: refused requests were not counted against it
    assert [client.get(api("topics/")).status_code for _ in range(3)] == [200, 200, 429]


def test_the_throttle_keeps_a_counter_not_every_request(client, monkeypatch):
    # DRF's own throttle writes back a list of every request in the last minute on each one:
    # at a high rate, tens of kilobytes a request. A counter stays one small number.
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "1000/minute"})
    for _ in range(30):
        assert client.get(api("topics/")).status_code == 200
    counts = caches["throttle"]
    (key,) = [key for key in counts._cache if "throttle_anon_" in key]
    assert counts.get(key.split(":", 2)[2]) == 30  # the key past Django's prefix and version


def test_five_wrong_passwords_behind_the_proxy_lock_out_only_that_client(
    client, django_user_model, behind_one_proxy
):
    django_user_model.objects.create_user("curator", password="right-password", is_staff=True)
    login = reverse("admin:login")
    proxy = {"REMOTE_ADDR": "172.18.0.2"}  # every request reaches the app from the proxy
    for _ in range(5):
        client.post(
            login,
            {"username": "curator", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **proxy,
        )
    right = {"username": "curator", "password": "right-password"}
    attacker = client.post(login, right, HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy)
    assert attacker.status_code == 429
    other_client = Client().post(login, right, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert other_client.status_code == 302


@pytest.mark.parametrize(
    "forwarded_for",
    ["", "not-an-address", "x" * 5000, "1.1.1.1,,,", "\u200b", "=cmd|' /C calc'!A0"],
)
def test_a_forwarded_for_that_is_no_address_counts_as_the_peer(
    forwarded_for, behind_one_proxy, django_user_model
):
    django_user_model.objects.create_user("curator", password="right-password", is_staff=True)
    client = Client(raise_request_exception=False, HTTP_X_FORWARDED_FOR=forwarded_for)
    wrong = {"username": "curator", "password": "wrong"}
    codes = [
        client.get(api("topics/")).status_code,
        client.get("/en/search/", {"q": "treaty"}).status_code,
        client.post(reverse("admin:login"), wrong).status_code,
    ]
    assert codes == [200, 200, 200]


# The probes --------------------------------------------------------------------------------------


def test_liveness_reads_nothing_from_the_database_with_answers_kept(
    client, kept_answers, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_the_probes_answer_their_own_json_while_the_database_is_down(kept_answers):
    client = Client(raise_request_exception=False)
    error = OperationalError("connection failed: server closed the connection unexpectedly")
    with mock.patch(
        "django.db.backends.utils.CursorWrapper._execute_with_wrappers", side_effect=error
    ):
        live, ready = client.get("/healthz"), client.get("/readyz")
        page = client.get("/en/compare/")
    assert (live.status_code, live.json()) == (200, {"status": "alive"})
    assert ready.status_code == 503
    assert ready.json()["database"] == "unreachable"
    assert page.status_code == 503


def test_an_answer_marked_private_or_no_store_is_never_kept(kept_answers):
    request = RequestFactory().get("/en/")
    for view in (
        never_cache(lambda request: HttpResponse("probe")),
        lambda request: HttpResponse("mine", headers={"Cache-Control": "private"}),
    ):
        RecordCacheMiddleware(view)(request)
    assert kept_keys() == []
    RecordCacheMiddleware(lambda request: HttpResponse("public"))(request)
    assert len(kept_keys()) == 1


def test_an_answer_varying_on_a_header_the_keys_do_not_name_is_never_kept(kept_answers):
    """Its key would mix the answers made for different values of that header."""
    request = RequestFactory().get("/en/", headers={"x-reader": "one"})
    RecordCacheMiddleware(lambda request: HttpResponse("mine", headers={"Vary": "X-Reader"}))(
        request
    )
    assert kept_keys() == []


# A faulty cache is served around -----------------------------------------------------------------


def test_a_full_cache_volume_still_answers_every_page(client, record, kept_answers, caplog):
    full = sqlite3.OperationalError("database or disk is full")
    with mock.patch.object(type(caches["record"]), "set", side_effect=full):
        responses = [client.get(path) for path in ("/en/compare/", "/healthz", api("topics/"))]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert "could not be kept" in caplog.text


@pytest.fixture
def corrupted_cache_dir(tmp_path):
    # diskcache's shards, as the kept answers' directory holds them.
    for shard in range(8):
        (tmp_path / f"{shard:03}").mkdir()
        (tmp_path / f"{shard:03}" / "cache.db").write_bytes(b"not an SQLite database" * 100)
    return tmp_path


def test_a_corrupted_cache_file_is_served_around(
    client, record, settings, corrupted_cache_dir, caplog
):
    settings.RECORD_CACHE_SECONDS = 600  # not kept_answers, which empties the cache it opens
    settings.CACHES = {
        **settings.CACHES,
        "record": {**settings.CACHES["record"], "LOCATION": str(corrupted_cache_dir)},
    }
    assert client.get("/en/compare/").status_code == 200
    assert "cannot be opened" in caplog.text


def test_a_worker_boots_with_a_corrupted_cache_file(corrupted_cache_dir):
    boot = (
        "import django; django.setup(); "
        "from django.core.handlers.wsgi import WSGIHandler; WSGIHandler(); print('booted')"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "boot-test",
        "RECORD_CACHE_DIR": str(corrupted_cache_dir),
    }
    booted = subprocess.run(
        [sys.executable, "-c", boot],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert booted.returncode == 0, booted.stderr
    assert booted.stdout.strip() == "booted"


def test_one_client_has_only_its_share_of_new_answers_kept(client, kept_answers, monkeypatch):
    monkeypatch.setattr(KeptAnswersThrottle, "THROTTLE_RATES", {"kept": "2/minute"})
    for word in ("treaty", "defence", "aggression"):
        assert client.get("/en/search/", {"q": word}).status_code == 200
    assert len(kept_keys()) == 2
    # Another client's answers are kept as before.
    Client(REMOTE_ADDR="192.0.2.44").get("/en/search/", {"q": "sovereignty"})
    assert len(kept_keys()) == 3


# Errors of the API are JSON ----------------------------------------------------------------------


def test_an_oversized_api_body_is_a_413_in_json(settings, curator):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    curator.raise_request_exception = False
    body = '{"slug": "' + "x" * 2000 + '"}'
    response = curator.post(api("topics/"), body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]


def test_an_oversized_form_on_a_page_is_a_413_page(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(raise_request_exception=False, enforce_csrf_checks=False)
    response = client.post(reverse("admin:login"), {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
