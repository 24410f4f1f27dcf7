"""No container engine runs here, so the compose file is checked against the Compose spec."""

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

COMPOSE_FILE = Path(settings.BASE_DIR, "docker-compose.yml")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


def test_compose_file_follows_the_compose_spec(compose):
    schema_file = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")
    schema = json.loads(schema_file.read_text())
    jsonschema.validate(compose, schema)


def test_every_dependency_is_a_service(compose):
    services = compose["services"]
    for name, service in services.items():
        for target in service.get("depends_on", {}):
            assert target in services, f"{name} depends on missing service {target}"


def test_web_waits_for_a_healthy_database(compose):
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_database_keeps_its_data_in_a_named_volume(compose):
    volume_name = compose["services"]["db"]["volumes"][0].split(":")[0]
    assert volume_name in compose["volumes"]


def test_the_image_it_builds_exists_and_serves_with_gunicorn(compose):
    assert compose["services"]["web"]["build"] == "."
    dockerfile = Path(settings.BASE_DIR, "Dockerfile").read_text()
    entrypoint = Path(settings.BASE_DIR, "scripts", "docker-entrypoint.sh").read_text()
    assert "requirements/base.txt" in dockerfile
    assert "gunicorn config.wsgi" in entrypoint
    assert "load_initial_data" in entrypoint


def test_web_runs_the_production_settings_and_checks_readiness(compose):
    web = compose["services"]["web"]
    assert web["environment"]["DEBUG"] == "false"
    assert "DJANGO_SETTINGS_MODULE" not in web["environment"]  # manage.py's: config.settings
    probe = " ".join(web["healthcheck"]["test"])
    assert "/readyz" in probe
    entrypoint = Path(settings.BASE_DIR, "scripts", "docker-entrypoint.sh").read_text()
    assert "--config config/gunicorn.py" in entrypoint


def test_a_worker_runs_the_long_imports_once_the_database_is_migrated(compose):
    worker = compose["services"]["worker"]
    assert worker["build"] == "."
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert (
        worker["environment"]["DATABASE_URL"]
        == compose["services"]["web"]["environment"]["DATABASE_URL"]
    )
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_comparison_columns_are_kept_in_the_cache_the_app_servers_share(compose):
    services = compose["services"]
    comparisons, web = services["comparisons"], services["web"]
    assert comparisons["command"][:4] == ["python", "manage.py", "keep_comparisons", "--watch"]
    for name in ("DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "HTTPS"):
        assert comparisons["environment"][name] == web["environment"][name]
    assert comparisons["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_schema_is_migrated_once_before_any_app_server(compose):
    migrate, web = compose["services"]["migrate"], compose["services"]["web"]
    assert migrate["command"] == ["scripts/docker-entrypoint.sh", "migrate"]
    assert web["command"] == ["scripts/docker-entrypoint.sh", "serve"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_several_app_servers_share_one_cache_behind_a_proxy(compose):
    services = compose["services"]
    web, proxy = services["web"], services["proxy"]
    assert web["deploy"]["replicas"] == "${WEB_REPLICAS:-2}"
    assert "ports" not in web  # only the proxy is reached from outside
    assert web["environment"]["REDIS_URL"] == "redis://cache:6379/0"
    assert "valkey-server" in services["cache"]["command"]
    assert "allkeys-lru" in services["cache"]["command"]
    assert web["depends_on"]["cache"]["condition"] == "service_healthy"
    # The proxy is the one trusted to name the client; the app reads the address it saw.
    assert web["environment"]["TRUSTED_PROXIES"] == "1"
    caddyfile_mount = "./config/Caddyfile:/etc/caddy/Caddyfile:ro"
    assert caddyfile_mount in proxy["volumes"]
    caddyfile = Path(settings.BASE_DIR, "config", "Caddyfile").read_text()
    assert "dynamic a web 8000" in caddyfile
    assert "health_uri /healthz" in caddyfile
    assert proxy["ports"] == ["127.0.0.1:8000:80"]
