"""A throwaway PostgreSQL cluster for the resilience tests, and its preparation (initdb, start, a migrated database:
about 14 s) in a background thread, so that it is ready by the time the resilience tests run, at the end of the suite.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from bench.support import env_for, free_port, manage


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    return shutil.which(name) or name


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def server_env(database_url: str) -> dict[str, str]:
    """The environment of manage.py and gunicorn against `database_url`."""
    return env_for(database_url, "", DJANGO_SETTINGS_MODULE="bench.settings")


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary directory on a free loopback port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()

    def _run(self, *args: str, timeout: int = 60) -> None:
        subprocess.run(_as_postgres(list(args)), check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} -F"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class Preparation:
    """A private cluster with one migrated database, made in a background thread from `start()` on; `result()`
    waits for it (and raises what went wrong), `discard()` stops the cluster and removes its directory."""

    def __init__(self) -> None:
        self._thread = threading.Thread(target=self._prepare, name="resilience-cluster", daemon=True)
        self._lock = threading.Lock()
        self._cluster: PrivateCluster | None = None
        self._started = False  # the cluster's server is running and must be stopped
        self._database: str | None = None
        self._error: BaseException | None = None

    def start(self) -> Preparation:
        self._thread.start()
        return self

    def _prepare(self) -> None:
        try:
            root = Path(tempfile.mkdtemp(prefix="sw_resil_"))
            if os.geteuid() == 0:
                shutil.chown(root, "postgres", "postgres")
            cluster = PrivateCluster(root)
            with self._lock:
                self._cluster = cluster
            cluster.init()
            cluster.start()
            with self._lock:
                self._started = True
            database = cluster.create_database("sw_resil")
            manage(["migrate", "--noinput", "-v", "0"], server_env(database), timeout=300)
            self._database = database
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits for the result
            self._error = error

    def result(self) -> tuple[PrivateCluster, str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._cluster is not None and self._database is not None
        return self._cluster, self._database

    def discard(self) -> None:
        self._thread.join(timeout=330)  # a migrate still running ends within its own timeout
        with self._lock:
            cluster, started = self._cluster, self._started
        if cluster is None:
            return
        if started:
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop()
        shutil.rmtree(cluster.root, ignore_errors=True)
