"""Every role × every inspections page: the expected answer. Columns as luoshi.test.ROLES."""

import datetime

from apps.supervision import actions_inspections as actions
from apps.supervision.models import Inspection
from luoshi.test import LOGIN

from .matrix import SupervisionMatrixTestCase

# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/inspections/",                          LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/inspections/new/",                      LOGIN, 403,  403, 403,    403,     200,  403,   200, 403,  403,   200),
    ("POST", "/inspections/new/",                      LOGIN, 403,  403, 403,    403,     302,  403,   302, 403,  403,   400),
    ("GET",  "/inspections/{inspection}/",             LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/inspections/{inspection}/findings/new/", LOGIN, 403, 403, 404,    403,     302,  403,   302, 403,  404,   404),
    ("GET",  "/inspections/{inspection}/conclude/",    LOGIN, 403,  403, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/inspections/{inspection}/conclude/",    LOGIN, 403,  403, 404,    403,     302,  403,   302, 403,  404,   404),
    ("GET",  "/findings/{finding}/rectify/",           LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("POST", "/findings/{new_finding}/rectify/",       LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("GET",  "/conclusions/{conclusion}/",             LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/conclusions/{conclusion}/object/",      LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/conclusions/{objected}/review/",        LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
]
# fmt: on


class PageMatrixTestCase(SupervisionMatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.new_finding = actions.record_finding(
            cls.finding.__class__(
                inspection=cls.inspection,
                unit=cls.fgw,
                dimension="conduct",
                text="台账资料不全",
            ),
            actor=cls.inspector,
        )
        done = actions.create_inspection(
            Inspection(
                kind=Inspection.Kind.ROUTINE,
                title="三季度日常督查",
                owner_unit=cls.city,
                starts_on=datetime.date(2026, 9, 1),
                ends_on=datetime.date(2026, 9, 30),
            ),
            units=[cls.fgw],
            team=[cls.inspector],
            actor=cls.coordinator,
        )
        cls.conclusion = actions.conclude(done, {cls.fgw: "总体推进有力"}, actor=cls.inspector)[0]
        other = actions.create_inspection(
            Inspection(
                kind=Inspection.Kind.ROUTINE,
                title="四季度日常督查",
                owner_unit=cls.city,
                starts_on=datetime.date(2026, 10, 1),
                ends_on=datetime.date(2026, 10, 30),
            ),
            units=[cls.fgw],
            team=[cls.inspector],
            actor=cls.coordinator,
        )
        cls.objected = actions.conclude(other, {cls.fgw: "进度滞后"}, actor=cls.inspector)[0]
        actions.object_to(cls.objected, text="进度已赶上", actor=cls.alice)
        cls.ids = {
            **cls.ids,
            "new_finding": cls.new_finding.pk,
            "conclusion": cls.conclusion.pk,
            "objected": cls.objected.pk,
        }

    def body(self, method, template):
        if method != "POST":
            return None
        if template == "/inspections/new/":
            return {
                "kind": "special",
                "title": "安全生产专项督查",
                "units": [self.fgw.pk],
                "team": [self.inspector.pk],
                "methods": ["visit"],
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-10",
            }
        if template.endswith("/findings/new/"):
            return {"unit": self.fgw.pk, "dimension": "tasks", "severity": "1", "text": "资料不全"}
        if template.endswith("/conclude/"):
            return {f"unit_{self.fgw.pk}": "推进有力"}
        if template.endswith("/rectify/"):
            return {"code": "DC-1", "requirement": "补齐资料", "due_date": "2026-12-31"}
        if template.endswith("/object/"):
            return {"objection": "事实有误"}
        return {"review": "维持原结论"}

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)
