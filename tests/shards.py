"""`make test` on SQLite: the suite in one process per core (at most 4), each running a share of the test files
(`pytest --shard=I/N`, tests/conftest.py), each with its own in-memory test database, live server, Celery queue and
browser. pytest-xdist is not used there: its workers take files as they free up, so one may run an ordinary test
after a transactional one, which on SQLite leaves the database flushed; a share is an ordinary one-process run, in
pytest-django's order (transactional tests last). TEST_WORKERS=0 runs the whole suite in one process.

    python -m tests.shards            # as many processes as cores, at most 4
    TEST_WORKERS=3 python -m tests.shards

Each share's output goes to var/test-share-I.log and is printed whole when all have finished; the exit status is the
first failing share's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

LOGS = Path(__file__).resolve().parents[1] / "var"


def processes() -> int:
    wanted = os.environ.get("TEST_WORKERS", "auto")
    if wanted == "auto":
        return max(1, min(os.cpu_count() or 1, 4))
    return max(0, int(wanted))


def main(extra: list[str]) -> int:
    count = processes()
    if count <= 1:
        return subprocess.call([sys.executable, "-m", "pytest", *extra])
    LOGS.mkdir(exist_ok=True)
    print(f"Running the suite on SQLite in {count} processes, a share of the test files each (var/test-share-*.log).")  # noqa: T201
    started = time.monotonic()
    runs = []
    for index in range(count):
        log = (LOGS / f"test-share-{index}.log").open("w")
        command = [sys.executable, "-m", "pytest", f"--shard={index}/{count}", *extra]
        runs.append((index, log, subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)))
    statuses = []
    for index, log, run in runs:
        statuses.append(run.wait())
        log.close()
        print(f"\n===== share {index + 1} of {count} (exit status {statuses[-1]}) =====")  # noqa: T201
        print((LOGS / f"test-share-{index}.log").read_text(), end="")  # noqa: T201
    print(f"\nAll {count} shares finished in {time.monotonic() - started:.0f} s; exit status {max(statuses)}.")  # noqa: T201
    return next((status for status in statuses if status), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
