"""Fixtures shared by every test: the site, one user per role, media in a temporary folder, and the rule that a
missing service or browser skips locally but fails in CI."""

from __future__ import annotations

import os

from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.models import Page, Site

import freezegun
import pytest

from people import roles
from tests.factories.people import UserFactory

# One Chromium for the whole run (Playwright's sync API allows one per thread): tests/browser and tests/oidc share it.
pytest_plugins = ["tests.browser.fixtures"]

# pytest's own clock (test durations, --durations) stays real while a test runs on a frozen one.
freezegun.configure(extend_ignore_list=["_pytest.timing"])

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_addoption(parser):
    parser.addoption(
        "--shard",
        metavar="I/N",
        help="run only the I-th (from 0) of N shares of the test files; SQLite's make test runs N (tests/shards.py)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep this process's share of the files (`--shard`), and under pytest-xdist start the longest files first.

    Under `--dist loadfile` a file runs whole on one worker, and pytest-xdist's own order (most tests first) leaves
    the one-test sweeps, a minute or more each, to the end while the other worker idles; the Makefile passes
    `--no-loadscope-reorder` so that xdist keeps this order (every worker sorts alike). In one process, shard or not,
    pytest-django's order (transactional tests last) must stand: on SQLite a transactional test leaves the database
    flushed for whatever runs next (PostgreSQL's workers restore it, `_restore_after_flush` below)."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    if config.getoption("shard"):
        _keep_shard(config, items, files, config.getoption("shard"))
    elif _is_xdist_worker(config):
        items[:] = [item for group in sorted(files.values(), key=_file_cost) for item in group]


def _file_cost(group: list) -> tuple[int, int]:
    """Sorts files longest first: those with a test marked `slow`, then the browser's, then by number of tests."""
    if any(item.get_closest_marker("slow") for item in group):
        return (0, 0)
    if any(item.get_closest_marker("browser") for item in group):
        return (1, 0)
    return (2, -len(group))


# Rough seconds a file takes, by kind, to share files evenly between processes (measured: a slow file a minute, a
# browser test about 5 s, another test about 0.3 s).
SHARD_SECONDS = {0: 60.0, 1: 5.0, 2: 0.3}


def _keep_shard(config, items: list, files: dict[str, list], shard: str) -> None:
    """Deal the files to N shares, longest first to the share with the least so far (every process deals alike), and
    keep share I's tests in their order."""
    try:
        index, count = (int(part) for part in shard.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--shard takes I/N, as 0/2; got {shard!r}") from None
    if not 0 <= index < count:
        raise pytest.UsageError(f"--shard {shard}: I must be from 0 to N-1")
    load = [0.0] * count
    mine: set[str] = set()
    for path, group in sorted(files.items(), key=lambda entry: _file_cost(entry[1])):
        kind = _file_cost(group)[0]
        seconds = SHARD_SECONDS[kind] * (1 if kind == 0 else len(group))
        lightest = load.index(min(load))
        load[lightest] += seconds
        if lightest == index:
            mine.add(path)
    kept = [item for item in items if item.nodeid.split("::")[0] in mine]
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid.split("::")[0] not in mine])
    items[:] = kept


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may skip: a skipped test there means a service or the browser was not really exercised.

    Under pytest-xdist the controller decides: every worker's reports reach its `pytest_runtest_logreport` too, and
    a worker's exit status is not the run's."""
    if _is_xdist_worker(session.config):
        return
    if IN_CI and _skipped and session.exitstatus == 0:
        session.exitstatus = 1
        print(f"\nCI=true but {len(_skipped)} test(s) skipped: {_skipped[:10]}")  # noqa: T201


def require(available: bool, reason: str) -> None:
    """Skip with `reason` when something outside the code is missing; in CI that is a failure instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test, but: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _urls_loaded():
    """Import the URLconf, and with it the pydantic models of scim2-models, before any test freezes the clock: pydantic
    cannot build a schema for freezegun's datetime, so a run whose first request came from a frozen test (the reports'
    tests run alone) failed with PydanticSchemaGenerationError."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loading it is the point


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # certificate PDFs


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site) -> Page:
    return site.root_page.specific


def _user_in(role: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def learner(db):
    return _user_in(roles.LEARNERS, email="learner@tarnwick.example", first_name="Jordan", last_name="Ellis")


@pytest.fixture
def other_learner(db):
    return _user_in(roles.LEARNERS, email="kwame@tarnwick.example", first_name="Kwame", last_name="Mensah")


@pytest.fixture
def manager(db):
    return _user_in(roles.MANAGERS, email="manager@tarnwick.example", first_name="Aisha", last_name="Rahman")


@pytest.fixture
def hr(db):
    return _user_in(roles.HR, email="hr@tarnwick.example", first_name="Fatima", last_name="Haddad")


@pytest.fixture
def trainer(db):
    return _user_in(roles.TRAINERS, email="trainer@tarnwick.example", first_name="Sam", last_name="Lindqvist")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """On PostgreSQL each run's test database is a copy of a migrated template (tests/db_template.py), not migrated
    afresh per xdist worker; `--nomigrations` keeps Django's own way."""
    if not request.config.getvalue("nomigrations"):
        from tests.db_template import use_migrated_template

        use_migrated_template()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep transactional tests' snapshot of the migrated database reachable from every connection object.

    Django restores `serialized_rollback` tests from `_test_serialized_contents` on the connection that created the
    test database. Playwright's sync API runs an event loop in the main thread, after which asgiref hands Django a new
    connection object for the same database, one without the snapshot, so later tests would start from an empty
    database (no roles, no home page). Putting the snapshot on the connection class makes it visible to all of them.

    On PostgreSQL the snapshot is also copied, table by table, into a schema of the test database's own; a
    transactional test starts from that copy (`_restore_from_copy`) and leaves it behind (`_restore_after_flush`)."""
    from django.db import connections

    snapshots: dict[str, tuple[str, list[str]]] = {}
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
            if connections[alias].vendor == "postgresql":
                with django_db_blocker.unblock():
                    snapshots[alias] = (contents, _copy_tables(connections[alias]))
    with pytest.MonkeyPatch.context() as patch:
        if any(connections[alias].vendor == "postgresql" for alias in connections):
            from django.db.backends.postgresql.creation import DatabaseCreation
            from django.db.backends.postgresql.operations import DatabaseOperations

            patch.setattr(DatabaseOperations, "sql_flush", _flush_by_delete(DatabaseOperations.sql_flush))
            patch.setattr(
                DatabaseCreation,
                "deserialize_db_from_string",
                _restore_from_copy(DatabaseCreation.deserialize_db_from_string, snapshots),
            )
        if snapshots:
            from django.test import TransactionTestCase

            patch.setattr(
                TransactionTestCase,
                "_fixture_teardown",
                _restore_after_flush(TransactionTestCase._fixture_teardown, snapshots),
            )
        yield


SNAPSHOT_SCHEMA = "sw_test_snapshot"


def _copy_tables(connection) -> list[str]:
    """Copy each table of the just-migrated test database that holds rows (the roles, permissions, site, home page and
    workflows the data migrations made) into SNAPSHOT_SCHEMA; the names of the tables copied."""
    quote = connection.ops.quote_name
    copied = []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE; CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in sorted(connection.introspection.django_table_names(only_existing=True, include_views=False)):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608 - a table name of ours
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
                copied.append(table)
    return copied


def _restore_from_copy(deserialize, snapshots: dict[str, tuple[str, list[str]]]):
    """`deserialize_db_from_string` for the suite on PostgreSQL: put the migrated database's rows back from the copy
    `_copy_tables` made, in one round trip, rather than saving the ~600 serialised objects one by one (about 0.7 s
    before each transactional test). Each copied table is emptied first: the run's first transactional test starts
    on the migrated rows themselves, later ones on tables the previous test's flush emptied. Anything else (another
    string, another database) goes to Django's own deserialisation."""
    from django.db import transaction

    def restore(self, data):
        contents, tables = snapshots.get(self.connection.alias, (None, []))
        if data is not contents or not tables:
            return deserialize(self, data)
        quote = self.connection.ops.quote_name
        statements = ["SET CONSTRAINTS ALL DEFERRED"]
        # Tables the migrations left empty are emptied too: the flush's own DELETEs fire the report counts' triggers,
        # which write rows (a headcount of -1, count deltas) into tables the flush had already emptied.
        existing = self.connection.introspection.django_table_names(only_existing=True, include_views=False)
        statements += [f"DELETE FROM {quote(table)}" for table in sorted(set(existing) - set(tables))]  # noqa: S608
        for table in tables:
            statements += [
                f"DELETE FROM {quote(table)}",  # noqa: S608 - table names of ours
                f"INSERT INTO {quote(table)} SELECT * FROM {SNAPSHOT_SCHEMA}.{quote(table)}",  # noqa: S608
            ]
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(";\n".join(statements))

    return restore


def _restore_after_flush(fixture_teardown, snapshots: dict[str, tuple[str, list[str]]]):
    """A transactional test's teardown on PostgreSQL: Django's flush, then the migrated rows back from the copy.

    In one process pytest-django runs every transactional test after all the others, so the database they leave
    empty is never seen by a test expecting the migrated rows (roles, content types, the home page). pytest-xdist
    hands a worker whole files in whatever order balances the load, so a worker may run an ordinary test right after
    a transactional one: each transactional test therefore leaves the database as the migrations made it (one batch,
    a few milliseconds)."""
    from django.db import connections

    def teardown(self):
        fixture_teardown(self)
        for alias in self._databases_names(include_mirrors=False):
            if alias in snapshots:
                connections[alias].creation.deserialize_db_from_string(snapshots[alias][0])

    return teardown


def _flush_by_delete(truncate):
    """PostgreSQL's `sql_flush` for the suite: empty the tables with DELETE rather than one TRUNCATE of them all.

    Transactional tests (the browser, fault and concurrency tests) end with a flush. TRUNCATE gives each of the ~100
    tables and their indexes new files, about 0.6 s each time; the DELETEs take a few milliseconds on tables holding a
    test's worth of rows. Sequences are left alone either way, as the flush after a test asks; a flush that resets
    sequences or cascades still truncates. Every foreign key is deferred, so the order of the DELETEs does not matter
    inside the flush's transaction. The statements go as one string: one round trip rather than one per table."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]
        return ["\n".join(["SET CONSTRAINTS ALL DEFERRED;", *deletes])]

    return sql_flush
