"""Fixtures of the 重点项目 tests: a 市级 project of 市发改委 (alice's unit) due to start in March 2026,
one of 陇西县发改局 (the county users' jurisdiction), and helpers that report a month through the actions."""

import datetime
from decimal import Decimal

import time_machine

from apps.projects import actions
from apps.projects.models import Project, ProjectReport
from luoshi.test import BaseTestCase

TODAY = datetime.datetime(2026, 4, 10, 10, 0, tzinfo=datetime.UTC)
PROJECT = {
    "name": "定西市中医院综合楼建设项目",
    "year": 2026,
    "level": Project.Level.CITY,
    "kind": Project.Kind.NEW,
    "industry": Project.Industry.LIVELIHOOD,
    "content": "新建综合楼3.2万平方米，床位500张",
    "location": "安定区",
    "owner": "定西市中医院",
    "leader": "张副市长",
    "total_investment": Decimal("48000"),
    "annual_plan": Decimal("12000"),
    "planned_start": datetime.date(2026, 3, 15),
    "planned_end": datetime.date(2028, 6, 30),
}


class ProjectTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.project = cls.make_project(code="SJ-2026-001")
            cls.county_project = cls.make_project(
                code="LX-2026-001", name="陇西县中药材物流园", unit=cls.county_fgj, level=Project.Level.COUNTY
            )

    @classmethod
    def make_project(cls, unit=None, **fields):
        return actions.create_project(
            Project(unit=unit or cls.fgw, **{**PROJECT, **fields}), actor=cls.coordinator
        )

    @classmethod
    def report(
        cls, project, month, investment, *, status=ProjectReport.Status.SUBMITTED, writer=None, **fields
    ):
        """A month of `project` brought to `status` the way the pages would."""
        writer = writer or cls.alice
        report = actions.save_report(
            ProjectReport(project=project, month=month),
            {"month_investment": Decimal(investment), "cumulative": None, **fields},
            actor=writer,
        )
        if status == ProjectReport.Status.DRAFT:
            return report
        actions.submit_report(report, actor=writer)
        if status in (ProjectReport.Status.APPROVED, ProjectReport.Status.ACCEPTED):
            actions.review_report(report, step="approve", decision="pass", actor=cls.approver)
        if status == ProjectReport.Status.ACCEPTED:
            actions.review_report(report, step="accept", decision="pass", actor=cls.coordinator)
        return report
