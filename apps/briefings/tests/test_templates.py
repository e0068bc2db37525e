"""An office's own Word template (docxtpl): the sample built from the built-in layout fills in, uploads are
checked (type, syntax, unknown variables, a trial rendering) with a clear Chinese error, and generation
uses the nearest unit's template for the kind."""

import io
import tempfile

import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx import Document
from docx.oxml.ns import qn

from apps.briefings import actions, templating
from apps.briefings.models import BriefingTemplate

from .base import NOW, TODAY, BriefingTestCase


def word(*paragraphs) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(content, name="模板.docx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def texts(content) -> list[str]:
    doc = Document(io.BytesIO(content))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class TemplateTestCase(BriefingTestCase):
    def briefing(self):
        return actions.generate(self.plan, 2026, 11, actor=self.coordinator, today=TODAY)

    def test_it_fills_the_sample_template_as_the_built_in_layout_reads(self):
        sample = templating.sample()
        self.assertIn("title", templating.check(sample, name="示例.docx"))
        briefing = self.briefing()
        built_in = actions.render_docx(briefing, date=TODAY)
        BriefingTemplate.objects.create(
            owner_unit=self.city, kind="monthly", name="示例.docx", uploaded_by=self.coordinator,
            file=SimpleUploadedFile("x.docx", sample),
        )  # fmt: skip
        filled = actions.render_docx(briefing, date=TODAY)
        self.assertNotEqual(filled, built_in)
        # every text of the built-in document is there, in the same order, and no placeholder is left
        self.assertEqual([t for t in texts(filled) if t], [t for t in texts(built_in) if t])
        self.assertFalse([t for t in texts(filled) if "{" in t])
        doc = Document(io.BytesIO(filled))
        grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
        self.assertEqual((round(doc.sections[0].top_margin.mm), grid.get(qn("w:linePitch"))), (37, "579"))

    def test_it_uses_the_nearest_units_template_for_the_kind(self):
        actions.upload_template(
            self.city, "monthly", upload(word("市模板：{{ title }}")), actor=self.coordinator
        )
        actions.upload_template(
            self.city, "quarterly", upload(word("季度：{{ title }}")), actor=self.coordinator
        )
        content = actions.render_docx(self.briefing(), date=TODAY)
        self.assertEqual(texts(content), [f"市模板：关于2026年11月{self.plan.title}进展情况的通报"])

    def test_it_replaces_a_units_template_for_the_kind_on_a_new_upload(self):
        actions.upload_template(self.city, "monthly", upload(word("一：{{ title }}")), actor=self.coordinator)
        actions.upload_template(
            self.city, "monthly", upload(word("二：{{ number }}")), actor=self.coordinator
        )
        template = BriefingTemplate.objects.get()
        self.assertEqual(template.variables, ["number"])
        self.assertEqual(
            texts(actions.render_docx(self.briefing(), date=TODAY)), ["二：（草稿，发布时编号）"]
        )

    def test_it_refuses_a_bad_template_with_a_clear_chinese_error_on_the_upload_page(self):
        cases = [
            (word("{{ title }"), "模板.docx", "模板语法错误"),
            (word("{% for x in body %}"), "模板.docx", "模板语法错误"),
            (word("{{ title }}{{ leader_name }}"), "模板.docx", "模板中有未知变量：leader_name"),
            (
                word("{%p for b in body %}", "{{ b.colour }}", "{%p endfor %}"),
                "模板.docx",
                "不存在的变量或属性",
            ),
            (b"%PDF-1.7 not a template", "模板.pdf", "请上传 Word 文档（.docx）"),
            (b"PK\x03\x04broken", "模板.docx", "请上传 Word 文档（.docx）"),
        ]
        self.login(self.coordinator)
        for content, name, message in cases:
            with self.subTest(message=message, name=name):
                response = self.client.post(
                    "/briefings/templates/", {"kind": "monthly", "file": upload(content, name)}
                )
                self.assertContains(response, message, status_code=400)
        self.assertFalse(BriefingTemplate.objects.exists())

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_it_refuses_an_oversized_template_before_reading_it(self):
        self.login(self.coordinator)
        junk = upload(b"PK\x03\x04" + b"0" * 100_000)  # over the limit and the form's overhead
        response = self.client.post("/briefings/templates/", {"kind": "monthly", "file": junk})
        self.assertEqual(response.status_code, 413)
        with self.assertRaisesMessage(ValidationError, "模板文件超过"):  # within the overhead: the action
            actions.upload_template(self.city, "monthly", upload(templating.sample()), actor=self.coordinator)
        self.assertFalse(BriefingTemplate.objects.exists())

    def test_it_uploads_lists_downloads_and_deletes_a_template(self):
        self.login(self.coordinator)
        response = self.client.post(
            "/briefings/templates/", {"kind": "halfyear", "file": upload(templating.sample(), "双过半.docx")},
            follow=True,
        )  # fmt: skip
        self.assertContains(response, "模板已上传")
        self.assertContains(response, "双过半.docx")
        template = BriefingTemplate.objects.get()
        self.assertEqual((template.owner_unit, template.kind), (self.city, "halfyear"))
        download = self.client.get(f"/briefings/templates/{template.pk}/download/")
        self.assertEqual(download.content, templating.sample())
        self.client.post(f"/briefings/templates/{template.pk}/delete/")
        self.assertFalse(BriefingTemplate.objects.exists())

    def test_it_offers_the_sample_template_and_the_variables(self):
        self.login(self.coordinator)
        page = self.client.get("/briefings/templates/")
        for name in templating.VARIABLES:
            self.assertContains(page, f"<code>{name}</code>")
        sample = self.client.get("/briefings/templates/sample.docx")
        self.assertEqual(sample["Content-Disposition"].split("''")[0], "attachment; filename*=UTF-8")
        self.assertIn("{{ title }}", [p.text for p in Document(io.BytesIO(sample.content)).paragraphs])

    def test_it_says_why_when_a_kept_template_cannot_be_filled_in(self):
        BriefingTemplate.objects.create(
            owner_unit=self.city, kind="monthly", name="坏模板.docx", uploaded_by=self.coordinator,
            file=SimpleUploadedFile("x.docx", word("{{ tables[9].name }}")),
        )  # fmt: skip
        briefing = self.briefing()
        self.login(self.coordinator)
        response = self.client.post(f"/briefings/{briefing.pk}/publish/", follow=True)
        self.assertContains(response, "通报模板“坏模板.docx”无法套用")
        briefing.refresh_from_db()
        self.assertEqual(briefing.status, "draft")
