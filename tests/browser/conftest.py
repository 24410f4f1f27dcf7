"""Playwright against the live server, in Debian's chromium, with axe-core for accessibility."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from core.releases import make_release

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run next to
# one unless told that this test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts", "screenshots")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db, record):
    """The live server with the real record loaded; yields a function making absolute URLs."""
    return lambda path: f"{live_server.url}{path}"


@pytest.fixture
def release(site):
    """Release 1 of the record, for the Data page and the pages of a release."""
    return make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")


@pytest.fixture
def axe_violations(page):
    """Run axe-core on the page and return its serious and critical violations."""

    def run():
        # Evaluated by the browser's devtools protocol: the page's Content-Security-Policy,
        # which refuses inline script, does not apply to it.
        page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"][:5]],
            }
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return run


@pytest.fixture
def console_errors(page):
    """The errors the browser logs while the test runs: Content-Security-Policy violations,
    failed loads (a missing icon or script) and script errors."""
    reported = []
    page.on(
        "console",
        lambda message: reported.append(message.text) if message.type == "error" else None,
    )
    return reported


def save_screenshot(page, name: str):
    """Save a full-page screenshot under test-artifacts/screenshots/ to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def screenshot(page):
    return lambda name: save_screenshot(page, name)
