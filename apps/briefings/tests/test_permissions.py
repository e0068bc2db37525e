"""Every role × every 督查通报 page: the expected answer. Columns as luoshi.test.ROLES.

The city plan has tasks of 市发改委 (alice, approver) and 市住建局 (bob); charlie's 市统计局 has none, and the
county users oversee 陇西县 only: the plan is not theirs to see (404). Only the city's coordinator manages
its 通报; a draft is seen by them alone, and a generation job by the user who started it."""

import tempfile
from unittest import mock

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.briefings import actions, templating
from apps.briefings.models import BriefingJob, BriefingTemplate
from luoshi.test import LOGIN

from .base import NOW, TODAY, BriefingTestCase

EDIT = {
    "title": "关于11月进展情况的通报",
    "office": "市政府督查室",
    "problems_extra": "",
    "requirements": "一是……",
}

# fmt: off
PAGES = [
    # method  url                                     anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/briefings/",                           LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/plans/{plan}/briefings/",              LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/plans/{plan}/briefings/generate/",     LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/briefings/generate/",                  LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   302),
    ("GET",  "/briefings/jobs/{job}/",                LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("GET",  "/briefings/{published}/",               LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/briefings/{published}/download/",      LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/briefings/{published}/pdf/",           LOGIN, 302,  302, 404,    302,     302,  302,   302, 302,  404,   404),
    ("GET",  "/briefings/{draft}/",                   LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("GET",  "/briefings/{draft}/download/",          LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("GET",  "/briefings/{draft}/pdf/",               LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("GET",  "/briefings/{draft}/edit/",              LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{draft}/edit/",              LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{draft}/publish/",           LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/briefings/{published}/publish/",       LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # the Word templates: a coordinator keeps their own 市/县区's (the city's template is not the county's)
    ("GET",  "/briefings/templates/",                 LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("POST", "/briefings/templates/",                 LOGIN, 403,  403, 403,    403,     400,  403,   403, 403,  403,   400),
    ("GET",  "/briefings/templates/sample.docx",      LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("GET",  "/briefings/templates/{template}/download/", LOGIN, 404, 404, 404, 404,     200,  404,   404, 404,  404,   404),
    ("POST", "/briefings/templates/{template}/delete/",   LOGIN, 404, 404, 404, 404,     302,  404,   404, 404,  404,   404),
]
# fmt: on
BODIES = {
    "/plans/{plan}/briefings/generate/": {"period": "2026-11"},
    "/briefings/generate/": {"period": "2026-11"},  # all plans of the user's jurisdiction
    "/briefings/{draft}/edit/": EDIT,
}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class PageMatrixTestCase(BriefingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(NOW, tick=False):
            published = actions.generate(cls.plan, 2026, 10, actor=cls.coordinator, today=TODAY)
            cls.published = actions.publish(published, actor=cls.coordinator, today=TODAY)
            cls.draft = actions.generate(cls.plan, 2026, 11, actor=cls.coordinator, today=TODAY)
        job = BriefingJob.objects.create(user=cls.coordinator, plan=cls.plan, year=2026, month=11, steps=4)
        template = BriefingTemplate.objects.create(
            owner_unit=cls.city, kind="monthly", name="模板.docx", uploaded_by=cls.coordinator,
            file=SimpleUploadedFile("t.docx", templating.sample()),
        )  # fmt: skip
        cls.ids = {
            "plan": cls.plan.pk,
            "published": cls.published.pk,
            "draft": cls.draft.pk,
            "job": job.pk,
            "template": template.pk,
        }

    def test_it_answers_every_page_for_every_role_as_specified(self):
        # without LibreOffice the PDF link answers with a redirect to the 通报 page
        with time_machine.travel(NOW, tick=False), mock.patch("shutil.which", return_value=None):
            self.run_table(PAGES, self.page, lambda method, template: BODIES.get(template))
