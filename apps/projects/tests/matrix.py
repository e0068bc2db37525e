"""The data the 重点项目 permission matrices run against: the city and county projects of
ProjectTestCase and three reports of the city project (a draft, one sent, one approved by the unit)."""

import time_machine

from apps.projects.models import ProjectReport
from luoshi.test import MatrixTestCase

from .base import PROJECT, TODAY, ProjectTestCase

Status = ProjectReport.Status

PERMITS = {
    f"permit_{key}": "todo" for key in ("approval", "land", "planning", "eia", "energy", "construction")
}
FORM = {
    **{k: v for k, v in PROJECT.items() if k not in ("planned_start", "planned_end")},
    "code": "SJ-2026-099",
    "planned_start": "2026-03-15",
    "planned_end": "2028-06-30",
    **PERMITS,
}


class ProjectMatrixTestCase(MatrixTestCase, ProjectTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.draft = cls.report(cls.project, 1, "500", status=Status.DRAFT)
            cls.submitted = cls.report(cls.project, 2, "500")
            cls.approved = cls.report(cls.project, 3, "500", status=Status.APPROVED)
        cls.ids = {
            "project": cls.project.pk,
            "county_project": cls.county_project.pk,
            "draft": cls.draft.pk,
            "submitted": cls.submitted.pk,
            "approved": cls.approved.pk,
        }
