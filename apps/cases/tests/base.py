"""Fixtures of the 典型经验 tests, on top of the inspection of supervision's tests: a good-practice finding
at 市发改委, and a helper making a case of a unit in any status through the actions."""

import datetime
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.cases import actions
from apps.cases.models import Case
from apps.supervision import actions_inspections as inspections
from apps.supervision.models import Finding
from apps.supervision.tests.base import InspectionTestCase

PDF = b"%PDF-1.7\n%%EOF\n"
CASE = {
    "title": "项目审批“容缺受理＋并联审批”",
    "summary": "重点项目前期手续实行容缺受理、并联审批",
    "practice": "非关键要件容缺受理、承诺补正；多部门同步审查，联合踏勘",
    "results": "审批时限由45个工作日压缩至18个工作日",
    "area": "优化营商环境",
}


def pdf(name="简报.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class CaseTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.good = inspections.record_finding(
            Finding(
                inspection=cls.inspection,
                unit=cls.fgw,
                task=cls.task,
                dimension=Finding.Dimension.RESULTS,
                text="高标准农田建设实行“一张图”管理，进度日更新，可推广",
                needs_rectification=False,
                good_practice=True,
            ),
            actor=cls.inspector,
        )

    @classmethod
    def make_case(cls, unit=None, status=Case.Status.DRAFT, *, writer=None, year=2026, **fields):
        """A case of `unit` (市发改委) brought to `status` the way the pages would."""
        unit = unit or cls.fgw
        writer = writer or (cls.bob if unit == cls.zjj else cls.alice)
        case = actions.create_case(
            Case(unit=unit, year=year, **{**CASE, **fields}), tasks=[cls.task], actor=writer
        )
        if status == Case.Status.DRAFT:
            return case
        actions.submit_case(case, actor=writer)
        decision = {
            Case.Status.ACCEPTED: "accept",
            Case.Status.RETURNED: "return",
            Case.Status.REJECTED: "reject",
        }.get(status)
        if decision:
            actions.review_case(case, decision=decision, comment="请补充数据", actor=cls.coordinator)
        return case

    @classmethod
    def promote(cls, case, level, day=datetime.date(2026, 10, 1), proof="定政办发〔2026〕21号"):
        return actions.set_promotion(case, level=level, proof=proof, promoted_on=day, actor=cls.coordinator)
