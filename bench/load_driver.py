"""The load generator of the capacity test (bench/load.py): one process, pinned to the CPUs it is given, that drives a
running server over HTTP and writes what it measured as JSON. No Django here: it is a client, as a browser is.

Open loop: requests arrive at the rate of the step (Poisson, seeded), whatever the server answers. Each arrival is the
next click of an idle learner (one request each, redirects not followed); a learner waits for their own page before
their next click, as a person does, but arrivals never wait for responses. An arrival that finds every learner busy
is counted as dropped and as slower than any goal. Latency is measured from the arrival's scheduled time, so a late
dispatch by the generator counts against the server, never for it; the generator's own lag is reported so that a
run whose generator could not keep the schedule is recognised as invalid.

Learners sign in through the login form (the server hashes their password), then walk to a quiz of theirs (dashboard,
course, module, start): a closed-loop warm-up, reported but not a step of the ladder, so that the measured mix is the
one of a site whose learners are in the middle of their courses (answers and feedback, not only first page views),
however few clicks a slow step gives each learner. From there they move between their courses, modules and quizzes,
each time going where the run has been least (ties at random), so that every course, module and quiz gets its share,
answer each step or question with a random choice (not always the first), read the feedback and the result, and now
and then sign out and in again. Beside them, on their own threads: HR (a role that needs a second
factor) signs in with password and a TOTP code computed from the enrolled secret, as an authenticator app does, and
reruns the department × course completion report every 1–3 s; the chief executive opens My team every 1–3 s.

    python -m bench.load_driver CONFIG.json OUT.json
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import json
import os
import queue
import random
import re
import resource
import struct
import sys
import threading
import time
import traceback
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import requests

REPORT_URL = "/admin/learning-reports/completion/results/"
TEAM_URL = "/team/"
LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"
LOGOUT_URL = "/accounts/logout/"
TIMEOUT = 30  # seconds before a request counts as failed
WALK_CLICKS = 20  # the warm-up's clicks per learner at most: past the paced modules that have not opened yet
SIGN_OUT_AFTER_RESULT = 0.2  # a learner who finishes a quiz signs out (and later back in) with this probability
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ATTEMPT = re.compile(r"/quizzes/attempts/(\d+)/$")


def totp(secret: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `secret` (RFC 6238: SHA-1, 30 s)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class AnswerForm(HTMLParser):
    """The answer form of a quiz page (a scenario step or a knowledge check question, of any type): its hidden
    fields, its radio and checkbox groups, text fields and selects, to be filled at random."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found = False
        self.hidden: dict[str, str] = {}
        self.groups: dict[str, list[str]] = defaultdict(list)
        self.multiple: set[str] = set()
        self.texts: dict[str, bool] = {}  # name → numeric
        self.selects: dict[str, list[str]] = defaultdict(list)
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("action") or "").endswith("/answer/"):
            self.inside = self.found = True
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[a["name"]] = a.get("value", "")
            elif kind in {"radio", "checkbox"}:
                self.groups[a["name"]].append(a.get("value", ""))
                if kind == "checkbox":
                    self.multiple.add(a["name"])
            elif kind == "text":
                self.texts[a["name"]] = a.get("inputmode") == "decimal"
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and a.get("value"):
            self.selects[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None

    def fill(self, rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
        """Random answers, and for each choice made (position, number of choices) to show choices are spread."""
        data, picked = list(self.hidden.items()), []
        for name, values in self.groups.items():
            chosen = rng.sample(values, rng.randint(1, len(values))) if name in self.multiple else [rng.choice(values)]
            data += [(name, value) for value in chosen]
            picked += [(values.index(value), len(values)) for value in chosen]
        for name, numeric in self.texts.items():
            data.append((name, str(rng.randint(0, 100)) if numeric else rng.choice(["brand", "listen", "pause"])))
        for name, values in self.selects.items():
            value = rng.choice(values)
            data.append((name, value))
            picked.append((values.index(value), len(values)))
        return data, picked


def answer_form(html: str) -> AnswerForm | None:
    form = AnswerForm()
    form.feed(html)
    return form if form.found and "sequence" in form.hidden and (form.groups or form.texts or form.selects) else None


class Outcome:
    """What one click did: its name, whether it went as a browser would expect, and what it left behind."""

    __slots__ = ("accepted", "error", "login", "name", "ok", "picked", "refused", "start_refused")

    def __init__(self, name: str, ok: bool, *, error: str = "") -> None:
        self.name, self.ok, self.error = name, ok, error
        self.accepted = self.login = self.refused = self.start_refused = False
        self.picked: list[tuple[int, int]] = []


class Spread:
    """Where the run's learners have been, shared by all of them: a learner heads for the quiz of theirs the run has
    reached least (ties at random), so that a short run still reaches every course, module and quiz and no quiz's
    rows take the whole load."""

    def __init__(self) -> None:
        self.visited: Counter = Counter()
        self.lock = threading.Lock()

    def least(self, options: list, key, rng: random.Random):
        with self.lock:
            fewest = min(self.visited[key(o)] for o in options)
            return rng.choice([o for o in options if self.visited[key(o)] == fewest])

    def visit(self, place: str) -> None:
        with self.lock:
            self.visited[place] += 1


class Learner:
    """One person, one session, one request per click; the next click depends on what the last page said."""

    def __init__(
        self,
        n: int,
        email: str,
        password: str,
        courses: list[dict],
        rng: random.Random,
        base: str,
        spread: Spread | None = None,
    ):
        self.email, self.password, self.courses, self.rng, self.base = email, password, courses, rng, base
        self.address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"  # as the proxy reports it
        self.spread = spread or Spread()
        self.refused: set[int] = set()  # quizzes whose start was refused to this learner (not open yet, none left)
        self._fresh()

    def _target(self) -> tuple[dict, dict, int | None]:
        """Where to go next: (course, module, quiz) for the quiz of theirs the run has reached least, a module
        without a quiz counting as a place of its own. Quizzes whose start was refused to this learner (a paced
        module opens weeks after enrolment) are left out while others remain, as a person would leave them."""
        places = [
            (course, module, quiz)
            for course in self.courses
            for module in course["modules"]
            for quiz in module["quizzes"] or [None]
        ]
        open_ = [p for p in places if p[2] not in self.refused] or places
        return self.spread.least(open_, lambda p: f"quiz {p[2]}" if p[2] else f"module {p[1]['url']}", self.rng)

    def _fresh(self) -> None:
        self.http = requests.Session()
        # Behind the production proxy (TRUSTED_PROXY_COUNT=1) every person has their own address; the login rate
        # limit of 30 a minute per address then applies to each of them, not to the generator as a whole.
        self.http.headers["X-Forwarded-For"] = self.address
        self.state, self.course, self.module, self.quiz, self.attempt, self.form, self.tries = (
            "login form",
            None,
            None,
            None,
            "",
            None,
            0,
        )

    def _token(self) -> str:
        return self.http.cookies.get("csrftoken") or ""

    def _post(self, path: str, data) -> requests.Response:
        return self.http.post(
            self.base + path, data=data, allow_redirects=False, timeout=TIMEOUT, headers={"Referer": self.base + "/"}
        )

    def _get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=TIMEOUT)

    def act(self) -> Outcome:
        try:
            return getattr(self, "_" + self.state.replace(" ", "_"))()
        except requests.RequestException as error:
            name = self.state
            self.state = "dashboard" if self.state not in {"login form", "login"} else "login form"
            return Outcome(name, False, error=f"{type(error).__name__}: {error}"[:200])

    def _login_form(self) -> Outcome:
        page = self._get(LOGIN_URL)
        self.state = "login" if page.status_code == 200 else "login form"
        return Outcome("login form", page.status_code == 200)

    def _login(self) -> Outcome:
        signed = self._post(
            LOGIN_URL, {"login": self.email, "password": self.password, "csrfmiddlewaretoken": self._token()}
        )
        outcome = Outcome(
            "login (password hashed)", signed.status_code == 302 and signed.headers["Location"] == "/learning/"
        )
        outcome.login = outcome.ok
        self.state = "dashboard" if outcome.ok else "login form"
        if not outcome.ok:
            outcome.error = f"login answered {signed.status_code} {signed.headers.get('Location', '')}"
        return outcome

    def _dashboard(self) -> Outcome:
        page = self._get("/learning/")
        self.state = "course" if self.courses else "dashboard"
        return self._expect("dashboard", page, 200)

    def _course(self) -> Outcome:
        self.course, self.module, self.quiz = self._target()
        self.spread.visit("course " + self.course["url"])
        self.state = "module"
        return self._expect("course page", self._get(self.course["url"]), 200)

    def _module(self) -> Outcome:
        self.spread.visit("module " + self.module["url"])
        self.state = "start" if self.quiz else "course"
        return self._expect("module page", self._get(self.module["url"]), 200)

    def _start(self) -> Outcome:
        quiz = self.quiz
        self.spread.visit(f"quiz {quiz}")  # reached: started, or refused with the reason on its page
        started = self._post(f"/quizzes/{quiz}/start/", {"csrfmiddlewaretoken": self._token()})
        location = started.headers.get("Location", "")
        if started.status_code == 302 and _ATTEMPT.search(location):
            self.attempt, self.state = location, "step"
            return Outcome("start quiz", True)
        # Refused with a message on the quiz's page (no attempts left, not open yet): the learner goes elsewhere.
        outcome = self._expect("start quiz", started, 302)
        outcome.start_refused = outcome.ok
        if outcome.ok:
            self.refused.add(quiz)
        self.state = "course"
        return outcome

    def _step(self) -> Outcome:
        page = self._get(self.attempt)
        if page.status_code == 302 and page.headers.get("Location", "").endswith("/result/"):
            self.state = "result"
            return Outcome("quiz step", True)
        self.form = answer_form(page.text) if page.status_code == 200 else None
        self.state, self.tries = ("answer", 0) if self.form else ("dashboard", 0)
        outcome = self._expect("quiz step", page, 200)
        if outcome.ok and self.form is None:
            outcome.ok, outcome.error = False, "a quiz step without an answer form"
        return outcome

    def _answer(self) -> Outcome:
        data, picked = self.form.fill(self.rng)
        answered = self._post(self.attempt + "answer/", data)  # the form's own hidden fields carry the CSRF token
        location = answered.headers.get("Location", "")
        if answered.status_code == 302 and "/feedback/" in location:
            outcome = Outcome("answer", True)
            outcome.accepted, outcome.picked = True, picked
            self.feedback, self.state = location, "feedback"
            return outcome
        if answered.status_code == 200:  # the answer was refused with a message (e.g. not a number): try again
            self.tries += 1
            self.state = "answer" if self.tries < 3 else "dashboard"
            self.form = answer_form(answered.text) or self.form
            outcome = Outcome("answer", True)
            outcome.refused = True
            return outcome
        self.state = "step"
        return self._expect("answer", answered, 302)

    def _feedback(self) -> Outcome:
        self.state = "step"
        return self._expect("feedback", self._get(self.feedback), 200)

    def _result(self) -> Outcome:
        page = self._get(self.attempt + "result/")
        self.state = "sign out" if self.rng.random() < SIGN_OUT_AFTER_RESULT else "dashboard"
        return self._expect("quiz result", page, 200)

    def _sign_out(self) -> Outcome:
        out = self._post(LOGOUT_URL, {"csrfmiddlewaretoken": self._token()})
        outcome = self._expect("sign out", out, 302)
        self._fresh()
        return outcome

    def _expect(self, name: str, response: requests.Response, status: int) -> Outcome:
        if response.status_code == status:
            return Outcome(name, True)
        if response.status_code == 302 and response.headers.get("Location", "").startswith(LOGIN_URL):
            self._fresh()  # signed out under us: sign in again
        return Outcome(
            name, False, error=f"{name}: {response.status_code} {response.headers.get('Location', '')}"[:200]
        )


class Staff(threading.Thread):
    """HR or a manager at their desk: signs in, then opens `path` again 1–3 s after each answer, until stopped.
    Every answer is recorded with the step it fell in; any exception is recorded with its traceback, and an
    exception outside a request ends the thread, which the verdict then reports."""

    def __init__(self, who: str, base: str, account: dict, path: str, run: Run, seed: int):
        super().__init__(name=who, daemon=True)
        self.who, self.base, self.account, self.path, self.run_ = who, base, account, path, run
        self.rng = random.Random(seed)  # noqa: S311 - pacing only
        self.signed_in = False
        self.mfa = False
        self.answers: list[tuple[str, int, float]] = []  # (step label, status, seconds)
        self.errors: list[str] = []
        self.died = ""
        self.busy = threading.Event()  # a request of theirs is in flight
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = "10.255.0.1" if who == "hr" else "10.255.0.2"

    def _sign_in(self) -> None:
        page = self.http.get(self.base + LOGIN_URL, timeout=TIMEOUT)
        token = _TOKEN.search(page.text).group(1)
        signed = self.http.post(
            self.base + LOGIN_URL,
            data={"login": self.account["email"], "password": self.account["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": self.base + "/"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if signed.status_code == 302 and signed.headers["Location"].startswith(MFA_URL):
            used = ""
            for _try in range(3):  # a code that went stale on the way is refused: a person types the next one
                page = self.http.get(self.base + MFA_URL, timeout=TIMEOUT)
                token = _TOKEN.search(page.text).group(1)
                while (code := totp(self.account["totp_secret"])) == used:  # a code is accepted once only
                    time.sleep(1)
                used = code
                signed = self.http.post(
                    self.base + MFA_URL,
                    data={"code": code, "csrfmiddlewaretoken": token},
                    headers={"Referer": self.base + "/"},
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
                self.mfa = signed.status_code == 302
                if self.mfa:
                    break
                self.errors.append(f"TOTP code refused ({signed.status_code}); typing the next one")
        if signed.status_code != 302:
            raise RuntimeError(f"{self.who} could not sign in: {signed.status_code}")
        self.signed_in = True

    def run(self) -> None:
        try:
            self._sign_in()
            while not self.run_.stopped.is_set():
                with self.run_.staff_lock:  # paused, or busy: never both (see Run.pause_staff)
                    if not self.run_.staff_paused.is_set():
                        self.busy.set()
                if not self.busy.is_set():
                    self.run_.stopped.wait(0.2)
                    continue
                label, started = self.run_.label, time.perf_counter()
                try:
                    status = self.http.get(self.base + self.path, timeout=TIMEOUT, allow_redirects=False).status_code
                except requests.RequestException as error:
                    self.errors.append(f"{label}: {type(error).__name__}: {error}"[:300])
                    status = 0
                finally:
                    self.busy.clear()
                self.answers.append((label, status, time.perf_counter() - started))
                self.run_.stopped.wait(self.rng.uniform(1.0, 3.0))
        except Exception:  # noqa: BLE001 - recorded and reported as a failure of the run
            self.died = traceback.format_exc()[-2000:]


class Run:
    """The shared state of one generator run: the step being measured, the learners and what they recorded."""

    def __init__(self, config: dict):
        self.config = config
        self.base = config["base"]
        self.label = "sign-in"
        self.stopped, self.staff_paused = threading.Event(), threading.Event()
        self.staff_lock = threading.Lock()
        self.staff: list[Staff] = []
        self.lock = threading.Lock()
        self.records: dict[str, list] = defaultdict(list)  # label → (name, ok, latency s, lag s)
        self.dropped: Counter = Counter()
        self.arrivals: Counter = Counter()  # label → arrivals dispatched to a learner (dropped ones not included)
        self.spread = Spread()
        self.errors: dict[str, Counter] = defaultdict(Counter)
        self.accepted = self.logins = self.refused = self.starts_refused = 0
        self.picked: Counter = Counter()  # position of the choice made (0 = first) → how often
        setup, rng = config["setup"], random.Random(config["seed"])  # noqa: S311
        self.learners = [
            Learner(
                n,
                person["email"],
                setup["password"],
                [setup["courses"][str(c)] for c in person["courses"]],
                random.Random(rng.random()),  # noqa: S311
                self.base,
                self.spread,
            )
            for n, person in enumerate(setup["learners"])
        ]
        self.idle: queue.Queue = queue.Queue()
        for learner in self.learners:
            self.idle.put(learner)
        self.pool = ThreadPoolExecutor(max_workers=len(self.learners))
        self.in_flight = 0

    def _click(self, learner: Learner, scheduled: float, label: str, *, requeue: bool = True) -> None:
        started = time.monotonic()
        try:
            outcome = learner.act()
        except Exception as error:  # noqa: BLE001 - a generator bug is a failed click, recorded, not a dead learner
            learner._fresh()
            outcome = Outcome("generator", False, error=f"{type(error).__name__}: {error}"[:200])
        done = time.monotonic()
        with self.lock:
            self.records[label].append((outcome.name, outcome.ok, done - scheduled, started - scheduled))
            if outcome.error:
                self.errors[label][outcome.error] += 1
            self.accepted += outcome.accepted
            self.logins += outcome.login
            self.refused += outcome.refused
            self.starts_refused += outcome.start_refused
            for position, _count in outcome.picked:
                self.picked[position] += 1
            self.in_flight -= requeue
        if requeue:
            self.idle.put(learner)

    def step(self, label: str, rate: float, seconds: float) -> dict:
        """Offer `rate` requests/s (Poisson arrivals) for `seconds`, wait for the last answers, and summarise."""
        self.label = label
        arrivals = random.Random(f"{label} {rate}")  # noqa: S311 - the same arrivals in every run
        start = time.monotonic()
        scheduled = start
        while True:
            scheduled += arrivals.expovariate(rate)
            if scheduled >= start + seconds:
                break
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                learner = self.idle.get_nowait()
            except queue.Empty:
                self.dropped[label] += 1
                continue
            with self.lock:
                self.in_flight += 1
                self.arrivals[label] += 1
            self.pool.submit(self._click, learner, scheduled, label)
        deadline = time.monotonic() + TIMEOUT + 5
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.summary(label, rate, seconds)

    def pause_staff(self, paused: bool) -> None:
        """HR and the manager away (`paused`) or back. Away returns once their last request has been answered."""
        with self.staff_lock:
            if not paused:
                self.staff_paused.clear()
                return
            self.staff_paused.set()
        deadline = time.monotonic() + TIMEOUT + 5
        while any(s.busy.is_set() for s in self.staff) and time.monotonic() < deadline:
            time.sleep(0.05)

    def pool_labels(self, label: str, parts: list[str]) -> None:
        """Gather the records of several blocks under one label, to be summarised as one."""
        with self.lock:
            for part in parts:
                self.records[label] += self.records.pop(part, [])
                self.dropped[label] += self.dropped.pop(part, 0)
                self.arrivals[label] += self.arrivals.pop(part, 0)
                self.errors[label].update(self.errors.pop(part, Counter()))

    def sign_in(self, concurrency: int) -> dict:
        """Every learner signs in through the form (the login page, then the password), `concurrency` at a time:
        a warm-up whose figures are reported, not a step of the ladder (hashing a password costs the server about
        a second of CPU, so an open-loop burst of first logins would only measure a queue)."""
        self.label = "sign-in"
        start = time.monotonic()

        def sign_in(learner: Learner) -> None:
            for _click in range(4):  # the form and the password; once more if the first try failed
                if learner.state not in {"login form", "login"}:
                    return
                self._click(learner, time.monotonic(), "sign-in", requeue=False)

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(sign_in, self.learners))
        return self.summary("sign-in", 0, time.monotonic() - start)

    def walk_to_quizzes(self, concurrency: int) -> dict:
        """Every signed-in learner walks to a quiz of theirs (dashboard, course, module, start, its first step),
        `concurrency` at a time, each to the quiz the run has reached least: a warm-up, reported, not a step of the
        ladder. It puts every worker's pages in its template cache and starts the ladder with learners in the middle
        of quizzes, so that even a short, slow step measures answers and feedback and not only first page views."""
        start = time.monotonic()

        def walk(learner: Learner) -> None:
            for _click in range(WALK_CLICKS):
                if learner.state in {"answer", "login form", "login"}:  # at an answer form (or signed out: give up)
                    return
                self._click(learner, time.monotonic(), "warm-up", requeue=False)

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(walk, self.learners))
        summary = self.summary("warm-up", 0, time.monotonic() - start)
        summary["at an answer form"] = sum(1 for learner in self.learners if learner.state == "answer")
        return summary

    def summary(self, label: str, rate: float, elapsed: float) -> dict:
        with self.lock:
            records = list(self.records[label])
            dropped = self.dropped[label]
            dispatched = self.arrivals[label] or len(records)  # the warm-ups dispatch without counting arrivals
        # A dropped arrival, or one still unanswered when the step was summarised, was never answered in time:
        # slower than any goal, and a failure.
        unanswered = dropped + max(dispatched - len(records), 0)
        latencies = sorted([r[2] for r in records] + [float("inf")] * unanswered)
        lags = sorted(r[3] for r in records)
        failed = sum(1 for r in records if not r[1]) + unanswered
        by_name: dict[str, list[float]] = defaultdict(list)
        for name, _ok, latency, _lag in records:
            by_name[name].append(latency)
        return {
            "label": label,
            "offered": rate,
            "seconds": round(elapsed, 1),
            "requests": len(records),
            "dropped": dropped,
            "unanswered": unanswered,
            "arrived_per_s": round((dispatched + dropped) / elapsed, 2) if elapsed else 0,
            "answered_per_s": round(len(records) / elapsed, 2) if elapsed else 0,
            "p50_ms": _ms(percentile(latencies, 50)),
            "p95_ms": _ms(percentile(latencies, 95)),
            "p99_ms": _ms(percentile(latencies, 99)),
            "errors_pct": round(100 * failed / max(len(records) + unanswered, 1), 3),
            "generator_lag_p99_ms": _ms(percentile(lags, 99)),
            "by_request": {
                name: {
                    "requests": len(v),
                    "p50_ms": _ms(percentile(sorted(v), 50)),
                    "p95_ms": _ms(percentile(sorted(v), 95)),
                }
                for name, v in sorted(by_name.items())
            },
            "errors": dict(self.errors[label].most_common(5)),
        }


def percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1) if seconds != float("inf") else float("inf")


def passes(step: dict, config: dict) -> bool:
    """A step is sustained when p95 is within the goal and at most 1 % of its arrivals failed, were dropped (every
    learner busy) or were still unanswered when the step ended. Not "answered about the rate offered": Poisson
    arrivals over a short step fall short of the nominal rate by chance (20 expected, 16 came), and an arrival the
    server did not answer already counts as failed. Whether the generator kept its schedule is judged by its lag."""
    return step["p95_ms"] <= config["p95_goal_ms"] and step["errors_pct"] <= 1.0


def step_seconds(rate: float, config: dict) -> float:
    """How long a step at `rate` runs: `step_seconds`, or long enough for `min_requests` arrivals (a p95 of ten
    requests is their slowest, one outlier), but never more than `max_step_seconds`."""
    wanted = max(config["step_seconds"], config.get("min_requests", 0) / rate)
    return round(min(wanted, config.get("max_step_seconds", wanted)), 1)


def ladder(run: Run, config: dict, say) -> tuple[list[dict], dict | None, dict | None]:
    """Steps of rising rate (× factor) until one is not sustained; if the first is not, falling rates (÷ factor, down
    to `min_rate`) until one is. Then one step halfway (geometric) between the highest sustained rate and the lowest
    not. Returns the steps, the highest sustained step and the lowest step not sustained (None when not found)."""
    steps: list[dict] = []
    sustained = failed = None
    rate = config["first_rate"]

    def measure(rate: float) -> dict:
        step = run.step(f"step {len(steps) + 1}", rate, step_seconds(rate, config))
        step["passed"] = passes(step, config)
        steps.append(step)
        say(
            f"   {rate:6.1f} req/s offered for {step['seconds']} s: {step['answered_per_s']:6.1f} answered/s,"
            f" p95 {step['p95_ms']} ms,"
            f" p99 {step['p99_ms']} ms, errors {step['errors_pct']} %, lag p99 {step['generator_lag_p99_ms']} ms"
            f" -> {'sustained' if step['passed'] else 'NOT sustained'}"
        )
        return step

    while len(steps) < config["max_steps"]:
        step = measure(rate)
        if step["passed"]:
            sustained = step
            if failed:
                break
            rate = round(rate * config["factor"], 1)
        else:
            failed = step
            if sustained:
                break
            rate = round(rate / config["factor"], 1)
            if rate < config["min_rate"]:
                break
    if sustained and failed:
        rate = round((sustained["offered"] * failed["offered"]) ** 0.5, 1)
        if sustained["offered"] < rate < failed["offered"]:
            step = measure(rate)
            if step["passed"]:
                sustained = step
            else:
                failed = step
    return steps, sustained, failed


WITH, ALONE = "learners with HR and the manager", "learners alone"


def comparison_rate(sustained: dict, config: dict) -> float:
    """The rate of the with/without comparison: one step below the highest sustained (÷ factor, not below the
    lowest rate of the ladder). At the knee itself p95 is a queue's tail, which one burst of the machine's other work
    doubles or halves; a step below it, what HR and the manager cost learners shows through that noise."""
    return max(round(sustained["offered"] / config["factor"], 1), min(config["min_rate"], sustained["offered"]))


def compare(run: Run, rate: float, config: dict, say) -> tuple[dict, dict]:
    """Learners at `rate` with HR and the manager at work and with them away, in short alternating blocks (ABBA
    ABBA…), so that a drift or a burst in what else the machine is doing falls on both sides alike; each side gets
    `paired_steps` steps' time in all. Returns the two pooled summaries (with, alone)."""
    blocks = config.get("paired_blocks", 8)
    seconds = max(config.get("paired_steps", 2) * step_seconds(rate, config) / blocks, 3.0)
    parts: dict[str, list[str]] = {WITH: [], ALONE: []}
    for n in range(blocks):
        for side in (WITH, ALONE) if n % 2 == 0 else (ALONE, WITH):
            run.pause_staff(side == ALONE)
            label = f"{side} {n + 1}"
            run.step(label, rate, seconds)
            parts[side].append(label)
    run.pause_staff(False)
    summaries = []
    for side in (WITH, ALONE):
        run.pool_labels(side, parts[side])
        summaries.append(run.summary(side, rate, seconds * blocks))
    with_staff, alone = summaries
    say(
        f"   at {rate} req/s in {blocks} alternating blocks of {seconds:.0f} s: p95 {with_staff['p95_ms']} ms with HR"
        f" and the manager, {alone['p95_ms']} ms without"
    )
    return with_staff, alone


GENERATOR_NICENESS = -10


def raise_priority() -> int:
    """Ask the scheduler to run the generator ahead of ordinary processes (niceness −10; it takes about 1 % of a
    core, so it starves nobody): on a crowded machine a waiting generator would otherwise be late with its arrivals
    and the run would measure the queue for the CPU, not the server. Where that is not allowed it stays as it is.
    Returns the niceness it runs at."""
    with contextlib.suppress(OSError):  # not allowed: an ordinary user may only lower a priority
        os.setpriority(os.PRIO_PROCESS, 0, GENERATOR_NICENESS)
    return os.getpriority(os.PRIO_PROCESS, 0)


def main(config_path: str, out_path: str) -> int:
    config = json.loads(open(config_path).read())  # noqa: SIM115
    if config.get("cpus"):
        os.sched_setaffinity(0, set(config["cpus"]))
    niceness = raise_priority()
    cpu_started, wall_started = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    run = Run(config)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731, T201
    # Everyone signs in through the form first, at a rate the password hashing allows, before the ladder starts.
    learners = len(run.learners)
    sign_in = run.sign_in(config["sign_in_concurrency"])
    signed_in = run.logins
    say(f"   signed in through the form: {signed_in} of {learners} learners; p95 {sign_in['p95_ms']} ms")
    walk = run.walk_to_quizzes(config["sign_in_concurrency"])
    say(f"   walked to a quiz: {walk['at an answer form']} of {learners} at an answer form; p95 {walk['p95_ms']} ms")
    hr = Staff("hr", run.base, config["setup"]["hr"], REPORT_URL, run, 1)
    manager = Staff("manager", run.base, config["setup"]["manager"], TEAM_URL, run, 2)
    run.staff = [hr, manager]
    hr.start()
    manager.start()
    steps, sustained, failed = ladder(run, config, say)
    with_staff = alone = None
    if sustained:  # the same rate with HR and the manager away: what their load costs the learners
        with_staff, alone = compare(run, comparison_rate(sustained, config), config, say)
    run.stopped.set()
    for thread in (hr, manager):
        thread.join(timeout=TIMEOUT + 5)
    run.pool.shutdown(wait=True)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.monotonic() - wall_started
    visited = run.spread.visited
    result = {
        "learners": learners,
        "logins": run.logins,
        "signed_in": signed_in,
        "sign_in": sign_in,
        "warm_up": walk,
        "steps": steps,
        "sustained": sustained,
        "not_sustained": failed,
        "alone": alone,
        "with_staff": with_staff,
        "accepted": run.accepted,
        "refused": run.refused,
        "starts_refused": run.starts_refused,
        "picked": {str(k): v for k, v in sorted(run.picked.items())},
        "visited": dict(visited),
        "staff": {
            t.who: {
                "signed_in": t.signed_in,
                "second_factor": t.mfa,
                "ended_cleanly": not t.died and not t.is_alive(),
                "died": t.died,
                "answers": t.answers,
                "errors": t.errors[:20],
            }
            for t in (hr, manager)
        },
        "generator": {
            "cpus": sorted(os.sched_getaffinity(0)),
            "niceness": niceness,
            "cpu_seconds": round(cpu.ru_utime + cpu.ru_stime - cpu_started.ru_utime - cpu_started.ru_stime, 1),
            "wall_seconds": round(wall, 1),
        },
    }
    with open(out_path, "w") as out:
        json.dump(result, out, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
