"""Locust traffic for bench/load.py: learners signed in with pre-made session cookies (a JSON file named by
$SW_LOAD_SETUP) open the dashboard, a course page and a module page, start a scenario, and for every step read it,
answer, read the feedback and go on, as a learner does in the browser.

Between two pages a learner pauses for the think time named by $SW_LOAD_THINK ("low,high" seconds, uniform). A
person needs that long to read a scenario step or its feedback and choose; clicking every few hundred milliseconds
would measure a flood no group of 200 people produces.

Accepted answers (302 to the feedback page) are counted in a file named by $SW_LOAD_ACCEPTED, written when the run
stops, so the benchmark can compare them with the Decision rows in the database."""

from __future__ import annotations

import itertools
import json
import os
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

from bench.learners import step_form

SETUP = json.loads(open(os.environ["SW_LOAD_SETUP"]).read())  # noqa: SIM115 - read once at import
THINK = tuple(float(part) for part in os.environ.get("SW_LOAD_THINK", "3,10").split(","))
_sessions = itertools.cycle(SETUP["sessions"])
_pages = itertools.cycle(SETUP["pages"])
accepted = {"answers": 0}


@events.quitting.add_listener
def _write_accepted(environment, **_kwargs) -> None:
    with open(os.environ["SW_LOAD_ACCEPTED"], "w") as out:
        json.dump(accepted, out)


class Learner(HttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(_sessions), domain="127.0.0.1")

    @task
    def learn(self) -> None:
        scenario = next(_pages)
        self.client.get("/learning/", name="dashboard")
        self.wait()
        self.client.get(SETUP["course"], name="course page")
        self.wait()
        self.client.get(SETUP["module"], name="module page")
        self.wait()
        response = self.client.post(
            f"/quizzes/{scenario}/start/",
            data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken") or ""},
            headers={"Referer": self.host},
            name="start scenario",
        )
        for _step in range(12):
            form = step_form(response.text or "")
            if "/result/" in (response.url or "") or form is None:
                return
            self.wait()
            path = urlparse(response.url).path.rstrip("/")
            with self.client.post(
                f"{path}/answer/",
                data=form.answer(form.choices[0]),
                headers={"Referer": self.host},
                allow_redirects=False,
                name="answer step",
                catch_response=True,
            ) as answer:
                location = answer.headers.get("Location", "")
                if answer.status_code == 302 and "/feedback/" in location:
                    accepted["answers"] += 1
                    answer.success()
                else:
                    answer.failure(f"answer not accepted: {answer.status_code}")
                    return
            self.client.get(location, name="step feedback")
            self.wait()
            response = self.client.get(f"{path}/", name="scenario step")
