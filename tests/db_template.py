"""A migrated PostgreSQL database kept as a template, so a test run clones it instead of migrating.

Migrating an empty database (about 240 migrations, most of them Wagtail's and Django's) takes ~40 s of CPU, and every
pytest-xdist worker and every targeted run paid it again. The first run after a change to any migration (or to the
pinned requirements or the settings) migrates once into a database named after a hash of all of those, under an
advisory lock so parallel workers and runs build it once; every run then creates its test database from it with
Django's own `TEST["TEMPLATE"]` (`CREATE DATABASE … TEMPLATE …`, well under a second), after which Django's migrate
finds nothing to apply. Templates of older states are left in place (a few MB each; `make clean-test-templates` drops
them). SQLite runs and `--nomigrations` are untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "sw_test_template_"
LOCK_KEY = 0x5357_5450  # pg_advisory_lock key: "SWTP"
HASHED_FILES = ("requirements.txt", "requirements-test.txt")


def use_migrated_template(alias: str = "default") -> str | None:
    """Point the test database of `alias` at a migrated template, building it first if it does not exist. Returns
    the template's name, or None where templates do not apply (not PostgreSQL)."""
    database = settings.DATABASES[alias]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    name = PREFIX + _state_hash()[:16]
    _ensure(database, name)
    database.setdefault("TEST", {})["TEMPLATE"] = name
    return name


def _state_hash() -> str:
    """A hash of everything that decides what a migrated database holds: every installed app's migration files, the
    pinned requirements (a library upgrade may change its SQL without a new migration) and our settings."""
    digest = hashlib.sha256()
    files: list[tuple[str, Path]] = []  # (a name independent of where the checkout is, the file)
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if folder.is_dir():
            files += [(f"{app.label}/{path.name}", path) for path in sorted(folder.glob("*.py"))]
    settings_files = sorted((ROOT / "socialwise" / "settings").glob("*.py"))
    files += [(str(path.relative_to(ROOT)), path) for path in settings_files]
    files += [(name, ROOT / name) for name in HASHED_FILES]
    for name, path in files:
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _connect(database: dict, dbname: str):
    import psycopg

    return psycopg.connect(
        dbname=dbname,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    )


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _ensure(database: dict, name: str) -> None:
    with _connect(database, "postgres") as connection, connection.cursor() as cursor:
        if _exists(cursor, name):
            return
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            if _exists(cursor, name):  # another worker or run built it while this one waited
                return
            building = f"{name}_building"
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')  # left by a run killed while building
            cursor.execute(f'CREATE DATABASE "{building}"')
            _migrate(database, building)
            # The name appears only once the template is complete: a run never clones a half-migrated database.
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _migrate(database: dict, dbname: str) -> None:
    """`migrate --run-syncdb` as Django's test database creation runs it, in a process of its own on `dbname`."""
    credentials = quote(database.get("USER") or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or "5432"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{host}:{port}/{dbname}",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "socialwise.settings.test"),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "--run-syncdb", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def drop_templates(alias: str = "default") -> list[str]:
    """Drop every template this module made (`make clean-test-templates`); the next run builds the current one."""
    database = settings.DATABASES[alias]
    dropped = []
    with _connect(database, "postgres") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX.replace("_", r"\_") + "%"])
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            dropped.append(name)
    return dropped


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialwise.settings.test")
    django.setup()
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        print("\n".join(f"dropped {name}" for name in drop_templates()) or "no test templates")  # noqa: T201
