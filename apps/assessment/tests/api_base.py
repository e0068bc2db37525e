"""The data the 年督考 API tests (test_api.py, test_permissions_api.py) run against, on luoshi.test's people:
the city's published scheme for 2026 (the default rules: 市发改委, 市住建局, 市统计局 … in 市直单位, 陇西县 in
县区) with a draft beside it, 领导's rating of 市发改委, a 通报表扬 of 市发改委 with its document, a manual
adjustment of 市发改委 with its file, a final run computed as of 2026-12-31, and a 结果运用. Time stands
on 2027-01-10, after the year."""

import datetime
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.assessment import actions
from apps.assessment.defaults import default_config
from apps.assessment.jobs import compute
from apps.assessment.models import Outcome, Recognition, Scheme
from luoshi.test import BaseTestCase, MatrixTestCase

NOW = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PDF = b"%PDF-1.7\n%%EOF\n"
YEAR_END = datetime.date(2026, 12, 31)


def pdf(name="依据文件.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class AssessmentFixture:
    @classmethod
    def make_assessment(cls):
        cls.scheme = actions.create_scheme(
            owner_unit=cls.city,
            title="2026年度重点工作督查考核",
            year=2026,
            config=default_config(cls.city),
            actor=cls.coordinator,
        )
        actions.publish(cls.scheme, actor=cls.coordinator)
        cls.draft = actions.create_scheme(
            owner_unit=cls.city,
            title="2027年度重点工作督查考核",
            year=2027,
            config=default_config(cls.city),
            actor=cls.coordinator,
        )
        cls.rating = actions.rate(cls.scheme, unit=cls.fgw, dimension="D4", points="9", rater=cls.leader)
        cls.praise = actions.recognise(
            unit=cls.fgw,
            kind=Recognition.Kind.PRAISE,
            title="优化营商环境工作成效明显",
            document="定政办通〔2026〕12号",
            day=datetime.date(2026, 10, 15),
            uploads=[pdf()],
            actor=cls.coordinator,
        )
        cls.adjustment = actions.adjust(
            cls.scheme,
            unit=cls.fgw,
            points=Decimal("0.5"),
            reason="承担省级试点任务",
            uploads=[pdf("试点批复.pdf")],
            actor=cls.coordinator,
        )
        cls.final_run = compute(
            actions.request_run(cls.scheme, as_of=YEAR_END, final=True, actor=cls.coordinator)
        )
        cls.outcome = actions.record_outcome(
            cls.scheme, unit=cls.fgw, kind=Outcome.Kind.PRAISE, note="年度考核优秀", actor=cls.coordinator
        )
        cls.ids = {
            "scheme": cls.scheme.pk,
            "draft": cls.draft.pk,
            "run": cls.final_run.pk,
            "fgw": cls.fgw.pk,
            "zjj": cls.zjj.pk,
        }

    def scheme_of(self, pk) -> Scheme:
        return Scheme.objects.get(pk=pk)


MEDIA = override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
FROZEN = time_machine.travel(NOW, tick=False)


@MEDIA
@FROZEN
class AssessmentApiTestCase(AssessmentFixture, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_assessment()


@MEDIA
@FROZEN
class AssessmentMatrixTestCase(AssessmentFixture, MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_assessment()
