"""SCIM provisioning (issue #22) against gunicorn on loopback, on a fresh PostgreSQL database of 100,000 people
(imported through the CSV import, 10,000 with --quick):

* a full sync: one PUT /scim/v2/Users/{id} for each of 10,000 people (1,000 with --quick), as an identity
  provider's full push sends them, by 8 client threads over HTTP: every PUT changes the job title (a write for
  everyone) and one in ten moves the person to another department (a mover, whose assignments are recomputed):
  under 2 minutes, every answer 200 and every change in the database;
* a lookup `GET /Users?filter=userName eq "…"` at 100,000 people: median under 20 ms over 200 lookups of random
  people (mixed case), each finding exactly that person; the query plan uses the case-insensitive email index.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.run import Context, Result
from bench.support import env_for, fresh_database, gunicorn, manage

NAME = "scim"
PEOPLE = 100_000
QUICK_PEOPLE = 10_000
SYNC = 10_000
QUICK_SYNC = 1_000
THREADS = 8
LOOKUPS = 200
SYNC_GOAL_S = 120.0
LOOKUP_GOAL_MS = 20.0
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def _people(database_url: str, limit: int) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT u.id, u.email, u.first_name, u.last_name, d.code, p.manager_id FROM people_user u"
            " LEFT JOIN people_profile p ON p.user_id = u.id LEFT JOIN people_department d ON d.id = p.department_id"
            " ORDER BY u.id LIMIT %s",
            [limit],
        ).fetchall()


def _plan(database_url: str, email: str) -> str:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("EXPLAIN SELECT id FROM people_user WHERE UPPER(email) = UPPER(%s)", [email]).fetchall()
    return " ".join(r[0] for r in rows)


def run(ctx: Context) -> list[Result]:
    import requests

    people_count = QUICK_PEOPLE if ctx.quick else PEOPLE
    sync_count = QUICK_SYNC if ctx.quick else SYNC
    fresh_database(ctx.database_url)
    env = env_for(ctx.database_url, ctx.redis_url, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    token = manage(["bench_scim_client"], env).stdout.strip().splitlines()[-1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        manage(["generate_people_csv", str(path), "--rows", str(people_count)], env)
        manage(["import_people", str(path), "--no-invitations"], env)
    people = _people(ctx.database_url, people_count)
    rng = random.Random(22)  # noqa: S311 - reproducible sample, not a secret
    targets = rng.sample(people, min(sync_count, len(people)))
    results: list[Result] = []
    local = threading.local()

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})
        return local.session

    with gunicorn(env, workers=4) as base:

        def put(person):
            pk, email, first, last, department, manager_id = person
            body = {
                "schemas": [USER, ENTERPRISE],
                "userName": email,
                "name": {"givenName": first, "familyName": last},
                "title": f"Synced {pk}",
                "active": True,
                ENTERPRISE: {
                    "department": "DEP9" if pk % 10 == 0 else department,
                    **({"manager": {"value": str(manager_id)}} if manager_id else {}),
                },
            }
            response = session().put(f"{base}/scim/v2/Users/{pk}", data=json.dumps(body), timeout=60)
            return response.status_code

        put(targets[0])  # one warm-up request per worker is not measured
        started = time.perf_counter()
        with ThreadPoolExecutor(THREADS) as pool:
            statuses = list(pool.map(put, targets))
        sync_seconds = time.perf_counter() - started
        ok_answers = sum(1 for s in statuses if s == 200)
        applied = _applied(ctx.database_url, targets)
        results.append(
            Result(
                benchmark=NAME,
                metric=f"full sync: {len(targets):,} PUTs over HTTP ({THREADS} threads, gunicorn 4 workers)",
                value=round(sync_seconds, 1),
                unit="s",
                goal=f"< {SYNC_GOAL_S:.0f} s, every PUT 200 and applied",
                ok=sync_seconds < SYNC_GOAL_S and ok_answers == len(targets) and applied == len(targets),
                details={
                    "per_second": round(len(targets) / sync_seconds, 1),
                    "answers_200": ok_answers,
                    "applied": applied,
                    "people": len(people),
                },
            )
        )

        lookups = rng.sample(people, min(LOOKUPS, len(people)))
        timings, found = [], 0
        for pk, email, *_rest in lookups:
            asked = email.upper() if pk % 2 else email
            t0 = time.perf_counter()
            response = session().get(f"{base}/scim/v2/Users", params={"filter": f'userName eq "{asked}"'}, timeout=30)
            timings.append((time.perf_counter() - t0) * 1000)
            body = response.json()
            if response.status_code == 200 and body["totalResults"] == 1 and body["Resources"][0]["id"] == str(pk):
                found += 1
        median = statistics.median(timings)
        plan = _plan(ctx.database_url, lookups[0][1])
        results.append(
            Result(
                benchmark=NAME,
                metric=f"filter userName eq at {len(people):,} people (median of {len(lookups)}, HTTP round trip)",
                value=round(median, 2),
                unit="ms",
                goal=f"< {LOOKUP_GOAL_MS:.0f} ms, each finds its person, index used",
                ok=median < LOOKUP_GOAL_MS and found == len(lookups) and "people_user_email_upper" in plan,
                details={
                    "p95_ms": round(sorted(timings)[int(len(timings) * 0.95) - 1], 2),
                    "found": found,
                    "plan": plan[:300],
                },
            )
        )
    return results


def _applied(database_url: str, targets) -> int:
    import psycopg

    ids = [pk for pk, *_ in targets]
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM people_profile p LEFT JOIN people_department d ON d.id = p.department_id"
            " WHERE p.user_id = ANY(%s) AND p.job_title = 'Synced ' || p.user_id"
            " AND (mod(p.user_id, 10) <> 0 OR d.code = 'DEP9')",
            [ids],
        ).fetchone()[0]
