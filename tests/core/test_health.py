"""The probes (core.health) and the error pages (core.errors): liveness without the database,
readiness with it, and a clean 503 (HTML or JSON) while PostgreSQL cannot be reached."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.api_helpers import api

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_the_database(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
        cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_the_database(client):
    assert client.get("/readyz").json() == {"status": "ready", "database": "ok"}
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Retry-After"] == "5"


@pytest.fixture
def unreachable_database():
    """Every query fails as it does while PostgreSQL restarts."""
    error = OperationalError("connection failed: server closed the connection unexpectedly")
    with mock.patch(
        "django.db.backends.utils.CursorWrapper._execute_with_wrappers", side_effect=error
    ):
        yield


def test_a_page_without_its_database_is_a_clean_503(unreachable_database):
    client = Client(raise_request_exception=False)
    response = client.get("/ar/compare/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    assert response["Content-Security-Policy"]


def test_the_api_without_its_database_is_a_clean_503_in_json(unreachable_database):
    client = Client(raise_request_exception=False)
    response = client.get(api("compare/"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "unavailable" in response.json()["detail"]


def test_other_server_errors_stay_500(client):
    client = Client(raise_request_exception=False)
    with mock.patch("treaties.views.selectors.treaty_list", side_effect=ValueError("bug")):
        response = client.get("/en/")
    assert response.status_code == 500
