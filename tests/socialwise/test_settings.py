"""Settings as a deployer meets them: production refuses to start without its secrets and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "-not-a-real-secret-but-long-and-random-enough-ABCDEFGH",
    "ALLOWED_HOSTS": "learning.tarnwick.example",
    "DATABASE_URL": "postgres://socialwise@db.internal:5432/socialwise",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_HOST": "smtp.tarnwick.example",
    "WAGTAILADMIN_BASE_URL": "https://learning.tarnwick.example",
}


def _manage(*args, env):
    dropped = {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # test-only variables
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=socialwise.settings.production"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_documented_variables():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable (see .env.example)." in result.stderr


def test_embedded_sqlite_waits_for_writers_instead_of_failing(tmp_path):
    """Four writers racing on one row with our connection options: none fails with "database is locked"."""
    import sqlite3
    import threading

    from socialwise.settings import base

    assert base.SQLITE_PATH == base.BASE_DIR / "var" / "socialwise.sqlite3"
    config = base.embedded_sqlite_database(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    def connect():
        connection = sqlite3.connect(config["NAME"], timeout=config["OPTIONS"]["timeout"], isolation_level=None)
        connection.executescript(config["OPTIONS"]["init_command"])
        return connection

    setup = connect()
    assert setup.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    setup.execute("CREATE TABLE counter (n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (0)")
    errors = []

    def bump():
        connection = connect()
        try:
            for _ in range(25):
                connection.execute(f"BEGIN {config['OPTIONS']['transaction_mode']}")
                value = connection.execute("SELECT n FROM counter").fetchone()[0]
                connection.execute("UPDATE counter SET n = ?", [value + 1])
                connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert setup.execute("SELECT n FROM counter").fetchone() == (100,)
    setup.close()


def test_the_base_settings_import_no_app_and_no_s3_client():
    """base.py wires; it imports no app of ours (the beat clocks live in socialwise/clocks.py) and builds no S3 client
    even with a bucket named (socialwise/settings/s3.py does, for dev and production)."""
    from django.conf import settings

    ours = sorted(app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir() and app != "socialwise")
    probe = (
        "import sys; import socialwise.settings.base; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {ours!r} or m.startswith('botocore')))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**clean, "MEDIA_S3_BUCKET": "sw-media"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "cms" in ours and "reminders" in ours


@pytest.mark.parametrize(("pooled", "expected"), [("true", "True"), ("", "False")])
def test_behind_pgbouncer_django_opens_no_server_side_cursors(pooled, expected):
    env = {**PRODUCTION_ENV, "DATABASE_POOLED": pooled}
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
