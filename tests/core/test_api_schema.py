"""The OpenAPI schema is valid, and the API keeps every promise it makes: schemathesis, with all
its default checks, against the app served by gunicorn (as in production) on the test database."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

BIN = Path(sys.executable).parent
REPORTS = Path(settings.BASE_DIR, "test-artifacts", "schemathesis")
SERVER_LOG = REPORTS / "gunicorn.log"


def test_the_schema_validates_without_warnings(tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    assert "/api/v2/compare/" in text
    assert "'429':" in text


def served_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{quote(db['HOST'], safe='')}{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_app(transactional_db, record):
    """gunicorn serving the app on the test database, with the real record committed to it."""
    port = free_port()
    REPORTS.mkdir(parents=True, exist_ok=True)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": served_database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ACCESS_LOG": "",
    }
    # The server's log goes to a file: a pipe nobody reads fills up and blocks the workers.
    log = SERVER_LOG.open("w")
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "config.wsgi",
            "--config=config/gunicorn.py",  # its limits, as `make run` serves
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/", timeout=1)  # noqa: S310 - our server
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_schemathesis_finds_nothing(served_app):
    result = subprocess.run(
        [
            BIN / "schemathesis",
            "run",
            f"{served_app}/api/schema/",
            "--max-examples=25",
            "--seed=1",
            "--report=junit",
            f"--report-dir={REPORTS}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    server_errors = [line for line in SERVER_LOG.read_text().splitlines() if "Traceback" in line]
    assert result.returncode == 0, result.stdout[-6000:]
    assert server_errors == []
    assert " passed" in result.stdout


@pytest.mark.parametrize(
    ("path", "marker"), [("/api/docs/", "swagger-ui"), ("/api/redoc/", "redoc")]
)
def test_the_docs_pages_load_with_local_assets(client, path, marker):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert marker in html
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr" not in html


@pytest.mark.django_db
def test_the_apis_bare_address_leads_to_the_current_versions_front_page(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/v2/"
    front = client.get(response["Location"]).json()
    assert {"treaties", "compare", "in-force"} <= front.keys()
    refused = client.post("/api/")
    assert refused.status_code == 405
    assert refused.json() == {"detail": 'Method "POST" not allowed.'}
    assert refused["Allow"] == "GET, HEAD, OPTIONS"
    described = client.options("/api/")
    assert described.status_code == 200
    assert described["Allow"] == "GET, HEAD, OPTIONS"
    assert described.json()["name"] == "Moscow–Pyongyang treaties API"
    assert "current version's front page" in described.json()["description"]
