"""Every role × every 年督考 page: the expected answer. Columns as luoshi.test.ROLES.

The published scheme assesses the city's departments (alice/approver's 市发改委, bob's 市住建局, charlie's
市统计局…) and 陇西县; the county users oversee 陇西县 only and do not see the city's schemes."""

import datetime
import json
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import luoshi.test as luoshi_test
from apps.assessment import actions
from apps.assessment.defaults import default_config
from apps.assessment.jobs import compute
from apps.assessment.models import ScoreRun
from luoshi.test import LOGIN, Multipart

# fmt: off
PAGES = [
    # method  url                                          anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/assessment/",                               LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/assessment/new/",                           LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("POST", "/assessment/new/",                           LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   302),
    ("GET",  "/assessment/{scheme}/",                      LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/assessment/{draft}/",                       LOGIN, 404,  404, 404,    404,     200,  200,   200, 200,  404,   404),
    ("GET",  "/assessment/{draft}/edit/",                  LOGIN, 404,  404, 404,    404,     200,  403,   403, 403,  404,   404),
    ("POST", "/assessment/{draft}/edit/",                  LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  404,   404),
    ("POST", "/assessment/{draft}/publish/",               LOGIN, 404,  404, 404,    404,     302,  403,   403, 403,  404,   404),
    ("GET",  "/assessment/{draft}/rules/",                 LOGIN, 404,  404, 404,    404,     200,  403,   403, 403,  404,   404),
    ("GET",  "/assessment/{scheme}/rules/",                LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  404,   404),
    ("GET",  "/assessment/{scheme}/revise/",               LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/assessment/{scheme}/revise/",               LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/assessment/{scheme}/run/",                  LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/assessment/{scheme}/ratings/",              LOGIN, 403,  403, 403,    403,     403,  200,   403, 403,  404,   404),
    ("POST", "/assessment/{scheme}/ratings/",              LOGIN, 403,  403, 403,    403,     403,  302,   403, 403,  404,   404),
    ("GET",  "/assessment/recognitions/",                  LOGIN, 403,  403, 403,    403,     200,  200,   200, 200,  200,   200),
    # the county coordinator may not name 市发改委 (400)
    ("POST", "/assessment/recognitions/",                  LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   400),
    ("GET",  "/assessment/runs/{run}/",                    LOGIN, 302,  302, 302,    302,     200,  200,   200, 200,  404,   404),
    ("POST", "/assessment/runs/{final}/publish/",          LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/assessment/runs/{run}/units/{fgw}/",        LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/assessment/runs/{run}/units/{fgw}/score.xlsx", LOGIN, 200, 404, 404,   200,     200,  200,   200, 200,  404,   404),
    ("POST", "/assessment/runs/{run}/units/{fgw}/adjust/", LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/assessment/runs/{run}/units/{fgw}/outcome/", LOGIN, 403, 404, 404,    403,     302,  403,   403, 403,  404,   404),
]
# fmt: on


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class PageMatrixTestCase(luoshi_test.MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        config = default_config(cls.city)
        cls.scheme = actions.create_scheme(
            owner_unit=cls.city, title="2026年度考核", year=2026, config=config, actor=cls.coordinator
        )
        actions.publish(cls.scheme, actor=cls.coordinator)
        cls.draft = actions.create_scheme(
            owner_unit=cls.city, title="2027年度考核", year=2027, config=config, actor=cls.coordinator
        )
        cls.score_run = compute(
            ScoreRun.objects.create(
                scheme=cls.scheme, as_of=datetime.date(2026, 11, 30), requested_by=cls.coordinator
            )
        )
        cls.final = compute(
            ScoreRun.objects.create(
                scheme=cls.scheme, as_of=datetime.date(2026, 12, 31), final=True, requested_by=cls.coordinator
            )
        )
        cls.ids = {
            "scheme": cls.scheme.pk,
            "draft": cls.draft.pk,
            "run": cls.score_run.pk,
            "final": cls.final.pk,
            "fgw": cls.fgw.pk,
        }

    def body(self, method, template):
        if method != "POST":
            return None
        scheme = {
            "title": "2027年度考核",
            "year": 2027,
            "running": "quarter",
            "config": json.dumps(self.scheme.config),
        }
        return {
            "/assessment/new/": scheme,
            "/assessment/{draft}/edit/": scheme,
            "/assessment/{scheme}/revise/": {"config": json.dumps(self.scheme.config), "reason": "调整权重"},
            "/assessment/{scheme}/run/": {"as_of": "2026-12-20"},
            "/assessment/{scheme}/ratings/": {f"r-{self.fgw.pk}-D4": "9"},
            "/assessment/recognitions/": {
                "unit": self.fgw.pk,
                "kind": "praise",
                "title": "项目推进有力",
                "document": "督查通报〔2026〕5号",
                "day": "2026-09-01",
            },
            "/assessment/runs/{run}/units/{fgw}/adjust/": Multipart(
                points="1",
                reason="专题会议认定",
                files=lambda: [SimpleUploadedFile("纪要.pdf", b"%PDF-1.7\n%%EOF\n")],
            ),
            "/assessment/runs/{run}/units/{fgw}/outcome/": {"kind": "talk", "note": "约谈主要负责人"},
        }.get(template, {})

    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, self.body)
