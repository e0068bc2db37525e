"""The month-end rush: each locust user is one reporter (load001, …; tools.load.data) who does it once —
logs in (the login page's CSRF token), opens 我的待办, opens the first report to fill, autosaves twice as
htmx does while typing, uploads a small PDF as 佐证材料 (the upload button posts the form, so it saves the
text too) and submits; then stops. Between steps the reporter reads and types for LOAD_THINK_MIN to
LOAD_THINK_MAX seconds (default 1–3). Run by tools.load.run (`make load`); the run ends when every user is
done or at --run-time. A step whose answer is not what a browser would accept is a failure, and the user
stops there.
"""

import csv
import itertools
import os
import random

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

from tools.load.data import PASSWORD, USERNAME
from tools.load.pages import (
    EVIDENCE_PDF,
    csrf_token,
    filled,
    first_report_to_fill,
    report_form,
    saved_version,
)

THINK = (float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3")))
HTMX = {"HX-Request": "true"}
_numbers = itertools.count(1)
finished = {"done": 0, "failed": 0}


class Failed(Exception):
    pass


class Reporter(FastHttpUser):
    wait_time = staticmethod(lambda: 0)  # the one task paces itself (think())

    def on_start(self):
        self.username = USERNAME.format(next(_numbers))

    def think(self):
        gevent.sleep(random.uniform(*THINK))

    def step(self, method, url, name, expect, **kwargs):
        """One request; a failure unless the status is `expect` and each text of `kwargs['must']` is in it."""
        must = kwargs.pop("must", ())
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as response:
            body = response.text or ""
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
                raise Failed(name)
            missing = [text for text in must if text not in body]
            if missing:
                response.failure(f"answer lacks {missing[0]!r}")
                raise Failed(name)
            return body

    @task
    def rush(self):
        try:
            self.month_end()
            finished["done"] += 1
        except Failed:
            finished["failed"] += 1
        if finished["done"] + finished["failed"] >= self.environment.parsed_options.num_users:
            gevent.spawn_later(0.5, self.environment.runner.quit)
        raise StopUser()

    def month_end(self):
        page = self.step("GET", "/login/", "登录页 GET /login/", 200)
        login = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)}
        self.think()
        self.step("POST", "/login/", "登录 POST /login/", 302, data=login, allow_redirects=False)
        todo = self.step("GET", "/todo/", "我的待办 GET /todo/", 200, must=["待填报"])
        report = first_report_to_fill(todo)
        self.think()
        page = self.step("GET", report, "打开报告 GET /reports/<id>/", 200, must=['id="report-form"'])
        fields = report_form(page)
        for n in (1, 2):
            self.think()
            data = filled(fields, n)
            answer = self.step(
                "POST",
                f"{report}save/",
                "自动保存 POST /reports/<id>/save/",
                200,
                data=data,
                headers=HTMX,
                must=["已自动保存"],
            )
            fields = {**data, "version": saved_version(answer)}
        self.think()
        page = self.step(
            "POST",
            f"{report}evidence/",
            "上传佐证 POST /reports/<id>/evidence/ (→ 报告页)",
            200,
            data=fields,
            files={"file": ("佐证材料.pdf", EVIDENCE_PDF, "application/pdf")},
            headers=HTMX,
            must=["佐证材料已上传"],
        )
        fields["version"] = saved_version(page)
        self.think()
        self.step(
            "POST",
            f"{report}submit/",
            "提交审核 POST /reports/<id>/submit/ (→ 报告页)",
            200,
            data=fields,
            headers=HTMX,
            must=["已提交本单位审核人审核"],
        )


@events.test_stop.add_listener
def write_outcome(environment, **kwargs):
    """For tools.load.run: how many reporters got through, and every request's final figures (locust's own
    --csv files are written once a second, so they can miss the last requests)."""
    out = os.environ.get("LOAD_OUT")
    if not out:
        return
    with open(os.path.join(out, "users.txt"), "w") as fh:
        fh.write(f"{finished['done']} {finished['failed']}\n")
    stats = environment.stats
    with open(os.path.join(out, "final_stats.csv"), "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%", "99%", "Max"])
        for entry in [*sorted(stats.entries.values(), key=lambda e: e.name), stats.total]:
            writer.writerow(
                [
                    entry.name,
                    entry.num_requests,
                    entry.num_failures,
                    f"{entry.total_rps:.2f}",
                    *(entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99)),
                    entry.max_response_time,
                ]
            )
    with open(os.path.join(out, "final_failures.csv"), "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Name", "Occurrences", "Error"])
        for error in stats.errors.values():
            writer.writerow([error.name, error.occurrences, error.error])
