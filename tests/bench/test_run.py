"""`make bench` drops and recreates the database it is pointed at, so it must be pointed at one: never a database
of its own choosing, never a fixed name beside the one given."""

from __future__ import annotations

import importlib

import pytest

from bench import run
from bench.run import Context


class Dropped(Exception):
    """Raised instead of dropping anything."""


@pytest.mark.parametrize("url", [None, "", "sqlite:///var/db.sqlite3"])
def test_make_bench_refuses_to_run_without_a_postgresql_database_named(monkeypatch, capsys, url):
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(run, "BENCHMARKS", ["bench.not_to_be_run"])
    assert run.main([]) == 2
    assert "drops and recreates the PostgreSQL database DATABASE_URL names" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["bench.load", "bench.quiz_load", "bench.counts", "bench.reports"])
def test_every_benchmark_recreates_only_the_database_it_was_given(monkeypatch, name):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:  # locust and friends come with requirements-bench.txt
        pytest.skip(f"{name} needs {error.name}")

    def refuse(url: str) -> None:
        raise Dropped(url)

    monkeypatch.setattr(module, "fresh_database", refuse)
    given = "postgres://postgres@127.0.0.1:5432/a_scratch_database"
    with pytest.raises(Dropped) as dropped:
        module.run(Context(database_url=given, redis_url="redis://127.0.0.1:6379/15", quick=True))
    assert str(dropped.value) == given
