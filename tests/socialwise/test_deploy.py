"""The deployment files keep the properties the README's "Deploying at scale" promises. `docker compose config`
validates the syntax where the compose plugin exists (.ci/run); these checks run everywhere and read the file the way
compose does (YAML merge keys included), so breaking scaling, health checks or the wiring fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"
APP_SERVICES = ["migrate", "web", "worker", "beat"]
SCALED = ["web", "worker"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _services(compose: dict) -> dict:
    return compose["services"]


def _command(service: dict) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def _environment(service: dict) -> dict[str, str | None]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):  # ["NAME=value", "NAME"]
        return {name: value or None for name, _, value in (item.partition("=") for item in environment)}
    return dict(environment)


def _depends_on(service: dict) -> dict[str, dict]:
    depends_on = service.get("depends_on") or {}
    return {name: {} for name in depends_on} if isinstance(depends_on, list) else depends_on


def _named_volumes(service: dict) -> set[str]:
    names = set()
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type", "volume") == "volume" and volume.get("source"):
                names.add(volume["source"])
            continue
        source = volume.split(":", 1)[0] if ":" in volume else ""
        if source and not source.startswith((".", "/", "~", "$")):  # a path or a variable is a bind mount
            names.add(source)
    return names


def _host_port_bindings(service: dict) -> list[str]:
    """Every `ports` entry that fixes a port on the host: two replicas cannot both have it."""
    fixed = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            if port.get("published") not in (None, ""):
                fixed.append(str(port))
        elif ":" in str(port):  # "8000:8000", "127.0.0.1:8000:8000"; a bare "8000" picks a random host port
            fixed.append(str(port))
    return fixed


def s3_variables() -> list[str]:
    """The S3 variables the settings read, taken from the settings themselves so a new one cannot be forgotten."""
    source = (ROOT / "socialwise" / "settings" / "s3.py").read_text()
    names = sorted(set(re.findall(r'env\("((?:PRIVATE_)?MEDIA_S3_[A-Z_]+)"', source)))
    assert "MEDIA_S3_BUCKET" in names and "PRIVATE_MEDIA_S3_BUCKET" in names
    return names


def test_the_stack_has_its_services(compose):
    assert {"db", "redis", *APP_SERVICES} <= set(_services(compose))


@pytest.mark.parametrize("name", SCALED)
def test_web_and_worker_can_be_scaled(compose, name):
    service = _services(compose)[name]
    assert "container_name" not in service, f"{name}: a fixed container name stops --scale"
    assert _host_port_bindings(service) == [], f"{name}: a fixed host port stops --scale"


def test_every_dependency_and_named_volume_exists(compose):
    services = _services(compose)
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        for target, condition in _depends_on(service).items():
            assert target in services, f"{name} depends on {target}, which is not a service"
            if condition.get("condition") == "service_healthy":
                assert "healthcheck" in services[target], f"{name} waits for {target} to be healthy; it has no check"
        missing = _named_volumes(service) - declared_volumes
        assert not missing, f"{name} uses undeclared volumes {missing}"


@pytest.mark.parametrize("name", ["db", "redis", "web"])
def test_db_redis_and_web_have_health_checks(compose, name):
    healthcheck = _services(compose)[name].get("healthcheck") or {}
    assert healthcheck.get("test") and not healthcheck.get("disable"), f"{name} has no health check"


def test_the_web_check_asks_the_apps_health_endpoint(compose):
    assert "/healthz" in " ".join(_services(compose)["web"]["healthcheck"]["test"])


def test_web_runs_gunicorn_on_the_wsgi_application(compose):
    command = _command(_services(compose)["web"])
    assert command[0] == "gunicorn"
    assert "socialwise.wsgi:application" in command or "socialwise.wsgi" in command


def test_beat_is_one_celery_beat_and_workers_schedule_nothing(compose):
    services = _services(compose)
    beat = services["beat"]
    command = _command(beat)
    assert command[:4] == ["celery", "-A", "socialwise", "beat"]
    # Two schedulers would send every periodic job twice.
    assert (beat.get("deploy") or {}).get("replicas", 1) == 1
    assert (beat.get("scale") or 1) == 1
    assert command.count("beat") == 1
    worker = _command(services["worker"])
    assert worker[:4] == ["celery", "-A", "socialwise", "worker"]
    assert not {"-B", "--beat"} & set(worker), "a worker with an embedded beat would run one scheduler per replica"
    assert [n for n, s in services.items() if "beat" in _command(s) and n != "beat"] == []


def test_migrations_run_once_before_the_app_starts(compose):
    services = _services(compose)
    assert _command(services["migrate"])[-3:] == ["manage.py", "migrate", "--noinput"]
    assert services["migrate"].get("restart") == "no"
    for name in ["web", "worker", "beat"]:
        assert _depends_on(services[name]).get("migrate") == {"condition": "service_completed_successfully"}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_services_get_the_database_redis_and_the_env_file(compose, name):
    service = _services(compose)[name]
    environment = _environment(service)
    assert environment.get("DATABASE_URL", "").startswith("postgres://")
    # The web processes go through PgBouncer; workers, beat and migrations straight to PostgreSQL.
    assert ("@pgbouncer:" if name == "web" else "@db:") in environment["DATABASE_URL"]
    assert environment.get("REDIS_URL", "").startswith("redis://redis:")
    env_files = service.get("env_file") or []
    paths = [entry["path"] if isinstance(entry, dict) else entry for entry in env_files]
    assert "../.env" in paths  # every other setting, secrets and the S3 ones included, comes from .env


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_s3_variables_reach_the_app_services_from_env(compose, name):
    """The MEDIA_S3_* settings come from .env like every other setting. Listing one under `environment` (say as
    `${MEDIA_S3_BUCKET:-}`) would override .env with an empty value whenever compose runs without --env-file, and the
    stack would quietly keep files on a one-host volume."""
    environment = _environment(_services(compose)[name])
    for variable in s3_variables():
        assert variable not in environment, f"{name}: {variable} in `environment` overrides .env"


def test_every_s3_variable_is_documented_where_operators_look():
    example = (ROOT / ".env.example").read_text()
    configuration = (ROOT / "docs" / "configuration.md").read_text().split("\n## ", 1)[0]
    table_rows = [line for line in configuration.splitlines() if line.startswith("| `")]
    for variable in s3_variables():
        assert re.search(rf"^{variable}=", example, re.MULTILINE), f"{variable} missing from .env.example"
        assert any(f"`{variable}`" in row.split(" | ")[0] for row in table_rows), (
            f"{variable} missing from the configuration table in docs/configuration.md"
        )


def test_the_image_collects_static_files_and_installs_the_pinned_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    run_lines = " ".join(
        line for line in re.sub(r"\\\n", " ", dockerfile).splitlines() if line.strip().startswith("RUN ")
    )
    assert "manage.py collectstatic --noinput" in run_lines
    assert "pip install --no-cache-dir -r requirements.txt" in run_lines
    assert re.search(r"^CMD .*gunicorn", dockerfile, re.MULTILINE)


def test_the_image_requirements_hold_no_test_tool_and_the_test_file_builds_on_them():
    """The image installs requirements.txt only, so the test tools (requirements-test.txt) stay out of production."""
    runtime = {
        line.split("==")[0].lower() for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    }
    test_lines = (ROOT / "requirements-test.txt").read_text().splitlines()
    assert "-r requirements.txt" in test_lines
    for tool in ("pytest", "pytest-django", "playwright", "moto", "factory-boy", "factory_boy", "ruff", "freezegun"):
        assert tool not in runtime, f"{tool} would be installed in the production image"
    assert {"django", "wagtail", "gunicorn", "celery", "psycopg", "django-storages"} <= runtime
    assert not runtime & {line.split("==")[0].lower() for line in test_lines if "==" in line}, "pinned twice"


def test_web_reaches_postgresql_through_pgbouncer_in_transaction_mode(compose):
    services = _services(compose)
    pgbouncer = services["pgbouncer"]
    settings = _environment(pgbouncer)
    assert settings["POOL_MODE"] == "transaction"
    # An exact release, never a moving tag: `latest` would change PgBouncer under a running deployment.
    assert re.fullmatch(r"edoburu/pgbouncer:v\d+\.\d+\.\d+-p\d+", pgbouncer["image"]), pgbouncer["image"]
    assert settings["DB_HOST"] == "db" and settings["DB_NAME"] == "socialwise"
    assert int(settings["DEFAULT_POOL_SIZE"]) + int(settings["RESERVE_POOL_SIZE"]) < _max_connections(services["db"])
    assert _depends_on(pgbouncer)["db"] == {"condition": "service_healthy"}
    assert "pg_isready" in " ".join(pgbouncer["healthcheck"]["test"])
    web = _environment(services["web"])
    # Transaction pooling hands each transaction any server connection: no server-side cursor may outlive one.
    assert web["DATABASE_POOLED"] == "true"
    assert _depends_on(services["web"])["pgbouncer"] == {"condition": "service_healthy"}
    for name in ["migrate", "worker", "beat"]:
        assert _environment(services[name]).get("DATABASE_POOLED") in (None, "false"), name


def _max_connections(db: dict) -> int:
    command = _command(db)
    return int(next(part.split("=", 1)[1] for part in command if part.startswith("max_connections=")))


def test_postgresql_is_tuned_for_the_target_size(compose):
    command = " ".join(_command(_services(compose)["db"]))
    for setting in ("shared_buffers=", "work_mem=", "max_connections=", "effective_cache_size="):
        assert setting in command
    documented = (ROOT / "docs" / "deployment.md").read_text()
    for value in [part for part in _command(_services(compose)["db"]) if "=" in part]:
        assert f"`{value}`" in documented, f"{value} is not explained in docs/deployment.md"
