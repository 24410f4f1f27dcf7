"""Several app servers share one Redis or Valkey (REDIS_URL): the kept answers and the throttle
counts live there, so a publication shows on every server at once and the throttle counts a
client once across them. Runs Debian's redis-server (scripts/dev.sh installs it)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from core.throttling import AnonThrottle
from tests.api_helpers import api
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def settings_caches(**environment: str) -> dict:
    """CACHES as config.settings makes them from the environment."""
    code = "import json; from config import settings; print(json.dumps(settings.CACHES))"
    made = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "SECRET_KEY": "caches-test", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(made.stdout)


def test_without_redis_url_one_machine_shares_files():
    caches_made = settings_caches(REDIS_URL="")
    assert caches_made["record"]["BACKEND"] == "core.cache.SharedFileCache"
    assert caches_made["throttle"]["BACKEND"] == "core.cache.SharedFileCache"


def test_with_redis_url_the_answers_and_the_counts_live_in_redis():
    caches_made = settings_caches(REDIS_URL="redis://cache:6379/0")
    for alias in ("record", "throttle"):
        assert caches_made[alias]["BACKEND"] == "core.cache.SharedRedisCache"
        assert caches_made[alias]["LOCATION"] == "redis://cache:6379/0"
    assert caches_made["record"]["KEY_PREFIX"] != caches_made["throttle"]["KEY_PREFIX"]


@pytest.fixture
def shared_caches(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        **{
            alias: {
                "BACKEND": "core.cache.SharedRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": alias,
            }
            for alias in ("record", "throttle")
        },
    }
    settings.RECORD_CACHE_SECONDS = 600
    caches["record"].clear()
    yield
    caches["record"].clear()


def another_server_cache(alias: str) -> RedisCache:
    """The same cache as another app server opens it: a connection of its own."""
    return caches.create_connection(alias)


def test_an_answer_kept_by_one_server_is_read_by_another(
    shared_caches, record, django_assert_num_queries
):
    first = Client().get("/en/compare/")
    other = another_server_cache("record")
    kept = [key for key in other._cache.get_client().keys("record:*") if b":answer:" in key]
    assert len(kept) == 1
    with django_assert_num_queries(1):  # the record's version only
        assert Client().get("/en/compare/").content == first.content


def test_a_publication_shows_on_every_server_at_once(shared_caches, record):
    assert "Renamed treaty" not in Client().get("/en/").content.decode()
    Treaty.objects.filter(slug="russia-dprk-2024").update(short_title_en="Renamed treaty")
    assert "Renamed treaty" in Client().get("/en/").content.decode()


def test_the_throttle_counts_a_client_once_across_servers(shared_caches, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    caches["throttle"].clear()
    assert Client().get(api("topics/")).status_code == 200
    # Another server's workers read the same counts: its connection sees this client's history.
    counts = another_server_cache("throttle")
    (key,) = counts._cache.get_client().keys("throttle:*")
    assert counts.get(key.decode().split(":", 2)[2]) == 1
    codes = [Client().get(api("topics/")).status_code for _ in range(2)]
    assert codes == [200, 429]
