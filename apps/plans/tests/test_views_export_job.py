"""A large ledger export: run as a background job, its progress page and its download."""

import io
import tempfile
from pathlib import Path
from unittest import mock

import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from apps.plans.excel import EXPORT_HEADERS
from apps.plans.excel_export import ExportChanged, write_ledger
from apps.plans.jobs import export_ledger_job
from apps.plans.models import ExportJob, Task, TaskUnit
from luoshi.test import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(MEDIA_ROOT=MEDIA, EXPORT_JOB_ROWS=1)
class ExportJobTestCase(BaseTestCase):
    def setUp(self):
        self.other = Task.objects.create(plan=self.plan, area=self.area, code="1.2", title="统计制度改革")
        TaskUnit.objects.create(task=self.other, unit=self.tjj, role=TaskUnit.Role.LEAD)

    def export(self, user, query=""):
        self.login(user)
        return self.client.get(f"/plans/{self.plan.pk}/export.xlsx{query}")

    def download(self, job):
        response = self.client.get(f"/exports/{job.pk}/download/")
        self.assertEqual(response.status_code, 200)
        return load_workbook(io.BytesIO(b"".join(response.streaming_content)))["台账"]

    def test_it_sends_a_large_export_to_the_page_of_its_job(self):
        response = self.export(self.coordinator)
        job = ExportJob.objects.get()
        self.assertRedirects(response, f"/exports/{job.pk}/")
        self.assertEqual((job.user, job.plan, job.total), (self.coordinator, self.plan, 2))

    @override_settings(EXPORT_JOB_ROWS=2)
    def test_it_still_sends_an_export_at_the_threshold_at_once(self):
        response = self.export(self.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertFalse(ExportJob.objects.exists())

    def test_it_offers_the_finished_file_for_download_on_the_job_page(self):
        job_page = self.client.get(self.export(self.coordinator)["Location"])
        job = ExportJob.objects.get()
        self.assertContains(job_page, f'href="/exports/{job.pk}/download/"')
        self.assertContains(job_page, "文件已生成")
        self.assertNotContains(job_page, "hx-trigger")

    def test_it_writes_the_file_under_media_root_with_every_row(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        self.assertEqual((job.status, job.done), (ExportJob.Status.DONE, 2))
        self.assertTrue((Path(MEDIA) / job.file.name).is_file())
        self.assertTrue(job.file.name.startswith("exports/"))
        rows = list(self.download(job).iter_rows(values_only=True))
        self.assertEqual(rows[0], EXPORT_HEADERS)
        self.assertEqual([r[0] for r in rows[1:]], ["1.1", "1.2"])

    def test_it_names_the_download_after_the_plan_and_the_date(self):
        self.export(self.coordinator)
        response = self.client.get(f"/exports/{ExportJob.objects.get().pk}/download/")
        self.assertIn("filename*=utf-8''%E5%8F%B0%E8%B4%A6-2026", response["Content-Disposition"])

    @override_settings(EXPORT_JOB_ROWS=0)
    def test_it_exports_in_the_job_what_the_requester_sees_with_the_ledger_filters(self):
        self.export(self.coordinator, "?kind=reform")
        codes = [r[0] for r in self.download(ExportJob.objects.get()).iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, ["1.1"])

    def test_it_hides_the_job_and_its_file_from_everyone_but_the_requester(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        self.login(self.leader)  # sees the same plan, but did not ask for this file
        self.assertEqual(self.client.get(f"/exports/{job.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/exports/{job.pk}/download/").status_code, 404)

    def test_it_needs_a_login_for_the_job_page(self):
        self.export(self.coordinator)
        self.client.logout()
        response = self.client.get(f"/exports/{ExportJob.objects.get().pk}/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    @override_settings(TASKS=DATABASE_TASKS)
    def test_it_queues_the_job_for_a_worker_and_polls_its_progress_meanwhile(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        self.assertEqual(job.status, ExportJob.Status.QUEUED)
        part = self.client.get(f"/exports/{job.pk}/", headers={"HX-Request": "true"})
        self.assertContains(part, 'hx-trigger="every 2s"')
        self.assertContains(part, "已写入 0 / 2 项")
        self.assertNotContains(part, "<h1>")  # only the part htmx swaps in
        self.assertEqual(self.client.get(f"/exports/{job.pk}/download/").status_code, 404)

    @override_settings(TASKS=DATABASE_TASKS)
    def test_it_stores_the_queued_job_in_the_database_for_a_worker_to_run(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        queued = DBTaskResult.objects.get()
        self.assertEqual((queued.status, queued.args_kwargs["args"]), ("READY", [job.pk]))
        export_ledger_job.call(job.pk)  # what the worker does with it
        job.refresh_from_db()
        self.assertEqual(job.status, ExportJob.Status.DONE)
        self.assertEqual(
            [r[0] for r in self.download(job).iter_rows(min_row=2, values_only=True)], ["1.1", "1.2"]
        )

    @override_settings(TASKS=DATABASE_TASKS)
    def test_it_runs_a_job_only_once(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        export_ledger_job.call(job.pk)
        first = ExportJob.objects.get().file.name
        export_ledger_job.call(job.pk)
        self.assertEqual(ExportJob.objects.get().file.name, first)

    @override_settings(TASKS=DATABASE_TASKS, EXPORT_JOB_ROWS=0)
    def test_it_fails_the_job_when_the_requester_lost_sight_of_the_plan_meanwhile(self):
        self.export(self.alice)
        job = ExportJob.objects.get()
        TaskUnit.objects.filter(unit=self.fgw).delete()  # alice's unit has no task in the plan any more
        export_ledger_job.call(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.file.name), (ExportJob.Status.FAILED, ""))
        self.assertContains(self.client.get(f"/exports/{job.pk}/"), "导出失败：您已无权查看该计划")

    @override_settings(TASKS=DATABASE_TASKS, EXPORT_JOB_ROWS=0)
    def test_it_fails_the_job_and_asks_to_export_again_when_the_ledger_changed_meanwhile(self):
        self.export(self.coordinator)
        job = ExportJob.objects.get()
        with mock.patch("apps.plans.jobs.write_ledger", side_effect=ExportChanged("links left over")):
            export_ledger_job.call(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.file.name), (ExportJob.Status.FAILED, ""))
        self.assertContains(
            self.client.get(f"/exports/{job.pk}/"), "导出失败：导出期间台账有变动，请重新导出"
        )


class ProgressTestCase(BaseTestCase):
    def test_it_reports_the_rows_written_after_each_chunk_and_at_the_end(self):
        for i in range(4):
            task = Task.objects.create(plan=self.plan, area=self.area, code=f"9.{i}", title=f"任务{i}")
            TaskUnit.objects.create(task=task, unit=self.fgw, role=TaskUnit.Role.LEAD)
        seen = []
        with mock.patch("apps.plans.excel_export.CHUNK_SIZE", 2), tempfile.TemporaryDirectory() as tmp:
            rows = write_ledger(f"{tmp}/out.xlsx", Task.objects.filter(plan=self.plan), seen.append)
        self.assertEqual((rows, seen), (5, [2, 4, 5]))


@override_settings(MEDIA_ROOT=MEDIA, EXPORT_JOB_ROWS=0, EXPORT_KEEP_DAYS=7)
class PruneExportsTestCase(BaseTestCase):
    def test_it_removes_exports_older_than_the_retention_period_with_their_files(self):
        with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
            self.login(self.coordinator)
            self.client.get(f"/plans/{self.plan.pk}/export.xlsx")
        with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
            self.login(self.coordinator)  # a new session: the first one has expired
            self.client.get(f"/plans/{self.plan.pk}/export.xlsx")
            old, new = ExportJob.objects.order_by("created_at")
            out = io.StringIO()
            call_command("prune_exports", stdout=out)
        self.assertEqual(list(ExportJob.objects.all()), [new])
        self.assertFalse((Path(MEDIA) / old.file.name).exists())
        self.assertTrue((Path(MEDIA) / new.file.name).exists())
        self.assertIn("删除导出文件 1 个", out.getvalue())
