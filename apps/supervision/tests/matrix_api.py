"""The data the supervision API matrices (test_permissions_api_*.py) run against, on top of the page
matrices' (matrix.py): a finding not yet rectified, a conclusion and an objected one to 市发改委, an item
of 市发改委 with no pending 延期申请, a 督办单 and a progress report of 市发改委, and a second task of
市发改委 whose 销号 applications wait at each step. Time stands on 2026-11-10, so every time limit is
still open. Also: a multipart sender and the check that a router has a row for every endpoint."""

import datetime
import tempfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.cycles.models import Cycle, Report
from apps.plans.models import Task, TaskUnit
from apps.supervision import actions_inspections as actions
from apps.supervision.models import CloseOut, Finding, Inspection, Notice
from luoshi.test import normalise_route

from .matrix import SupervisionMatrixTestCase

PDF = b"%PDF-1.7\n%%EOF\n"


def pdf():
    return SimpleUploadedFile("验收材料.pdf", PDF, content_type="application/pdf")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(datetime.datetime(2026, 11, 10, 10, 0), tick=False)
class ApiMatrixTestCase(SupervisionMatrixTestCase):
    MULTIPART = ()  # the url templates whose endpoint takes multipart/form-data

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.new_finding = actions.record_finding(
            Finding(inspection=cls.inspection, unit=cls.fgw, dimension="conduct", text="台账资料不全"),
            actor=cls.inspector,
        )
        cls.conclusion = cls.concluded("三季度日常督查", "总体推进有力")
        cls.objected = cls.concluded("四季度日常督查", "进度滞后")
        actions.object_to(cls.objected, text="进度已赶上", actor=cls.alice)
        cls.ask_item = cls.rectification_for(cls.fgw)
        cls.notice = Notice.objects.create(
            task=cls.task,
            unit=cls.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后于序时",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=cls.coordinator,
        )
        cycle = Cycle.objects.create(
            plan=cls.plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 15),
            due_on=datetime.date(2026, 10, 25),
            status=Cycle.Status.CLOSED,
        )
        cls.report = Report.objects.create(
            cycle=cycle, task=cls.task, unit=cls.fgw, status=Report.Status.SUBMITTED, narrative="已建成"
        )
        cls.task2 = Task.objects.create(
            plan=cls.plan,
            area=cls.area,
            code="1.2",
            title="建成电子政务外网",
            due_date=datetime.date(2026, 12, 31),
        )
        TaskUnit.objects.create(task=cls.task2, unit=cls.fgw, role=TaskUnit.Role.LEAD)
        cls.closeouts = {
            status: CloseOut.objects.create(
                task=cls.task2, unit=cls.fgw, note="已建成", status=status, applied_by=cls.alice
            )
            for status in (CloseOut.Status.APPLIED, CloseOut.Status.VERIFIED, CloseOut.Status.PUBLICITY)
        }
        CloseOut.objects.filter(status=CloseOut.Status.PUBLICITY).update(
            publicity_until=datetime.date(2026, 11, 17)
        )
        cls.ids = {
            **cls.ids,
            "new_finding": cls.new_finding.pk,
            "conclusion": cls.conclusion.pk,
            "objected": cls.objected.pk,
            "ask_item": cls.ask_item.pk,
            "notice": cls.notice.pk,
            "report": cls.report.pk,
            "closeout": cls.closeouts[CloseOut.Status.APPLIED].pk,
            "verified_closeout": cls.closeouts[CloseOut.Status.VERIFIED].pk,
            "publicity_closeout": cls.closeouts[CloseOut.Status.PUBLICITY].pk,
        }

    @classmethod
    def concluded(cls, title, text):
        inspection = actions.create_inspection(
            Inspection(
                kind=Inspection.Kind.ROUTINE,
                title=title,
                owner_unit=cls.city,
                starts_on=datetime.date(2026, 10, 1),
                ends_on=datetime.date(2026, 10, 30),
            ),
            units=[cls.fgw],
            team=[cls.inspector],
            actor=cls.coordinator,
        )
        return actions.conclude(inspection, {cls.fgw: text}, actor=cls.inspector)[0]

    def send(self, role, method, url, data=None):
        return self.api(role, method, url, data)  # multipart when data is a Multipart

    def assertCovers(self, router, table):
        covered = {(m, normalise_route(t)) for m, t, *_ in table}
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    with self.subTest(method=method, path=path):
                        self.assertIn((method, normalise_route("/api" + path)), covered)
