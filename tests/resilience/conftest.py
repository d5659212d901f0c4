"""The resilience tests' private PostgreSQL cluster is prepared in the background from the end of collection on, when
this run includes them and the suite runs on PostgreSQL; the tests need no database of the suite's, so pytest-django
runs them last, by which time the cluster is ready (under pytest-xdist the worker that starts them prepares it then).
The module's fixtures take it and remove it after the module."""

from __future__ import annotations

from pathlib import Path

from django.db import connection

import pytest

from tests.resilience.cluster import Preparation, PrivateCluster

HERE = Path(__file__).resolve().parent
_preparations: list[Preparation] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly or connection.vendor != "postgresql":
        return
    if hasattr(session.config, "workerinput"):
        # Under pytest-xdist every worker collects every test, but only the one handed this folder runs it: the
        # module's fixture prepares the cluster there when it starts, instead of each worker making one in vain.
        return
    if any(HERE in Path(str(item.path)).resolve().parents for item in session.items):
        _preparations.append(Preparation().start())


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A run stopped before the resilience tests leaves no cluster behind."""
    while _preparations:
        _preparations.pop().discard()


@pytest.fixture(scope="module")
def _prepared():
    if connection.vendor != "postgresql":
        yield None
        return
    preparation = _preparations.pop() if _preparations else Preparation().start()
    try:
        yield preparation.result()
    finally:
        preparation.discard()


@pytest.fixture(scope="module")
def cluster(_prepared) -> PrivateCluster | None:
    """A throwaway PostgreSQL cluster of the module's own, which the tests may stop and start."""
    return _prepared[0] if _prepared else None


@pytest.fixture(scope="module")
def migrated_database(_prepared) -> str | None:
    """One database in the private cluster, migrated once for this module. It holds what the migrations make (the
    site, its home page, the roles); the quiz test adds the scenarios it plays. Neither test needs the whole demo."""
    return _prepared[1] if _prepared else None
