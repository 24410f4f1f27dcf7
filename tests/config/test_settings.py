"""Deployment hardening in the settings: security headers, HTTPS, the deploy check and static
caching. (The probes and error pages are core's: tests/core/test_health.py.)"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api_helpers import api

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/en/", "/ar/compare/", "/en/timeline/", "/en/search/?q=defence", "/ar/reactions/"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(client, record, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_no_inline_script_or_style(client, record, path):
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "htmx is loaded as a file"
    assert all(" src=" in tag for tag in scripts)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_admin_may_use_inline_styles_but_never_inline_script(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


def test_api_docs_load_their_script_from_a_file(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert all(" src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_api_answers_vary_on_the_token(client, record):
    response = client.get(api("treaties/"))
    assert "Authorization" in response["Vary"]


def test_hsts_and_secure_cookies_behind_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def production_environment(**overrides) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="treaties.example.org",
    )
    environment.pop("HTTPS", None)
    environment.update(overrides)
    return environment


def test_deploy_check_passes_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_https_but_probes_need_no_redirect():
    """Secure cookies, HSTS and the redirect to https (the test settings turn HTTPS off)."""
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split(" ", 3)[:3] == ["True", "31536000", "True"], result.stderr
    assert "healthz" in result.stdout
    assert "readyz" in result.stdout


def test_hashed_static_files_are_cached_for_a_year_or_more():
    """With the production settings (hashed names from collectstatic, which the test command
    runs first), WhiteNoise serves a stylesheet under its hashed name as immutable."""
    script = (
        "import django; django.setup(); "
        "from django.templatetags.static import static; from django.test import Client; "
        "url = static('css/site.css'); response = Client().get(url, secure=True); "
        "print(url, response.status_code, response['Cache-Control'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_environment(ALLOWED_HOSTS="testserver"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    url, status, cache_control = result.stdout.strip().split(" ", 2)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url), result.stderr
    assert status == "200"
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert "immutable" in cache_control
