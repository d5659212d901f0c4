"""Real moving parts for the fault tests: Celery worker processes over Redis, a Redis server of our own to stop and
start, and the test process publishing to that broker instead of running tasks eagerly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

import pytest
import redis as redis_client
from kombu import pools

from socialwise.celery import app as celery_app
from tests.conftest import require
from tests.xapi.lrs import faulty_lrs, free_port, lrs, lrs_server  # noqa: F401  (fixtures)

# Redis database 13 belongs to these tests; each test session (each pytest-xdist worker is one) has a queue of its
# own there, and every broker key it uses starts with that queue's name (settings.test); they are emptied before and
# after each test.
SHARED_REDIS_URL = os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(interval)


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis_client.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis_client.RedisError:
        return False


@pytest.fixture
def services_available():
    require(connection.vendor == "postgresql", "the fault tests need PostgreSQL (DATABASE_URL=postgres://…)")
    require(_redis_answers(SHARED_REDIS_URL), f"the fault tests need Redis at {SHARED_REDIS_URL}")


@pytest.fixture
def shared_broker(services_available) -> str:
    _empty_queue(SHARED_REDIS_URL)
    yield SHARED_REDIS_URL
    _empty_queue(SHARED_REDIS_URL)


def _empty_queue(url: str) -> None:
    """Delete this session's queue (and its priority lists), not the whole database: another run may be using it."""
    queue = celery_app.conf.task_default_queue
    server = redis_client.Redis.from_url(url)
    for key in server.scan_iter(match=f"{queue}*"):
        server.delete(key)


def _reset_producers() -> None:
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def live_broker(url: str):
    """The test process queues tasks to Redis at `url`, as the web process does in production."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    _reset_producers()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        _reset_producers()
        conf.broker_url, conf.task_always_eager = saved


@dataclass
class RedisServer:
    """A redis-server of our own on a free loopback port, so stopping it disturbs nobody else."""

    port: int
    workdir: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _redis_answers(self.url), timeout=10, what="redis-server to start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(services_available, tmp_path) -> RedisServer:
    require(bool(shutil.which("redis-server")), "the Redis outage test needs the redis-server binary")
    server = RedisServer(port=free_port(), workdir=tmp_path)
    server.start()
    yield server
    server.stop()


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL to the whole worker (main process and pool children), as a crashed machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        # The test has checked what it needed; its broker is emptied afterwards, so no graceful shutdown is owed.
        if self.process.poll() is None:
            self.kill()


@pytest.fixture
def mailbox(tmp_path) -> Path:
    """Where the workers' filebased email backend writes: one file per email sent."""
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(tmp_path, mailbox, settings):
    """Start `celery -A socialwise worker` in its own process group, with the test settings pointed at the broker,
    this test's database (committed data: the tests are transactional), mailbox and private media folder."""
    workers: list[Worker] = []

    def start(broker_url: str, **extra_env: str) -> Worker:
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        database_url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "socialwise.settings.test",
            "SOCIALWISE_TEST_WORKER": "true",
            "CELERY_BROKER_URL": broker_url,
            "DATABASE_URL": database_url,
            "SOCIALWISE_TEST_QUEUE": celery_app.conf.task_default_queue,
            "EMAIL_FILE_PATH": str(mailbox),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            **extra_env,
        }
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "socialwise",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
                "-I",
                "tests.jobs.worker_hooks",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = Worker(process=process, log=log)
        workers.append(worker)
        wait_for(
            lambda: " ready." in log.read_text() or process.poll() is not None, timeout=60, what="the worker to start"
        )
        assert process.poll() is None, log.read_text()[-3000:]
        return worker

    yield start
    for worker in workers:
        worker.stop()
