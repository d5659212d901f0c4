"""Helpers shared by the benchmarks: a fresh PostgreSQL database, manage.py in a subprocess, a gunicorn server on
loopback, and memory readings."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def env_for(database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url, "DEBUG": "false"})
    env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


# A database a benchmark made holds this table; only such a database (or none yet, or an empty one) is ever dropped.
MARKER = "bench_scratch_database"


class NotAScratchDatabase(RuntimeError):
    """The database a benchmark was pointed at holds something a benchmark did not put there: nothing is dropped."""


def is_droppable(conn, database_url: str) -> bool:
    """Whether the database `database_url` names may be dropped: it does not exist, it has no table at all, or it
    carries the marker table `fresh_database` writes into every database it creates. `conn`: one to the server."""
    import psycopg

    name = urlparse(database_url).path.lstrip("/")
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        return True
    with psycopg.connect(database_url) as target:
        tables = {
            row[0]
            for row in target.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        }
    return not tables or MARKER in tables


def fresh_database(database_url: str) -> None:
    """Drop and create the database named in `database_url`, mark it as a benchmark's scratch database, migrate it.
    Refuses (NotAScratchDatabase, nothing dropped) a database that holds tables but not the marker: one a benchmark
    did not create, e.g. a development or production database that DATABASE_URL happened to name."""
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise NotAScratchDatabase(f"not a scratch database: {name!r}")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not is_droppable(conn, database_url):
            raise NotAScratchDatabase(
                f"database {name!r} holds tables and no {MARKER!r} table, so a benchmark did not create it: nothing was"
                " dropped. Point the benchmark at a database that does not exist yet (it is created and marked) or"
                " at one an earlier benchmark run created."
            )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {MARKER} (created_at timestamptz NOT NULL DEFAULT now())")
        conn.execute(f"INSERT INTO {MARKER} DEFAULT VALUES")
    manage(["migrate", "--noinput", "-v", "0"], env_for(database_url))


# A seeded copy of a benchmark's database, kept beside it as `<name>__seeded` with what seeding returned: a later run
# with the same fingerprint clones it (CREATE DATABASE … TEMPLATE, seconds) instead of migrating and seeding again.
SEEDED_SUFFIX = "__seeded"
SEED_TABLE = "bench_seed"


def fingerprint(*globs: str, extra: str = "") -> str:
    """A digest of the files `globs` match under the project (their paths and contents) and `extra`: a seeded copy
    made from other migrations, other seeding code or other settings is never reused."""
    import hashlib

    digest = hashlib.sha256(extra.encode())
    for path in sorted({p for pattern in globs for p in ROOT.glob(pattern) if p.is_file()}):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def seeded_database(database_url: str, *, key: str, seed) -> tuple[dict, bool]:
    """Give the database `database_url` names a freshly seeded state and return (what `seed()` returned, whether a
    seeded copy was cloned). With a copy made under the same `key` (see `fingerprint`), the database is dropped and
    cloned from it; otherwise it is made by `fresh_database`, seeded by `seed()` (which returns a JSON-able dict), and
    copied for next time. The copy is dropped and remade only when it carries the benchmark marker; the database
    itself only as `fresh_database` allows (NotAScratchDatabase otherwise, nothing dropped)."""
    import json

    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    copy = f"{name}{SEEDED_SUFFIX}"
    if len(copy.encode()) > 63:
        raise NotAScratchDatabase(f"database name {name!r} too long for a seeded copy beside it")
    copy_url = parsed._replace(path=f"/{copy}").geturl()
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not is_droppable(conn, database_url):
            raise NotAScratchDatabase(f"database {name!r} holds tables and no {MARKER!r} table: nothing was dropped.")
        stored = _seed_record(conn, copy, copy_url)
        if stored is not None and stored[0] == key:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy}"')
            return stored[1], True
    fresh_database(database_url)
    made = seed()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {SEED_TABLE} (key text NOT NULL, made jsonb NOT NULL)")
        conn.execute(f"INSERT INTO {SEED_TABLE} VALUES (%s, %s)", [key, json.dumps(made)])  # noqa: S608 - a constant
    with psycopg.connect(admin, autocommit=True) as conn:
        if _is_seeded_copy_or_absent(conn, copy, copy_url):
            conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            # The template must have no other session: the benchmark's own have ended.
            conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return made, False


def _is_seeded_copy_or_absent(conn, copy: str, copy_url: str) -> bool:
    """Whether the copy beside the scratch database may be (re)made: it does not exist, or a benchmark made it (it
    carries both the marker and the seed table). An empty database of that name is somebody else's: it stays, and
    the run goes without a copy."""
    import psycopg

    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [copy]).fetchone():
        return True
    with psycopg.connect(copy_url) as target:
        tables = {
            row[0]
            for row in target.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }
    return {MARKER, SEED_TABLE} <= tables


def _seed_record(conn, copy: str, copy_url: str) -> tuple[str, dict] | None:
    """The key and seed result stored in the seeded copy, or None (no copy, not a benchmark's, or none stored)."""
    import psycopg

    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [copy]).fetchone():
        return None
    with psycopg.connect(copy_url) as target:
        tables = {
            row[0]
            for row in target.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }
        if MARKER not in tables or SEED_TABLE not in tables:
            return None
        row = target.execute(f"SELECT key, made FROM {SEED_TABLE}").fetchone()  # noqa: S608 - a constant
    return (row[0], row[1]) if row else None


def manage(args: list[str], env: dict[str, str], *, timeout: int = 3600) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py with our own arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server(str):
    """A running server's base URL, with the process id of its master (`tree_cpu_seconds(server.pid)`)."""

    pid: int


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process `pid` and every process below it (gunicorn's master and its
    workers), from /proc: the load-independent cost of what a server did, where wall time depends on the machine's
    other work. Processes that already exited are not counted."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 4, threads: int = 1, cpus: set[int] | None = None):
    """A gunicorn server on a free loopback port for the duration of the block; yields its base URL (a `Server`, which
    also carries the master's pid). `cpus`: the CPUs the server and its workers may run on (the affinity is
    inherited), e.g. to keep them off a load generator's."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "socialwise.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    base = Server(f"http://127.0.0.1:{port}")
    base.pid = process.pid
    try:
        # Generous: on a crowded machine importing Django in the master and its workers took over a minute.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200:  # noqa: S310 - loopback
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not become healthy within 180 s")
        yield base
    finally:
        # SIGQUIT: gunicorn's quick shutdown. SIGTERM's graceful one waits up to 30 s for workers that a test has just
        # killed and gunicorn is still booting again; nothing runs on this server after its block.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # Workers still busy with requests an overloaded run left behind: the result stands, the server goes.
            process.kill()
            process.wait(timeout=30)


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process in MB, from /proc."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]
