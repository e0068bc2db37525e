"""`make load` (tools/load) is not run here; these check that its data setup works and that its reporter's
walk through the pages still matches what the templates render, so a changed page cannot silently break
the load test."""

import importlib.util
import io
import subprocess
import sys
import unittest
from pathlib import Path

import time_machine
from django.test import Client

from apps.cycles.models import Report
from apps.cycles.tests.test_views_reports import NOW, ReportTestCase
from apps.evidence.models import Evidence
from apps.orgs.models import Role, User
from tools.load import data, pages


@time_machine.travel(NOW, tick=False)
class LoadSetupTestCase(ReportTestCase):
    """November's cycle is open; 市发改委 (a 部门) leads the one report to fill."""

    def test_it_adds_a_reporter_and_an_approver_to_each_unit_with_a_report_to_fill(self):
        self.assertEqual(data.add_reporters(1), ["load001"])
        reporter, approver = (
            User.objects.get(username="load001"),
            User.objects.get(username="load_approver001"),
        )
        self.assertEqual((reporter.unit, reporter.roles), (self.fgw, [Role.REPORTER]))
        self.assertEqual((approver.unit, approver.roles), (self.fgw, [Role.APPROVER]))
        self.assertTrue(reporter.check_password(data.PASSWORD))
        self.assertEqual(reporter.password, approver.password)  # hashed once

    def test_it_refuses_more_reporters_than_units_with_reports_to_fill(self):
        with self.assertRaises(SystemExit):
            data.add_reporters(2)

    def test_it_leaves_out_units_whose_staff_see_other_units_reports(self):
        Report.objects.filter(pk=self.report.pk).update(unit=self.county)
        self.assertEqual(data.units_with_reports_to_fill(5), [])

    def test_it_counts_a_reporter_whose_report_is_submitted_as_not_ready(self):
        data.add_reporters(1)
        self.assertEqual(data.ready_reporters(1), 1)
        self.set_status(Report.Status.SUBMITTED)
        self.assertEqual(data.ready_reporters(1), 0)


@time_machine.travel(NOW, tick=False)
class LoadWalkTestCase(ReportTestCase):
    """The locust user's steps, through Django's test client with CSRF checks on."""

    def setUp(self):
        data.add_reporters(1)
        self.browser = Client(enforce_csrf_checks=True)

    def log_in(self):
        page = self.browser.get("/login/").content.decode()
        login = {
            "username": "load001",
            "password": data.PASSWORD,
            "csrfmiddlewaretoken": pages.csrf_token(page),
        }
        return self.browser.post("/login/", login)

    def open_report(self):
        self.log_in()
        url = pages.first_report_to_fill(self.browser.get("/todo/").content.decode())
        return url, pages.report_form(self.browser.get(url).content.decode())

    def autosave(self, url, fields, step):
        posted = pages.filled(fields, step)
        answer = self.browser.post(f"{url}save/", posted, headers={"HX-Request": "true"})
        return answer, {**posted, "version": pages.saved_version(answer.content.decode())}

    def test_it_logs_in_with_the_login_pages_csrf_token(self):
        self.assertEqual(self.log_in().status_code, 302)

    def test_it_finds_the_report_to_fill_in_my_todo_list(self):
        url, fields = self.open_report()
        self.assertEqual(url, self.url())
        self.assertEqual(fields["version"], "1")
        self.assertIn(f"actual_{self.target.pk}", fields)
        self.assertIn("narrative", fields)

    def test_it_autosaves_twice_with_the_version_each_answer_hands_back(self):
        url, fields = self.open_report()
        first, fields = self.autosave(url, fields, 1)
        second, fields = self.autosave(url, fields, 2)
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertEqual(fields["version"], "3")
        self.report.refresh_from_db()
        self.assertEqual((self.report.version, self.report.percent), (3, 60))

    def test_it_uploads_the_pdf_and_submits(self):
        url, fields = self.open_report()
        _, fields = self.autosave(url, fields, 1)
        upload = io.BytesIO(pages.EVIDENCE_PDF)
        upload.name = "佐证材料.pdf"
        page = self.browser.post(f"{url}evidence/", {**fields, "file": upload}, follow=True)
        self.assertContains(page, "佐证材料已上传")
        fields["version"] = pages.saved_version(page.content.decode())
        self.assertContains(self.browser.post(f"{url}submit/", fields, follow=True), "已提交本单位审核人审核")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(Evidence.objects.get().kind, "pdf")


@unittest.skipUnless(
    importlib.util.find_spec("locust"), "locust is a dev requirement (make load installs it)"
)
class LocustfileTestCase(unittest.TestCase):
    def test_it_loads_the_locustfile_in_locust_with_its_reporter_user(self):
        # in a child process: locust patches the standard library with gevent when it is imported
        listed = subprocess.run(
            [sys.executable, "-m", "locust", "-f", "tools/load/locustfile.py", "--list"],
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("Reporter", listed.stdout)
