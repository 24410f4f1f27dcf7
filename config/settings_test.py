"""Settings for the test suite: the real settings, with only what tests need changed, and why."""

import os

# The suite must run without a generated key; this one never leaves the test process.
os.environ.setdefault("SECRET_KEY", "test-suite-only")
# The test client and the browser tests' live server speak plain HTTP (HTTPS has its own tests).
os.environ.setdefault("HTTPS", "false")

from .settings import *  # noqa: F403

# Hashing passwords slowly protects real accounts; test users need speed instead.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic to have run; tests render templates without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Each test opens its own transaction; persistent connections only matter under load.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# The API fuzz run (tests/core/test_api_schema.py) sends thousands of anonymous requests; the
# throttle is tested on its own with a low rate (tests/treaties/test_api.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "1000000/minute",
        "search": "1000000/minute",
        "pdf": "1000000/minute",
        "kept": "1000000/minute",
    },
}

# Kept answers would hide what each test changes; tests/core/test_middleware.py turns it on, with a
# directory of its own so a test run never reads the answers `make run` kept.
RECORD_CACHE_SECONDS = 0
CACHES = {
    **CACHES,  # noqa: F405
    "record": {**CACHES["record"], "LOCATION": str(BASE_DIR / ".local" / "record-cache-test")},  # noqa: F405
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
