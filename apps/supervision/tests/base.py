"""Fixtures of 督查 and the 整改台账 for the supervision tests: an inspection of 市发改委 and 市住建局 by the
city's 督查员, a finding at 市发改委, and a rectification item led by 市发改委."""

import datetime

from apps.supervision import actions_inspections as actions
from apps.supervision.models import Finding, Inspection, Rectification
from luoshi.test import BaseTestCase


class InspectionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.inspection = actions.create_inspection(
            Inspection(
                kind=Inspection.Kind.SPECIAL,
                title="2026年营商环境专项督查",
                scheme="督任务、督进度、督成效",
                owner_unit=cls.city,
                methods=[Inspection.Method.VISIT, Inspection.Method.RECORDS],
                starts_on=datetime.date(2026, 11, 2),
                ends_on=datetime.date(2026, 11, 20),
            ),
            units=[cls.fgw, cls.zjj],
            team=[cls.inspector],
            actor=cls.coordinator,
        )
        cls.finding = actions.record_finding(
            Finding(
                inspection=cls.inspection,
                unit=cls.fgw,
                task=cls.task,
                dimension=Finding.Dimension.PROGRESS,
                text="高标准农田建设进度滞后于序时",
                severity=Finding.Severity.MAJOR,
            ),
            actor=cls.inspector,
        )
        cls.item = actions.rectification_from_finding(
            cls.finding,
            actor=cls.inspector,
            code="YS-2026-001",
            requirement="12月底前完成年度建设任务",
            due_date=datetime.date(2026, 12, 31),
        )

    @classmethod
    def rectification(cls, **fields) -> Rectification:
        data = {
            "owner_unit": cls.city,
            "source": Rectification.Source.AUDIT,
            "description": "专项资金拨付不及时",
            "lead_unit": cls.zjj,
            "due_date": datetime.date(2026, 12, 31),
            **fields,
        }
        return actions.create_rectification(Rectification(**data), actor=cls.coordinator)
