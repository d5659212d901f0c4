"""Benchmarks never drop a database they were not pointed at, nor one they did not make: `fresh_database` refuses a
database holding tables without the benchmark marker, and recreates one it made itself. Needs PostgreSQL."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from bench import support

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith(("postgres://", "postgresql://")), reason="dropping databases is a PostgreSQL matter"
)


@pytest.fixture
def server():
    """A connection to the server, and a database name of this test's own that is dropped afterwards."""
    import psycopg

    parsed = urlparse(URL)
    name = f"{parsed.path.lstrip('/')}_bench_scratch_{os.getpid()}"
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        yield conn, parsed._replace(path=f"/{name}").geturl()
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our own table names


def test_a_database_with_tables_and_no_marker_is_refused_and_kept(server, monkeypatch):
    import psycopg

    conn, url = server
    monkeypatch.setattr(support, "manage", lambda *a, **k: pytest.fail("nothing may be migrated"))
    conn.execute(f'CREATE DATABASE "{urlparse(url).path[1:]}"')
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE precious (id int)")
        db.execute("INSERT INTO precious VALUES (1)")
    with pytest.raises(support.NotAScratchDatabase, match="nothing was dropped"):
        support.fresh_database(url)
    assert _rows(url, "precious") == 1


@pytest.mark.parametrize("name", ["", "postgres", "template1"])
def test_the_servers_own_databases_are_refused(name):
    with pytest.raises(support.NotAScratchDatabase):
        support.fresh_database(urlparse(URL)._replace(path=f"/{name}").geturl())


def test_a_database_the_benchmark_made_is_marked_and_may_be_recreated(server, monkeypatch):
    import psycopg

    _conn, url = server
    migrated = []
    monkeypatch.setattr(support, "manage", lambda args, env: migrated.append(env["DATABASE_URL"]))
    support.fresh_database(url)  # did not exist: created and marked
    assert _rows(url, support.MARKER) == 1
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE left_by_a_run (id int)")
    support.fresh_database(url)  # marked: dropped and made again
    with psycopg.connect(url) as db:
        tables = {
            r[0] for r in db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema='public'")
        }
    assert tables == {support.MARKER}
    assert migrated == [url, url]


def test_a_seeded_copy_is_cloned_for_the_same_key_and_remade_for_another(server, monkeypatch):
    import psycopg

    conn, url = server
    copy = f"{urlparse(url).path[1:]}{support.SEEDED_SUFFIX}"
    monkeypatch.setattr(support, "manage", lambda args, env: None)
    seeded = []

    def seed():
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TABLE seeded (n int)")
            db.execute("INSERT INTO seeded VALUES (%s)", [len(seeded) + 1])
        seeded.append(1)
        return {"people": len(seeded)}

    try:
        assert support.seeded_database(url, key="a", seed=seed) == ({"people": 1}, False)
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("INSERT INTO seeded VALUES (99)")  # a run's own writes never reach the copy
        assert support.seeded_database(url, key="a", seed=seed) == ({"people": 1}, True)
        assert _rows(url, "seeded") == 1 and len(seeded) == 1
        assert support.seeded_database(url, key="b", seed=seed) == ({"people": 2}, False)  # other code: seeded again
        assert support.seeded_database(url, key="b", seed=seed) == ({"people": 2}, True)
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def test_a_seeded_copy_never_replaces_a_database_that_is_not_a_benchmarks(server, monkeypatch):
    import psycopg

    conn, url = server
    monkeypatch.setattr(support, "manage", lambda *a, **k: pytest.fail("nothing may be migrated"))
    conn.execute(f'CREATE DATABASE "{urlparse(url).path[1:]}"')
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE precious (id int)")
    with pytest.raises(support.NotAScratchDatabase, match="nothing was dropped"):
        support.seeded_database(url, key="a", seed=lambda: pytest.fail("nothing may be seeded"))
    assert _rows(url, "precious") == 0


def test_a_database_named_like_the_copy_but_not_a_benchmarks_is_kept(server, monkeypatch):
    """The copy `<name>__seeded` is the only database besides the one pointed at that a benchmark replaces, and only
    one it made: an empty database of that name (no marker, no seed table) is left as it is."""
    import psycopg

    conn, url = server
    copy = f"{urlparse(url).path[1:]}{support.SEEDED_SUFFIX}"
    monkeypatch.setattr(support, "manage", lambda *a, **k: None)
    conn.execute(f'CREATE DATABASE "{copy}"')
    try:
        copy_url = urlparse(url)._replace(path=f"/{copy}").geturl()
        oid = "SELECT oid FROM pg_database WHERE datname = %s"
        before = conn.execute(oid, [copy]).fetchone()[0]
        assert support.seeded_database(url, key="a", seed=lambda: {"people": 1}) == ({"people": 1}, False)
        with psycopg.connect(copy_url) as db:
            tables = db.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchone()[0]
        assert tables == 0 and conn.execute(oid, [copy]).fetchone()[0] == before  # neither dropped nor remade
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
